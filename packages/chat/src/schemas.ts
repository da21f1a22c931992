import { z } from '@ap/http';

const instant = z.iso.datetime({ offset: true });
export const clientMsgId = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, '1–64 letters, digits, . _ : -')
  .openapi({ description: 'Chosen by the client, unique per message: a retry with the same id is stored once', example: 'm-1733480000-1' });

export const sendInput = z
  .strictObject({ consultationId: z.uuid(), clientMsgId, body: z.string().trim().min(1).max(2_000) })
  .openapi('ChatSend');

export const consultationParams = z.strictObject({ consultationId: z.uuid() });
export const attachmentParams = z.strictObject({ consultationId: z.uuid(), file: z.string().regex(/^[a-f0-9]{32}\.(jpg|png|webp|pdf)$/) });
export const attachmentQuery = z.strictObject({ clientMsgId, name: z.string().trim().min(1).max(200).optional() });
export const historyQuery = z.strictObject({
  after: z.string().max(200).optional().openapi({ description: 'The cursor of the last page (or of the last message) you have' }),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export const readInput = z.strictObject({ upToSeq: z.int().min(0) }).openapi('ChatRead');

export const messageOutput = z
  .object({
    id: z.uuid(),
    seq: z.number().openapi({ description: 'Order within the whole chat service; increases with every stored message' }),
    consultationId: z.uuid(),
    senderId: z.uuid(),
    senderRole: z.enum(['customer', 'astrologer']),
    clientMsgId: z.string(),
    kind: z.enum(['text', 'image', 'file']),
    body: z.string().nullable(),
    attachment: z.object({ url: z.string(), contentType: z.string(), bytes: z.int(), name: z.string().nullable() }).nullable(),
    masked: z.boolean().openapi({ description: 'Phone numbers or emails were hidden from this text' }),
    readAt: instant.nullable(),
    createdAt: instant,
  })
  .openapi('ChatMessage');

export const sendOutput = z.object({ message: messageOutput, duplicate: z.boolean().openapi({ description: 'A retry: the message was already stored' }) }).openapi('ChatSendResult');
export const historyOutput = z.object({ items: z.array(messageOutput), cursor: z.string(), hasMore: z.boolean() }).openapi('ChatHistory');
export const readOutput = z.object({ consultationId: z.uuid(), upToSeq: z.int(), readAt: instant, changed: z.int() }).openapi('ChatReadResult');
