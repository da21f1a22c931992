import { z } from '@ap/http';

export const ACCOUNT_KINDS = ['user_wallet', 'astrologer_earnings', 'platform_revenue', 'tax_payable', 'gateway_clearing', 'promotional'] as const;
export const OWNED_ACCOUNT_KINDS = ['user_wallet', 'astrologer_earnings'] as const;
export const TRANSFER_KINDS = ['recharge', 'gst', 'capture', 'commission', 'refund', 'gst_refund', 'payout', 'promo', 'adjustment'] as const;
export const REFERENCE_TYPES = ['payment', 'consultation', 'payout', 'adjustment'] as const;

export type AccountKind = (typeof ACCOUNT_KINDS)[number];
export type OwnedAccountKind = (typeof OWNED_ACCOUNT_KINDS)[number];
export type PlatformAccountKind = Exclude<AccountKind, OwnedAccountKind>;
export type TransferKind = (typeof TRANSFER_KINDS)[number];
export type ReferenceType = (typeof REFERENCE_TYPES)[number];

// ---------------------------------------------------------------------------------------------------------
// Inputs of the operations. Callers are server code, but a bad amount must be a 400, never a wrong posting.

const positivePaise = z.int().positive();
const bps = z.int().min(0).max(10_000);
export const reference = z.strictObject({ type: z.enum(REFERENCE_TYPES), id: z.uuid() });

export const transferInput = z.strictObject({
  debit: z.uuid(),
  credit: z.uuid(),
  amountPaise: positivePaise,
  kind: z.enum(TRANSFER_KINDS),
  reference: reference.nullable(),
  holdId: z.uuid().optional(),
  memo: z.string().max(500).optional(),
});

export const placeHoldInput = z.strictObject({
  walletOwnerId: z.uuid(),
  amountPaise: positivePaise,
  reference: z.strictObject({ type: z.literal('consultation'), id: z.uuid() }),
});

export const captureHoldInput = z.strictObject({
  holdId: z.uuid(),
  capturePaise: z.int().min(0),
  earningsOwnerId: z.uuid(),
  commissionBps: bps,
});

export const holdIdInput = z.uuid();

export const creditRechargeInput = z.strictObject({
  walletOwnerId: z.uuid(),
  amountPaise: positivePaise,
  gstPaise: z.int().min(0),
  paymentId: z.uuid(),
});

export const refundRechargeInput = z.strictObject({
  paymentId: z.uuid(),
  memo: z.string().max(500).optional(),
});

export type TransferInput = z.input<typeof transferInput>;
export type PlaceHoldInput = z.input<typeof placeHoldInput>;
export type CaptureHoldInput = z.input<typeof captureHoldInput>;
export type CreditRechargeInput = z.input<typeof creditRechargeInput>;
export type RefundRechargeInput = z.input<typeof refundRechargeInput>;
export type Reference = z.output<typeof reference>;

// ---------------------------------------------------------------------------------------------------------
// HTTP shapes (registered for OpenAPI when routes are wired).

export const balanceOutput = z
  .object({
    balancePaise: z.int(),
    heldPaise: z.int().openapi({ description: 'Reserved for sessions and bookings in progress' }),
    availablePaise: z.int().openapi({ description: 'balance − held: what new sessions and bookings can use' }),
    currency: z.literal('INR'),
  })
  .openapi('WalletBalance');

export const transactionsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(100).optional(),
});

export const ledgerEntryOutput = z
  .object({
    id: z.uuid(),
    type: z.enum(TRANSFER_KINDS),
    amountPaise: z.int().openapi({ description: 'Signed: positive credits this account, negative debits it' }),
    balanceAfterPaise: z.int(),
    reference: reference.nullable(),
    memo: z.string().nullable(),
    gst: z
      .object({ gstPaise: z.int(), totalPaise: z.int().openapi({ description: 'What the customer paid (or got back): amount + GST' }) })
      .nullable()
      .openapi({ description: 'GST charged on top of a recharge (or returned with its refund); null for other entries' }),
    createdAt: z.iso.datetime(),
  })
  .openapi('LedgerEntry');

export const transactionsPage = z.object({ items: z.array(ledgerEntryOutput), nextCursor: z.string().nullable() }).openapi('LedgerEntries');

export type Balance = z.infer<typeof balanceOutput>;
export type TransactionsQuery = z.input<typeof transactionsQuery>;
export type LedgerEntry = z.infer<typeof ledgerEntryOutput>;
export type TransactionsPage = z.infer<typeof transactionsPage>;
