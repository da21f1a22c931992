import { encodeCursor, invalid } from '@ap/core';
import { asCaller, asService, decodeTimeCursor, type JwtClaims, type Pool, type Tx } from '@ap/db';
import { hashRequest, transfer, withIdempotency } from '@ap/ledger';
import { payoutAlreadyDecided, payoutExceedsAvailable, payoutNotFound } from './errors.js';
import * as repo from './repo.js';
import { EARNINGS_TIME_ZONE, canRequestPayout, dailySeries, kolkataDate, splitPayout, summarizePeriods } from './rules.js';
import {
  adminPayoutsQuery, payoutsQuery, type AdminPayout, type AdminPayoutsQuery, type EarningsSummary, type Page, type Payout,
  type PayoutsQuery,
} from './schemas.js';

/*
 * Money flow of a payout, all ledger transfers of kind 'payout' referencing the payout (DESIGN §4):
 *   request:  astrologer_earnings → payouts_pending   gross   (reserved at once: cannot be requested twice)
 *   paid:     payouts_pending → gateway_clearing      net     (the bank transfer)
 *             payouts_pending → tax_payable           TDS
 *   rejected: payouts_pending → astrologer_earnings   gross   (back to available)
 * So the earnings account balance *is* what is available to withdraw, and what is pending is read back from
 * the payout legs. Each operation locks every account it posts to up front, in id order (the ledger's rule),
 * before it reads a balance or a payout's status; the payout row is locked after its accounts. The DB backs
 * this with CHECKs (earnings ≥ 0, gross = net + TDS), a status guard trigger and a once-per-leg unique index.
 */

export interface EarningsConfig {
  /** The smallest payout an astrologer may request (PAYOUT_MIN_PAISE, default ₹500). */
  payoutMinPaise: number;
  /** TDS withheld from each payout in basis points (PAYOUT_TDS_BPS, default 1000 = 10 %). */
  tdsBps: number;
}

export interface EarningsDeps {
  pool: Pool;
  config: EarningsConfig;
  /** Injected so tests can freeze "today". */
  clock?: () => Date;
}

interface Caller {
  id: string;
  claims: JwtClaims;
}

const toApi = (p: repo.PayoutRow): Payout => ({
  id: p.id, status: p.status, grossPaise: p.grossPaise, tdsPaise: p.tdsPaise, netPaise: p.netPaise, tdsBps: p.tdsBps,
  reference: p.reference, rejectReason: p.rejectReason, requestedAt: p.requestedAt.toISOString(), decidedAt: p.decidedAt?.toISOString() ?? null,
});
const toAdminApi = (p: repo.PayoutRow): AdminPayout => ({ ...toApi(p), astrologerId: p.astrologerId, astrologerName: p.astrologerName });

function pageOf<T>(rows: repo.PayoutRow[], limit: number, map: (r: repo.PayoutRow) => T): Page<T> {
  const page = rows.slice(0, limit);
  const last = rows.length > limit ? page.at(-1)! : null;
  return { items: page.map(map), nextCursor: last ? encodeCursor([last.cursorAt, last.id]) : null };
}

