import { timeZoneSchema } from '@ap/core';
import { z } from '@ap/http';

export const GATEWAYS = ['razorpay', 'stripe', 'sandbox'] as const;

export const rechargeInput = (limits: { minPaise: number; maxPaise: number }) =>
  z
    .strictObject({
      amountPaise: z.number().int().min(limits.minPaise).max(limits.maxPaise)
        .openapi({ description: `Credited to the wallet, in paise (₹${limits.minPaise / 100}–₹${limits.maxPaise / 100}); GST is added on top` }),
      provider: z.enum(GATEWAYS).optional().openapi({ description: 'Defaults to the configured gateway' }),
    })
    .openapi('RechargeInput');

export const orderOutput = z
  .object({
    orderId: z.uuid(),
    provider: z.enum(GATEWAYS),
    status: z.enum(['created', 'paid', 'failed', 'refunded']),
    amountPaise: z.number().int(),
    gstPaise: z.number().int(),
    totalPaise: z.number().int(),
    clientPayload: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'What the client needs to take the payment' }),
    createdAt: z.iso.datetime(),
    paidAt: z.iso.datetime().nullable(),
  })
  .openapi('RechargeOrder');

export const orderParams = z.strictObject({ orderId: z.uuid() });
export const providerParams = z.strictObject({ provider: z.enum(GATEWAYS) });
export const confirmInput = z
  .strictObject({ payload: z.record(z.string(), z.unknown()).openapi({ description: "The gateway checkout's callback fields, as received" }) })
  .openapi('RechargeConfirmInput');
export const sandboxInput = z.strictObject({ outcome: z.enum(['paid', 'failed']) }).openapi('SandboxOutcome');

export const packsOutput = z
  .object({
    packsPaise: z.array(z.number().int()),
    minPaise: z.number().int(),
    maxPaise: z.number().int(),
    gstBps: z.number().int().openapi({ description: 'GST added on top, in basis points (1800 = 18%)' }),
    provider: z.enum(GATEWAYS),
  })
  .openapi('RechargePacks');

export const statementQuery = z
  .strictObject({
    from: z.iso.date(),
    to: z.iso.date(),
    tz: timeZoneSchema().default('Asia/Kolkata').openapi({ description: 'Whose calendar days `from` and `to` are; times in the file use it too' }),
  })
  .refine((q) => q.from <= q.to, { message: 'to must not be before from', path: ['to'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 <= 366, { message: 'at most one year per statement', path: ['to'] });

export const webhookOutput = z.object({ received: z.boolean() }).openapi('WebhookReceived');

export type RechargeOrder = z.infer<typeof orderOutput>;
