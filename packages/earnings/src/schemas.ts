import { z } from '@ap/http';

export const PAYOUT_STATUSES = ['requested', 'paid', 'rejected'] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

const paise = z.int();

const amounts = z.object({
  grossPaise: paise.openapi({ description: 'Captured from customers for consultations' }),
  commissionPaise: paise.openapi({ description: "The platform's commission on those captures" }),
  netPaise: paise.openapi({ description: 'gross − commission: what the astrologer earned' }),
});

const periodTotals = amounts
  .extend({ byMode: z.object({ chat: amounts, call: amounts, video: amounts }) })
  .openapi('EarningsPeriod');

export const earningsOutput = z
  .object({
    timeZone: z.literal('Asia/Kolkata').openapi({ description: 'Periods and series dates are calendar dates in this zone' }),
    today: z.iso.date().openapi({ description: "Today's date in Asia/Kolkata" }),
    periods: z.object({
      today: periodTotals,
      thisWeek: periodTotals.openapi({ description: 'From Monday 00:00 (ISO week) to now' }),
      thisMonth: periodTotals.openapi({ description: 'From the 1st, 00:00, to now' }),
      allTime: periodTotals,
    }),
    balance: z.object({
      balancePaise: paise.openapi({ description: 'Owed to the astrologer: available + pending payouts' }),
      pendingPayoutsPaise: paise.openapi({ description: 'Reserved by payout requests not yet paid or rejected' }),
      availablePaise: paise.openapi({ description: 'The earnings account balance: what a new payout may request' }),
    }),
    series: z
      .array(amounts.extend({ date: z.iso.date() }))
      .openapi({ description: 'The last 30 Asia/Kolkata dates, oldest first, today last, zero-filled' }),
    payoutRules: z.object({
      minPaise: paise.openapi({ description: 'Smallest payout that may be requested' }),
      tdsBps: z.int().openapi({ description: 'TDS withheld from each payout, in basis points (1000 = 10%)' }),
    }),
  })
  .openapi('AstrologerEarnings');

export const payoutInput = (minPaise: number) =>
  z
    .strictObject({
      amountPaise: z.int().min(minPaise).max(Number.MAX_SAFE_INTEGER).openapi({
        description: `Gross amount to withdraw from available earnings, in paise (at least ₹${minPaise / 100}); TDS is withheld from it`,
      }),
    })
    .openapi('PayoutRequestInput');

export const payoutOutput = z
  .object({
    id: z.uuid(),
    status: z.enum(PAYOUT_STATUSES),
    grossPaise: paise.openapi({ description: 'Reserved from earnings when requested' }),
    tdsPaise: paise.openapi({ description: 'Withheld as TDS: gross × tdsBps / 10 000, rounded half up to the paisa' }),
    netPaise: paise.openapi({ description: 'Sent to the bank: gross − TDS' }),
    tdsBps: z.int(),
    reference: z.string().nullable().openapi({ description: "The bank transfer's reference (UTR), once paid" }),
    rejectReason: z.string().nullable(),
    requestedAt: z.iso.datetime(),
    decidedAt: z.iso.datetime().nullable(),
  })
  .openapi('Payout');

export const adminPayoutOutput = payoutOutput.extend({ astrologerId: z.uuid(), astrologerName: z.string() }).openapi('AdminPayout');

export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);

const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
};
export const payoutsQuery = z.strictObject(pageQuery);
export const adminPayoutsQuery = z.strictObject({ status: z.enum(PAYOUT_STATUSES).default('requested'), ...pageQuery });
export const payoutParams = z.strictObject({ id: z.uuid() });
export const markPaidInput = z
  .strictObject({ reference: z.string().trim().min(1).max(200).openapi({ description: "The bank transfer's reference (UTR)" }) })
  .openapi('PayoutPaidInput');
export const rejectInput = z.strictObject({ reason: z.string().trim().min(1).max(500) }).openapi('PayoutRejectInput');

export type EarningsSummary = z.infer<typeof earningsOutput>;
export type Payout = z.infer<typeof payoutOutput>;
export type AdminPayout = z.infer<typeof adminPayoutOutput>;
export type PayoutsQuery = z.input<typeof payoutsQuery>;
export type AdminPayoutsQuery = z.input<typeof adminPayoutsQuery>;
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Payout settings, validated once at boot by the service's env.ts (merge `earningsEnv` into its schema). */
export const earningsEnv = {
  PAYOUT_MIN_PAISE: z.coerce.number().int().min(1).default(50_000),
  PAYOUT_TDS_BPS: z.coerce.number().int().min(0).max(10_000).default(1000),
};
