import { invalid } from '@ap/core';
import { idempotencyKeyFrom, route, type AnyRoute } from '@ap/http';
import {
  adminPayoutOutput, adminPayoutsQuery, earningsOutput, markPaidInput, pageOf, payoutInput, payoutOutput, payoutParams, payoutsQuery,
  rejectInput,
} from './schemas.js';
import type { EarningsService } from './service.js';


/** Astrologer earnings and payouts (astrologer service): /api/astrologer/earnings, /payouts, /admin/payouts. */
export function earningsRoutes(earnings: EarningsService): AnyRoute[] {
  const tags = ['earnings'];
  const adminTags = ['admin'];
  const { config } = earnings;
  return [
    route({
      method: 'get', path: '/earnings', tags, access: 'astrologer',
      summary: 'My earnings today, this week, this month and all time (Asia/Kolkata dates), per mode; payout balances; 30-day series',
      description: 'Computed from the ledger: gross = captures credited to my earnings account, commission = commissions debited from it, '
        + 'net = gross − commission. Weeks start on Monday. availablePaise is what a payout may request; pendingPayoutsPaise is reserved by requested payouts.',
      response: earningsOutput,
      handler: ({ caller }) => earnings.summary(caller),
    }),
    route({
      method: 'post', path: '/payouts', tags, access: 'astrologer', status: 201, errors: [409, 422],
      summary: 'Withdraw earnings: reserves the gross amount now; TDS is withheld and the net is paid to the bank by an admin',
      description: `Requires an \`Idempotency-Key\` header: a retry with the same key returns the same payout; the same key with another amount is refused with 422. `
        + `At least ${config.payoutMinPaise} paise and at most the available earnings (409 payout_exceeds_available). `
        + `TDS = gross × ${config.tdsBps} / 10 000 bps, rounded half up to the paisa.`,
      body: payoutInput(config.payoutMinPaise), response: payoutOutput,
      handler: ({ caller, body, req }) => earnings.requestPayout(caller, body, idempotencyKeyFrom(req.headers['idempotency-key'])),
    }),
    route({
      method: 'get', path: '/payouts', tags, access: 'astrologer', summary: 'My payouts, newest first (cursor pagination)',
      query: payoutsQuery, response: pageOf(payoutOutput, 'PayoutPage'),
      handler: ({ caller, query }) => earnings.listPayouts(caller, query),
    }),
    route({
      method: 'get', path: '/admin/payouts', tags: adminTags, access: 'admin', summary: 'Payouts by status (default: requested), oldest first',
      query: adminPayoutsQuery, response: pageOf(adminPayoutOutput, 'AdminPayoutPage'),
      handler: ({ query }) => earnings.listForAdmin(query),
    }),
    route({
      method: 'post', path: '/admin/payouts/:id/paid', tags: adminTags, access: 'admin', errors: [404, 409],
      summary: 'Record the bank transfer of a requested payout: net to gateway clearing, TDS to tax payable, exactly once',
      description: 'Repeating it with the same reference returns the payout unchanged; a different reference, or a rejected payout, is a 409.',
      params: payoutParams, body: markPaidInput, response: adminPayoutOutput,
      handler: ({ caller, params, body }) => earnings.markPaid(caller, params.id, body.reference),
    }),
    route({
      method: 'post', path: '/admin/payouts/:id/reject', tags: adminTags, access: 'admin', errors: [404, 409],
      summary: 'Reject a requested payout: the reserved gross goes back to available earnings, exactly once',
      description: 'Repeating it returns the payout unchanged; rejecting a paid payout is a 409.',
      params: payoutParams, body: rejectInput, response: adminPayoutOutput,
      handler: ({ caller, params, body }) => earnings.reject(caller, params.id, body.reason),
    }),
  ];
}
