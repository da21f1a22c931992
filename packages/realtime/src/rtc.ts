import { createHash, createHmac } from 'node:crypto';
import { conflict, csv, notFound } from '@ap/core';
import { route, z, type AnyRoute } from '@ap/http';
import * as agoraModule from 'agora-token';

// agora-token is CommonJS whose exports Node's ESM loader cannot list: take them from the module object itself.
const agora = (agoraModule as typeof agoraModule & { default?: typeof agoraModule }).default ?? agoraModule;
const { RtcRole, RtcTokenBuilder } = agora;
import type { ChatService } from '@ap/chat';

/** Environment of calls and video; merged into the communication service's env schema. */
export const rtcEnv = {
  RTC_PROVIDER: z.enum(['webrtc', 'agora']).default('webrtc'),
  AGORA_APP_ID: z.string().regex(/^[0-9a-f]{32}$/i).optional(),
  AGORA_APP_CERTIFICATE: z.string().regex(/^[0-9a-f]{32}$/i).optional(),
  AGORA_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3_600),
  /** Comma-separated stun: URLs for built-in WebRTC (none by default: two peers on one network need none). */
  STUN_URLS: csv.default([]),
  /** Comma-separated turn:/turns: URLs (coturn or any TURN server). */
  TURN_URLS: csv.default([]),
  /** coturn's use-auth-secret: short-lived credentials per user (preferred over a fixed username/credential). */
  TURN_SECRET: z.string().min(16).optional(),
  TURN_USERNAME: z.string().optional(),
  TURN_CREDENTIAL: z.string().optional(),
};
export type RtcEnv = z.output<z.ZodObject<typeof rtcEnv>>;

export interface IceServer { urls: string[]; username?: string; credential?: string }

export type MediaGrant =
  | { provider: 'agora'; agora: { appId: string; channel: string; uid: number; token: string; expiresAt: string } }
  | { provider: 'webrtc'; webrtc: { iceServers: IceServer[]; polite: boolean } };

/** Agora's numeric uid for one of our identities: a stable 31-bit number (never 0, which Agora reserves). */
export const agoraUid = (identityId: string) => (createHash('sha256').update(identityId).digest().readUInt32BE(0) % 0x7fff_ffff) + 1;
/** The Agora channel of a consultation: letters and digits only, 34 characters. */
export const agoraChannel = (consultationId: string) => `c_${consultationId.replace(/-/g, '')}`;

/**
 * What a party needs to join a consultation's media: an Agora RTC token (official `agora-token` builder) for the
 * consultation's channel and the caller's uid, or the ICE servers for built-in WebRTC, whose offers, answers and
 * candidates travel over the consultation's Socket.IO room (`rtc:signal`).
 */
export function mediaGrant(env: RtcEnv, identityId: string, consultationId: string, role: 'customer' | 'astrologer', now: Date): MediaGrant {
  if (env.RTC_PROVIDER === 'agora') {
    if (!env.AGORA_APP_ID || !env.AGORA_APP_CERTIFICATE) throw new Error('RTC_PROVIDER=agora needs AGORA_APP_ID and AGORA_APP_CERTIFICATE');
    const channel = agoraChannel(consultationId);
    const uid = agoraUid(identityId);
    const token = RtcTokenBuilder.buildTokenWithUid(env.AGORA_APP_ID, env.AGORA_APP_CERTIFICATE, channel, uid, RtcRole.PUBLISHER, env.AGORA_TOKEN_TTL_SECONDS, env.AGORA_TOKEN_TTL_SECONDS);
    return { provider: 'agora', agora: { appId: env.AGORA_APP_ID, channel, uid, token, expiresAt: new Date(now.getTime() + env.AGORA_TOKEN_TTL_SECONDS * 1000).toISOString() } };
  }
  const iceServers: IceServer[] = [];
  const stun = env.STUN_URLS;
  if (stun.length) iceServers.push({ urls: stun });
  const turn = env.TURN_URLS;
  if (turn.length) {
    if (env.TURN_SECRET) {
      // coturn REST API credentials: username "<expiry>:<id>", credential base64(HMAC-SHA1(secret, username)).
      const username = `${Math.floor(now.getTime() / 1000) + 86_400}:${identityId}`;
      iceServers.push({ urls: turn, username, credential: createHmac('sha1', env.TURN_SECRET).update(username).digest('base64') });
    } else {
      iceServers.push({ urls: turn, ...(env.TURN_USERNAME ? { username: env.TURN_USERNAME } : {}), ...(env.TURN_CREDENTIAL ? { credential: env.TURN_CREDENTIAL } : {}) });
    }
  }
  // Perfect negotiation: the astrologer's side yields when both make an offer at once.
  return { provider: 'webrtc', webrtc: { iceServers, polite: role === 'astrologer' } };
}

const mediaInput = z.strictObject({ consultationId: z.uuid() }).openapi('MediaStart');
const grantOutput = z.object({
  consultationId: z.uuid(),
  mode: z.enum(['call', 'video']),
  provider: z.enum(['webrtc', 'agora']),
  agora: z.object({ appId: z.string(), channel: z.string(), uid: z.int(), token: z.string(), expiresAt: z.iso.datetime() }).optional(),
  webrtc: z.object({
    iceServers: z.array(z.object({ urls: z.array(z.string()), username: z.string().optional(), credential: z.string().optional() })),
    polite: z.boolean().openapi({ description: 'Perfect negotiation: the polite peer rolls back its own offer on a collision' }),
  }).optional(),
}).openapi('MediaGrant');

/** POST /api/communication/call/initiate and /video/start. */
export function rtcRoutes(env: RtcEnv, chat: ChatService, now: () => Date = () => new Date()): AnyRoute[] {
  const start = (mode: 'call' | 'video') => async ({ caller, body }: { caller: { id: string }; body: { consultationId: string } }) => {
    const party = await chat.partyOf(caller.id, body.consultationId);
    if (!party) throw notFound('consultation_not_found', 'no such consultation');
    if (party.mode !== mode) throw conflict('wrong_mode', `this consultation is a ${party.mode}, not a ${mode}`);
    if (!party.inProgress) throw conflict('session_not_active', 'media can only start while the session is in progress');
    return { consultationId: body.consultationId, mode, ...mediaGrant(env, caller.id, body.consultationId, party.role, now()) };
  };
  const description = 'With RTC_PROVIDER=agora: an Agora RTC token for the consultation\'s channel and your uid. By default (webrtc): the ICE servers; ' +
    'signalling (offer/answer/candidates) goes over the Socket.IO event `rtc:signal` in the consultation\'s room. Report your media state with ' +
    'POST /sessions/{id}/media: the meter runs only while both are connected.';
  return [
    route({
      method: 'post', path: '/call/initiate', tags: ['calls'], access: 'any', errors: [404, 409], summary: 'Join the voice call of a session in progress',
      description, body: mediaInput, response: grantOutput, handler: start('call'),
    }),
    route({
      method: 'post', path: '/video/start', tags: ['calls'], access: 'any', errors: [404, 409], summary: 'Join the video call of a session in progress',
      description, body: mediaInput, response: grantOutput, handler: start('video'),
    }),
  ];
}
