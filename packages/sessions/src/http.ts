import { idempotencyKeyFrom, route, type AnyRoute } from '@ap/http';
import { astrologerParams, historyQuery, idParams, mediaInput, requestInput, sessionList, sessionOutput, sessionPage, waitlistOutput } from './schemas.js';
import type { SessionService } from './service.js';

/** Communication service: /api/communication/sessions/* (instant per-minute chat, call and video). */
export function sessionRoutes(sessions: SessionService): AnyRoute[] {
  const tags = ['sessions'];
  const c = sessions.config;
  return [
    route({
      method: 'post', path: '/sessions', tags, access: 'user', status: 201, errors: [402, 404, 409, 422],
      summary: 'Ask an online astrologer for a chat, call or video now',
      description: `Needs ${c.minMinutes} minutes of available balance at the astrologer's per-minute rate (402 insufficient_balance with shortfallPaise). ` +
        `The astrologer has ${c.acceptSeconds} s to accept; then the request expires. 409 astrologer_busy (join the waitlist), astrologer_offline, ` +
        'mode_not_offered, session_already_open. An optional Idempotency-Key makes a retry return the first answer.',
      body: requestInput, response: sessionOutput,
      rateLimit: { name: 'session_request_ip', points: 120, durationSeconds: 3600 },
      handler: ({ caller, body, req }) => {
        const header = req.headers['idempotency-key'];
        return sessions.request(caller, body, header === undefined ? undefined : idempotencyKeyFrom(header));
      },
    }),
    route({
      method: 'get', path: '/sessions', tags, access: 'any',
      summary: 'My instant sessions, newest first, with what each cost', query: historyQuery, response: sessionPage,
      handler: ({ caller, query }) => sessions.history(caller, query),
    }),
    route({
      method: 'get', path: '/sessions/open', tags, access: 'any',
      summary: "My requested and active sessions (an astrologer's incoming requests, a customer's live session)",
      response: sessionList, handler: async ({ caller }) => ({ items: await sessions.open(caller) }),
    }),
    route({
      method: 'post', path: '/sessions/waitlist', tags, access: 'user', errors: [404, 409],
      summary: 'Tell me when this busy astrologer is free', body: requestInput, response: waitlistOutput,
      handler: ({ caller, body }) => sessions.joinWaitlist(caller, body),
    }),
    route({
      method: 'delete', path: '/sessions/waitlist/:astrologerId', tags, access: 'user',
      summary: 'Leave an astrologer\'s waitlist', params: astrologerParams, response: null,
      handler: ({ caller, params }) => sessions.leaveWaitlist(caller, params.astrologerId),
    }),
    route({
      method: 'get', path: '/sessions/:id', tags, access: 'any', errors: [404],
      summary: 'One of my sessions, with its meter and (once ended) what it cost', params: idParams, response: sessionOutput,
      handler: ({ caller, params }) => sessions.get(caller, params.id),
    }),
    route({
      method: 'post', path: '/sessions/:id/accept', tags, access: 'astrologer', errors: [404, 409],
      summary: 'Accept a request: the customer\'s affordable minutes are held and the session starts',
      description: 'The meter starts later: at your first chat reply, or when both are connected on a call. 409 request_expired, astrologer_busy.',
      params: idParams, response: sessionOutput, handler: ({ caller, params }) => sessions.accept(caller, params.id),
    }),
    route({
      method: 'post', path: '/sessions/:id/decline', tags, access: 'astrologer', errors: [404, 409],
      summary: 'Decline a request', params: idParams, response: sessionOutput,
      handler: ({ caller, params }) => sessions.decline(caller, params.id),
    }),
    route({
      method: 'post', path: '/sessions/:id/end', tags, access: 'any', errors: [404],
      summary: 'End a session (either party), or withdraw my pending request',
      description: 'Whole started minutes are captured and the rest released, exactly once: ending an ended session returns its summary unchanged.',
      params: idParams, response: sessionOutput, handler: ({ caller, params }) => sessions.end(caller, params.id),
    }),
    route({
      method: 'post', path: '/sessions/:id/extend', tags, access: 'user', errors: [404, 409, 422],
      summary: 'After a recharge: hold more minutes so the session goes on without a break',
      description: 'Requires an Idempotency-Key.',
      params: idParams, response: sessionOutput,
      handler: ({ caller, params, req }) => sessions.extend(caller, params.id, idempotencyKeyFrom(req.headers['idempotency-key'])),
    }),
    route({
      method: 'post', path: '/sessions/:id/media', tags, access: 'any', errors: [404, 409],
      summary: 'Report my call/video media connected or dropped; the meter runs only while both are connected',
      params: idParams, body: mediaInput, response: sessionOutput,
      handler: ({ caller, params, body }) => sessions.media(caller, params.id, body.connected),
    }),
  ];
}