export function createEarningsService({ pool, config, clock = () => new Date() }: EarningsDeps) {
  const payoutMoney = (gross: number) => splitPayout(gross, config.tdsBps);

  async function summary(caller: { id: string }): Promise<EarningsSummary> {
    const today = kolkataDate(clock());
    return asService(pool, async (tx) => {
      const account = await repo.findEarningsAccount(tx, caller.id);
      const { payouts_pending: pendingId } = await repo.findPlatformAccountIds(tx);
      const rows = account ? await repo.findDailyEarnings(tx, account.id) : [];
      const available = account?.balancePaise ?? 0;
      const pending = account ? await repo.findPendingPayoutPaise(tx, account.id, pendingId) : 0;
      return {
        timeZone: EARNINGS_TIME_ZONE, today,
        periods: summarizePeriods(rows, today),
        balance: { balancePaise: available + pending, pendingPayoutsPaise: pending, availablePaise: available },
        series: dailySeries(rows, today),
        payoutRules: { minPaise: config.payoutMinPaise, tdsBps: config.tdsBps },
      };
    });
  }

  async function reserve(tx: Tx, astrologerId: string, amountPaise: number): Promise<string> {
    const account = await repo.findEarningsAccount(tx, astrologerId);
    if (!account) throw payoutExceedsAvailable(0);
    const { payouts_pending: pendingId } = await repo.findPlatformAccountIds(tx);
    const balances = await repo.lockAccounts(tx, [account.id, pendingId]);
    const available = balances.get(account.id)!;
    if (!canRequestPayout(amountPaise, available, config.payoutMinPaise)) throw payoutExceedsAvailable(available);
    const split = payoutMoney(amountPaise);
    const payoutId = await repo.insertPayout(tx, { astrologerId, ...split, tdsBps: config.tdsBps });
    await transfer(tx, {
      debit: account.id, credit: pendingId, amountPaise, kind: 'payout', reference: { type: 'payout', id: payoutId }, memo: 'payout requested',
    });
    return payoutId;
  }

  /**
   * Decides a requested payout once. Deciding it again the same way (paid with the same reference, or rejected)
   * returns it unchanged; any other decision on a decided payout is a 409.
   */
  async function decide(
    payoutId: string,
    decision: { to: 'paid'; reference: string } | { to: 'rejected'; reason: string },
    post: (tx: Tx, p: repo.PayoutRow, ids: { earningsId: string; accounts: Record<repo.PayoutAccountKind, string> }) => Promise<void>,
  ): Promise<AdminPayout> {
    const sameDecision = (p: repo.PayoutRow) =>
      p.status === decision.to && (decision.to === 'rejected' || p.reference === decision.reference);
    return asService(pool, async (tx) => {
      const found = await repo.findPayout(tx, payoutId);
      if (!found) throw payoutNotFound();
      if (found.status === 'requested') {
        const earnings = (await repo.findEarningsAccount(tx, found.astrologerId))!;
        const accounts = await repo.findPlatformAccountIds(tx);
        await repo.lockAccounts(tx, [earnings.id, ...Object.values(accounts)]);
        const locked = (await repo.findPayout(tx, payoutId, { lock: true }))!;
        if (locked.status === 'requested') await post(tx, locked, { earningsId: earnings.id, accounts });
      }
      const current = (await repo.findPayout(tx, payoutId))!;
      if (!sameDecision(current)) throw payoutAlreadyDecided(current.status);
      return toAdminApi(current);
    });
  }

  return {
    config,

    /** Earnings by Asia/Kolkata calendar period and mode, the 30-day series, and the payout balances: all from the ledger. */
    summary,

    /**
     * Requests a payout of `amountPaise` (gross) and reserves it at once. Once per Idempotency-Key: a replay
     * returns the first payout (or the first refusal); the key with another amount is a 422.
     */
    async requestPayout(caller: { id: string }, input: { amountPaise: number }, key: string): Promise<Payout> {
      const { amountPaise } = input;
      if (!Number.isSafeInteger(amountPaise) || amountPaise < config.payoutMinPaise) {
        throw invalid('payout_below_minimum', `a payout is at least ${config.payoutMinPaise} paise`);
      }
      const scope = { identityId: caller.id, key, requestHash: hashRequest({ op: 'payout', amountPaise }) };
      // The stored value is the payout as first created, so a replay answers exactly as the first request did.
      return withIdempotency(pool, scope, async (tx) => toApi((await repo.findPayout(tx, await reserve(tx, caller.id, amountPaise)))!));
    },

    /** The caller's own payouts, newest first (read as the caller, so RLS is a second wall). */
    listPayouts(caller: Caller, query: PayoutsQuery = {}): Promise<Page<Payout>> {
      const { limit, cursor } = payoutsQuery.parse(query);
      const before = cursor ? decodeTimeCursor(cursor) : null;
      return asCaller(pool, caller.claims, async (tx) => pageOf(await repo.listOwnPayouts(tx, caller.id, limit + 1, before), limit, toApi));
    },

    /** Payouts in one status, oldest first: the admin's queue. */
    listForAdmin(query: AdminPayoutsQuery = {}): Promise<Page<AdminPayout>> {
      const { status, limit, cursor } = adminPayoutsQuery.parse(query);
      const after = cursor ? decodeTimeCursor(cursor) : null;
      return asService(pool, async (tx) => pageOf(await repo.listByStatus(tx, status, limit + 1, after), limit, toAdminApi));
    },

    /** The bank transfer was made: net to gateway clearing, TDS to tax payable, exactly once. */
    markPaid(admin: { id: string }, payoutId: string, reference: string): Promise<AdminPayout> {
      return decide(payoutId, { to: 'paid', reference }, async (tx, p, { accounts }) => {
        const ref = { type: 'payout' as const, id: p.id };
        if (p.netPaise > 0) {
          await transfer(tx, { debit: accounts.payouts_pending, credit: accounts.gateway_clearing, amountPaise: p.netPaise, kind: 'payout', reference: ref, memo: 'payout paid' });
        }
        if (p.tdsPaise > 0) {
          await transfer(tx, { debit: accounts.payouts_pending, credit: accounts.tax_payable, amountPaise: p.tdsPaise, kind: 'payout', reference: ref, memo: 'TDS withheld' });
        }
        await repo.markPaid(tx, p.id, reference, admin.id);
      });
    },

    /** Refuses the payout: its gross goes back to the astrologer's available earnings, exactly once. */
    reject(admin: { id: string }, payoutId: string, reason: string): Promise<AdminPayout> {
      return decide(payoutId, { to: 'rejected', reason }, async (tx, p, { earningsId, accounts }) => {
        await transfer(tx, {
          debit: accounts.payouts_pending, credit: earningsId, amountPaise: p.grossPaise, kind: 'payout',
          reference: { type: 'payout', id: p.id }, memo: `payout rejected: ${reason}`.slice(0, 500),
        });
        await repo.markRejected(tx, p.id, reason, admin.id);
      });
    },
  };
}

export type EarningsService = ReturnType<typeof createEarningsService>;
