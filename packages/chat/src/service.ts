import { randomBytes } from 'node:crypto';
import { decodeCursor, encodeCursor, invalid } from '@ap/core';
import { asService, type Pool, type Tx } from '@ap/db';
import type { Caller } from '@ap/http';
import type { ObjectStorage } from '@ap/media';
import {
  attachmentNotFound, attachmentTooLarge, consultationNotFound, duplicateWithOtherContent, emptyAttachment, sessionNotActive, unsupportedAttachment,
} from './errors.js';
import { maskContactDetails } from './mask.js';
import * as repo from './repo.js';
import { createMessageWriter } from './writer.js';

export type PartyRole = 'customer' | 'astrologer';

export interface ChatMessage {
  id: string;
  seq: number;
  consultationId: string;
  senderId: string;
  senderRole: PartyRole;
  clientMsgId: string;
  kind: 'text' | 'image' | 'file';
  body: string | null;
  attachment: { url: string; contentType: string; bytes: number; name: string | null } | null;
  /** Contact details were hidden from this text before it was stored. */
  masked: boolean;
  readAt: string | null;
  createdAt: string;
}

export interface ChatEvents {
  /** `exceptSocketId`: the socket that sent it already has it in its acknowledgement. */
  message(m: ChatMessage, exceptSocketId?: string): void;
  read(r: { consultationId: string; readerId: string; upToSeq: number; readAt: string }): void;
}

export interface ChatDeps {
  pool: Pool;
  storage: ObjectStorage;
  now?: () => Date;
  /** Called in the storing transaction for a party's message (the live session starts its meter on the first reply). */
  onAstrologerMessage?: (tx: Tx, consultationId: string, senderId: string, at: Date) => Promise<void>;
  /** Live delivery, after commit. */
  events?: Partial<ChatEvents>;
}

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
// Sessions in progress: an instant session once accepted, a scheduled one once started.
const IN_PROGRESS = new Set(['active', 'in_progress']);

