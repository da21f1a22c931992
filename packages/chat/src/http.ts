import { route, type AnyRoute } from '@ap/http';
import express, { type Request, type Response } from 'express';
import { attachmentTooLarge } from './errors.js';
import { MAX_ATTACHMENT_BYTES, type ChatService } from './service.js';
import {
  attachmentParams, attachmentQuery, consultationParams, historyOutput, historyQuery, readInput, readOutput, sendInput, sendOutput,
} from './schemas.js';

// Read one byte past the limit so an oversized file is refused by our own check (400 attachment_too_large).
const rawFile = express.raw({ type: () => true, limit: MAX_ATTACHMENT_BYTES + 1 });
const readBody = (req: Request, res: Response) =>
  new Promise<Buffer | undefined>((resolve, reject) => {
    if (Buffer.isBuffer(req.body)) { resolve(req.body); return; }
    rawFile(req, res, (err?: unknown) => {
      if ((err as { type?: string } | undefined)?.type === 'entity.too.large') { reject(attachmentTooLarge(MAX_ATTACHMENT_BYTES)); return; }
      if (err) { reject(err); return; }
      resolve(Buffer.isBuffer(req.body) ? req.body : undefined);
    });
  });

/** Communication service: /api/communication/chat/*. The socket event `chat:send` does exactly what POST /chat/message does. */
export function chatRoutes(chat: ChatService): AnyRoute[] {
  const tags = ['chat'];
  return [
    route({
      method: 'post', path: '/chat/message', tags, access: 'any', errors: [404, 409],
      summary: 'Send a text message in a session in progress (stored before it is acknowledged)',
      description: 'Retrying with the same clientMsgId stores nothing new and answers the stored message (duplicate: true). ' +
        '409 session_not_active when the session is not in progress. A customer\'s phone numbers and emails are hidden before storing.',
      body: sendInput, response: sendOutput,
      handler: ({ caller, body }) => chat.send(caller, body),
    }),
    route({
      method: 'post', path: '/chat/:consultationId/attachments', tags, access: 'any', errors: [404, 409],
      summary: 'Send an image (JPEG, PNG, WebP) or a PDF: the raw bytes as the body, at most 5 MB',
      description: 'The type is recognised from the bytes, not the name or Content-Type: anything else is 400 unsupported_attachment; over 5 MB is 400 attachment_too_large.',
      params: consultationParams, query: attachmentQuery, response: sendOutput,
      handler: async ({ caller, params, query, req, res }) =>
        chat.sendAttachment(caller, { consultationId: params.consultationId, clientMsgId: query.clientMsgId, name: query.name }, await readBody(req, res)),
    }),
    route({
      method: 'get', path: '/chat/:consultationId/attachments/:file', tags, access: 'any', errors: [404],
      summary: 'An attachment\'s bytes (the two parties only)', params: attachmentParams, response: null, status: 200,
      handler: async ({ caller, params, res }) => {
        const object = await chat.attachment(caller, params.consultationId, params.file);
        res.set('Content-Type', object.contentType).set('Cache-Control', 'private, max-age=86400').set('X-Content-Type-Options', 'nosniff');
        res.send(object.bytes);
      },
    }),
    route({
      method: 'get', path: '/chat/:consultationId', tags, access: 'any', errors: [404],
      summary: 'Chat history after a cursor, oldest first (catch-up after a reconnect)',
      params: consultationParams, query: historyQuery, response: historyOutput,
      handler: ({ caller, params, query }) => chat.history(caller, params.consultationId, query),
    }),
    route({
      method: 'post', path: '/chat/:consultationId/read', tags, access: 'any', errors: [404],
      summary: 'Read receipt: the other party\'s messages up to upToSeq are read',
      params: consultationParams, body: readInput, response: readOutput,
      handler: ({ caller, params, body }) => chat.markRead(caller, params.consultationId, body.upToSeq),
    }),
  ];
}
