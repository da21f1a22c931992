import { z } from '@ap/http';

const instant = z.iso.datetime({ offset: true });
export const MODES = ['chat', 'call', 'video'] as const;

export const requestInput = z
  .strictObject({ astrologerId: z.uuid(), mode: z.enum(MODES) })
  .openapi('SessionRequest');

export const idParams = z.strictObject({ id: z.uuid() });
export const astrologerParams = z.strictObject({ astrologerId: z.uuid() });
export const mediaInput = z.strictObject({ connected: z.boolean() }).openapi('SessionMediaState');

export const sessionOutput = z
  .object({
    id: z.uuid(),
    mode: z.enum(MODES),
    status: z.enum(['requested', 'active', 'completed', 'cancelled', 'expired', 'rejected']),
    ratePaise: z.int().openapi({ description: 'Per minute' }),
    astrologer: z.object({ id: z.uuid(), name: z.string(), photoUrl: z.string().nullable() }),
    customer: z.object({ id: z.uuid(), name: z.string() }).openapi({ description: 'The customer by name only: never a phone number or email' }),
    requestedAt: instant,
    expiresAt: instant.nullable().openapi({ description: 'A request not accepted by then expires' }),
    acceptedAt: instant.nullable(),
    endedAt: instant.nullable(),
    endReason: z.string().nullable().openapi({ example: 'customer_ended' }),
    billing: z.object({
      running: z.boolean().openapi({ description: 'The meter runs: the astrologer has replied (chat) or both are connected (call/video)' }),
      billedMs: z.number().openapi({ description: 'Billed time so far at serverTime; every started minute is charged' }),
      startedAt: instant.nullable(),
      deadlineAt: instant.nullable().openapi({ description: 'When the funded minutes run out, while the meter runs' }),
      fundedMinutes: z.int().openapi({ description: 'Minutes held from the wallet plus free minutes' }),
      freeMinutes: z.int(),
    }),
    media: z.object({ customer: z.boolean(), astrologer: z.boolean() }),
    summary: z.object({ billedMinutes: z.int(), chargedPaise: z.int(), promoPaise: z.int() }).nullable()
      .openapi({ description: 'Once ended: minutes billed, charged from the wallet, and paid by the free-session promotion' }),
    serverTime: instant.openapi({ description: 'Clients time their display from this, never from their own clock' }),
  })
  .openapi('Session');

export const sessionList = z.object({ items: z.array(sessionOutput) }).openapi('SessionList');
export const waitlistOutput = z.object({ astrologerId: z.uuid(), mode: z.enum(MODES), waiting: z.boolean() }).openapi('WaitlistEntry');
export const historyQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20), cursor: z.string().max(200).optional() });
export const sessionPage = z.object({ items: z.array(sessionOutput), nextCursor: z.string().nullable() }).openapi('SessionPage');