const SIGNATURES: { type: string; ext: string; kind: 'image' | 'file'; test: (b: Buffer) => boolean }[] = [
  { type: 'image/jpeg', ext: 'jpg', kind: 'image', test: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/png', ext: 'png', kind: 'image', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/webp', ext: 'webp', kind: 'image', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  { type: 'application/pdf', ext: 'pdf', kind: 'file', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
];

/** What a file is, by its first bytes (never by its name or declared type). */
export function sniffAttachment(bytes: Buffer) {
  return SIGNATURES.find((s) => s.test(bytes)) ?? null;
}

const attachmentPath = (consultationId: string, file: string) => `/api/communication/chat/${consultationId}/attachments/${file}`;
const storageKey = (consultationId: string, file: string) => `chat/${consultationId}/${file}`;

function toMessage(r: repo.MessageRow, c: Pick<repo.ConsultationParties, 'userId'>): ChatMessage {
  return {
    id: r.id, seq: r.seq, consultationId: r.consultationId, senderId: r.senderId,
    senderRole: r.senderId === c.userId ? 'customer' : 'astrologer', clientMsgId: r.clientMsgId, kind: r.kind, body: r.body,
    attachment: r.attachmentUrl ? { url: r.attachmentUrl, contentType: r.attachmentType ?? 'application/octet-stream', bytes: r.attachmentBytes ?? 0, name: r.attachmentName } : null,
    masked: r.masked, readAt: r.readAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString(),
  };
}

/**
 * Chat (DESIGN §5): a message is stored before it is acknowledged, exactly once per clientMsgId however often the
 * client retries, and only while the session is in progress; history stays readable by both parties. Every
 * check is made here, under the consultation's lock, so the REST route and the socket event behave the same.
 */
export function createChatService({ pool, storage, now = () => new Date(), onAstrologerMessage, events = {} }: ChatDeps) {
  const writer = createMessageWriter(pool);

  async function party(tx: Tx, consultationId: string, identityId: string, lock: 'share' | 'update' | null) {
    const c = await repo.findConsultation(tx, consultationId, lock);
    // Someone else's consultation looks exactly like a missing one.
    if (!c || (c.userId !== identityId && c.astrologerId !== identityId)) throw consultationNotFound();
    return { c, role: (c.userId === identityId ? 'customer' : 'astrologer') as PartyRole };
  }

  async function store(caller: Caller, consultationId: string, clientMsgId: string, content: Omit<repo.NewMessage, 'consultationId' | 'senderId' | 'clientMsgId' | 'at' | 'masked'> & { masked?: boolean }, exceptSocketId?: string) {
    const isAstrologer = caller.roles.includes('astrologer');
    const result = await asService(pool, async (tx) => {
      const at = now();
      const { c, role } = await party(tx, consultationId, caller.id, isAstrologer ? 'update' : 'share');
      const { row, inserted } = await repo.insertMessage(tx, { consultationId, senderId: caller.id, clientMsgId, masked: false, ...content, at });
      if (!inserted) {
        // A retry is answered with the stored message, even after the session ended; a reused id with other text is not a retry.
        if (content.kind === 'text' && row.body !== content.body) throw duplicateWithOtherContent();
        return { message: toMessage(row, c), duplicate: true };
      }
      if (!IN_PROGRESS.has(c.status)) throw sessionNotActive(c.status);
      if (role === 'astrologer' && onAstrologerMessage) await onAstrologerMessage(tx, consultationId, caller.id, at);
      return { message: toMessage(row, c), duplicate: false };
    });
    if (!result.duplicate) events.message?.(result.message, exceptSocketId);
    return result;
  }

  return {
    /** The identity's part in a consultation, with its mode and status; null for a stranger (the socket layer's room check). */
    partyOf: (identityId: string, consultationId: string) => asService(pool, async (tx) => {
      const c = await repo.findConsultation(tx, consultationId, null);
      const role: PartyRole | null = !c ? null : c.userId === identityId ? 'customer' : c.astrologerId === identityId ? 'astrologer' : null;
      return role && c ? { role, mode: c.mode, status: c.status, inProgress: IN_PROGRESS.has(c.status) } : null;
    }),

    /** Sends a text. A customer's phone numbers and emails are hidden before it is stored. */
    async send(caller: Caller, input: { consultationId: string; clientMsgId: string; body: string }, origin: { socketId?: string } = {}) {
      const isCustomer = !caller.roles.includes('astrologer');
      const { text, masked } = isCustomer ? maskContactDetails(input.body) : { text: input.body, masked: false };
      // The common case in one group-committed statement; anything else (retries, refusals, the first reply) the careful way.
      const fast = await writer.store({ consultationId: input.consultationId, senderId: caller.id, clientMsgId: input.clientMsgId, body: text, masked, at: now() });
      if (fast) {
        const message = toMessage(fast.row, { userId: fast.customerId });
        events.message?.(message, origin.socketId);
        return { message, duplicate: false };
      }
      return store(caller, input.consultationId, input.clientMsgId, { kind: 'text', body: text, masked }, origin.socketId);
    },

    /** Sends an image (JPEG/PNG/WebP) or a PDF, recognised by its bytes, at most 5 MB, kept in the object storage. */
    async sendAttachment(caller: Caller, input: { consultationId: string; clientMsgId: string; name?: string | undefined }, bytes: Buffer | undefined) {
      if (!bytes || bytes.length === 0) throw emptyAttachment();
      if (bytes.length > MAX_ATTACHMENT_BYTES) throw attachmentTooLarge(MAX_ATTACHMENT_BYTES);
      const sniffed = sniffAttachment(bytes);
      if (!sniffed) throw unsupportedAttachment();
      // Check before the bytes are stored: only a party, only while the session runs (store() checks again under the lock).
      await asService(pool, async (tx) => {
        const { c } = await party(tx, input.consultationId, caller.id, null);
        if (!IN_PROGRESS.has(c.status)) throw sessionNotActive(c.status);
      });
      const file = `${randomBytes(16).toString('hex')}.${sniffed.ext}`;
      await storage.put(storageKey(input.consultationId, file), bytes, sniffed.type);
      return store(caller, input.consultationId, input.clientMsgId, {
        kind: sniffed.kind, body: null,
        attachment: { url: attachmentPath(input.consultationId, file), type: sniffed.type, bytes: bytes.length, name: input.name ?? null },
      });
    },

    /** An attachment's bytes, for the two parties only. */
    attachment: (caller: Caller, consultationId: string, file: string) => asService(pool, async (tx) => {
      await party(tx, consultationId, caller.id, null);
      if (!(await repo.findAttachment(tx, consultationId, attachmentPath(consultationId, file)))) throw attachmentNotFound();
      const object = await storage.get(storageKey(consultationId, file));
      if (!object) throw attachmentNotFound();
      return object;
    }),

    /** History after a cursor (oldest first): the catch-up after a reconnect. */
    history: (caller: Caller, consultationId: string, q: { after?: string | undefined; limit: number }) => asService(pool, async (tx) => {
      const { c } = await party(tx, consultationId, caller.id, null);
      const after = q.after ? decodeSeq(q.after) : 0;
      const rows = await repo.listAfter(tx, consultationId, after, q.limit + 1);
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return {
        items: page.map((r) => toMessage(r, c)),
        // Always a cursor: the client keeps the newest one it has and asks again after a reconnect.
        cursor: encodeCursor([last ? last.seq : after]),
        hasMore: rows.length > q.limit,
      };
    }),

    /** Read receipts: marks the other party's messages up to a sequence number read. */
    async markRead(caller: Caller, consultationId: string, upToSeq: number) {
      const result = await asService(pool, async (tx) => {
        await party(tx, consultationId, caller.id, null);
        const at = now();
        const changed = await repo.markRead(tx, consultationId, caller.id, upToSeq, at);
        return { consultationId, readerId: caller.id, upToSeq, readAt: at.toISOString(), changed };
      });
      if (result.changed > 0) events.read?.({ consultationId, readerId: caller.id, upToSeq, readAt: result.readAt });
      return result;
    },
  };
}

function decodeSeq(cursor: string): number {
  const [seq] = decodeCursor<[number]>(cursor, ['number']);
  if (!Number.isSafeInteger(seq) || seq < 0) throw invalid('invalid_cursor', 'cursor is not one this API returned');
  return seq;
}

export type ChatService = ReturnType<typeof createChatService>;
