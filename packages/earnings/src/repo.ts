import { fromMicros, toMicros, type Queryable, type TimeKey } from '@ap/db';
import type { DailyEarnings } from './rules.js';
import type { PayoutStatus } from './schemas.js';

// ---------------------------------------------------------------------------------------------------------
// Ledger reads (the ledger's own tables; earnings are never counted anywhere else)

export interface EarningsAccount {
  id: string;
  balancePaise: number;
}

export async function findEarningsAccount(db: Queryable, astrologerId: string): Promise<EarningsAccount | null> {
  const { rows } = await db.query<EarningsAccount>(
    `SELECT id, balance_paise AS "balancePaise" FROM ledger_accounts WHERE kind = 'astrologer_earnings' AND owner_id = $1`, [astrologerId]);
  return rows[0] ?? null;
}

export type PayoutAccountKind = 'payouts_pending' | 'gateway_clearing' | 'tax_payable';

export async function findPlatformAccountIds(db: Queryable): Promise<Record<PayoutAccountKind, string>> {
  const { rows } = await db.query<{ kind: PayoutAccountKind; id: string }>(
    `SELECT kind, id FROM ledger_accounts WHERE owner_id IS NULL AND kind IN ('payouts_pending', 'gateway_clearing', 'tax_payable')`);
  const ids = Object.fromEntries(rows.map((r) => [r.kind, r.id])) as Partial<Record<PayoutAccountKind, string>>;
  for (const kind of ['payouts_pending', 'gateway_clearing', 'tax_payable'] as const) {
    if (!ids[kind]) throw new Error(`platform account ${kind} is missing (migrations not applied?)`);
  }
  return ids as Record<PayoutAccountKind, string>;
}

/**
 * Locks the accounts a payout operation posts to, in id order, in one statement, before it reads a balance or
 * posts: the ledger's rule (packages/ledger/src/service.ts), so payouts never deadlock with captures or with
 * each other. Returns the locked balances.
 */
export async function lockAccounts(db: Queryable, ids: string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ id: string; balancePaise: number }>(
    `SELECT id, balance_paise AS "balancePaise" FROM ledger_accounts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [[...new Set(ids)]]);
  return new Map(rows.map((r) => [r.id, r.balancePaise]));
}

/**
 * Captures credited to and commissions debited from the account, summed per Asia/Kolkata date and consultation
 * mode (null when a transfer names no consultation).
 */
export async function findDailyEarnings(db: Queryable, accountId: string): Promise<DailyEarnings[]> {
  const { rows } = await db.query<DailyEarnings>(
    `SELECT (t.created_at AT TIME ZONE 'Asia/Kolkata')::date AS date, c.mode,
            coalesce(sum(t.amount_paise) FILTER (WHERE t.kind = 'capture'), 0)::bigint AS "grossPaise",
            coalesce(sum(t.amount_paise) FILTER (WHERE t.kind = 'commission'), 0)::bigint AS "commissionPaise"
       FROM ledger_transfers t
       LEFT JOIN consultations c ON t.reference_type = 'consultation' AND c.id = t.reference_id
      WHERE (t.kind = 'capture' AND t.credit_account_id = $1) OR (t.kind = 'commission' AND t.debit_account_id = $1)
      GROUP BY 1, 2
      ORDER BY 1, 2`,
    [accountId]);
  return rows;
}

/**
 * What the account's payouts still have reserved: the payout legs out of this account into the clearing account,
 * minus every leg that has since left the clearing account for those payouts (paid out or returned).
 */
export async function findPendingPayoutPaise(db: Queryable, accountId: string, pendingAccountId: string): Promise<number> {
  const { rows } = await db.query<{ pending: number }>(
    `WITH reserved AS (
       SELECT reference_id, amount_paise FROM ledger_transfers
        WHERE reference_type = 'payout' AND debit_account_id = $1 AND credit_account_id = $2
     )
     SELECT ((SELECT coalesce(sum(amount_paise), 0) FROM reserved)
           - (SELECT coalesce(sum(t.amount_paise), 0) FROM ledger_transfers t
               WHERE t.reference_type = 'payout' AND t.debit_account_id = $2 AND t.reference_id IN (SELECT reference_id FROM reserved)))::bigint AS pending`,
    [accountId, pendingAccountId]);
  return rows[0]!.pending;
}

// ---------------------------------------------------------------------------------------------------------
// Payouts

export interface PayoutRow {
  id: string;
  astrologerId: string;
  astrologerName: string;
  status: PayoutStatus;
  grossPaise: number;
  tdsPaise: number;
  netPaise: number;
  tdsBps: number;
  reference: string | null;
  rejectReason: string | null;
  requestedAt: Date;
  decidedAt: Date | null;
  cursorAt: number;
}

const PAYOUT_COLUMNS = `p.id, p.astrologer_id AS "astrologerId", a.display_name AS "astrologerName", p.status, p.gross_paise AS "grossPaise",
  p.tds_paise AS "tdsPaise", p.net_paise AS "netPaise", p.tds_bps AS "tdsBps", p.reference, p.reject_reason AS "rejectReason",
  p.requested_at AS "requestedAt", p.decided_at AS "decidedAt", ${toMicros('p.requested_at')} AS "cursorAt"`;

export async function insertPayout(
  db: Queryable, p: { astrologerId: string; grossPaise: number; tdsPaise: number; netPaise: number; tdsBps: number },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO astrologer_payouts (astrologer_id, gross_paise, tds_paise, net_paise, tds_bps) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [p.astrologerId, p.grossPaise, p.tdsPaise, p.netPaise, p.tdsBps]);
  return rows[0]!.id;
}

export async function findPayout(db: Queryable, id: string, { lock = false } = {}): Promise<PayoutRow | null> {
  const { rows } = await db.query<PayoutRow>(
    `SELECT ${PAYOUT_COLUMNS} FROM astrologer_payouts p JOIN astrologers a ON a.id = p.astrologer_id WHERE p.id = $1${lock ? ' FOR UPDATE OF p' : ''}`, [id]);
  return rows[0] ?? null;
}

export async function markPaid(db: Queryable, id: string, reference: string, adminId: string): Promise<void> {
  await db.query(
    `UPDATE astrologer_payouts SET status = 'paid', reference = $2, decided_by = $3, decided_at = now() WHERE id = $1 AND status = 'requested'`,
    [id, reference, adminId]);
}

export async function markRejected(db: Queryable, id: string, reason: string, adminId: string): Promise<void> {
  await db.query(
    `UPDATE astrologer_payouts SET status = 'rejected', reject_reason = $2, decided_by = $3, decided_at = now() WHERE id = $1 AND status = 'requested'`,
    [id, reason, adminId]);
}

/** An astrologer's payouts, newest first, after the keyset (requested_at, id). */
export async function listOwnPayouts(db: Queryable, astrologerId: string, limit: number, before: TimeKey | null): Promise<PayoutRow[]> {
  const { rows } = await db.query<PayoutRow>(
    `SELECT ${PAYOUT_COLUMNS} FROM astrologer_payouts p JOIN astrologers a ON a.id = p.astrologer_id
      WHERE p.astrologer_id = $1 AND ($3::bigint IS NULL OR (p.requested_at, p.id) < (${fromMicros('$3')}, $4::uuid))
      ORDER BY p.requested_at DESC, p.id DESC
      LIMIT $2`,
    [astrologerId, limit, before?.[0] ?? null, before?.[1] ?? null]);
  return rows;
}

/** Payouts in a status, oldest first (the admin's work queue), after the keyset (requested_at, id). */
export async function listByStatus(db: Queryable, status: PayoutStatus, limit: number, after: TimeKey | null): Promise<PayoutRow[]> {
  const { rows } = await db.query<PayoutRow>(
    `SELECT ${PAYOUT_COLUMNS} FROM astrologer_payouts p JOIN astrologers a ON a.id = p.astrologer_id
      WHERE p.status = $1 AND ($3::bigint IS NULL OR (p.requested_at, p.id) > (${fromMicros('$3')}, $4::uuid))
      ORDER BY p.requested_at, p.id
      LIMIT $2`,
    [status, limit, after?.[0] ?? null, after?.[1] ?? null]);
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// Reconciliation

export interface PayoutMismatch {
  id: string | null;
  detail: string;
}

/**
 * Payouts whose ledger legs disagree with their row, and a clearing account that disagrees with the requested
 * payouts. A requested payout has exactly its reserve leg; a paid one also its net and TDS legs out of clearing;
 * a rejected one its gross back to earnings.
 */
export async function findPayoutMismatches(db: Queryable, limit: number): Promise<PayoutMismatch[]> {
  const { rows } = await db.query<PayoutMismatch>(
    `WITH pending AS (SELECT id FROM ledger_accounts WHERE kind = 'payouts_pending' AND owner_id IS NULL),
     legs AS (
       SELECT p.id, p.status, p.gross_paise, p.tds_paise, p.net_paise,
              coalesce(sum(t.amount_paise) FILTER (WHERE t.credit_account_id = pending.id AND t.debit_account_id = e.id), 0) AS reserved,
              coalesce(sum(t.amount_paise) FILTER (WHERE t.debit_account_id = pending.id AND t.credit_account_id = e.id), 0) AS returned,
              coalesce(sum(t.amount_paise) FILTER (WHERE t.debit_account_id = pending.id AND t.credit_account_id <> e.id AND t.credit_account_id <> (SELECT id FROM ledger_accounts WHERE kind = 'tax_payable' AND owner_id IS NULL)), 0) AS paid_net,
              coalesce(sum(t.amount_paise) FILTER (WHERE t.debit_account_id = pending.id AND t.credit_account_id = (SELECT id FROM ledger_accounts WHERE kind = 'tax_payable' AND owner_id IS NULL)), 0) AS paid_tds,
              count(t.id) FILTER (WHERE t.kind <> 'payout') AS foreign_legs
         FROM astrologer_payouts p
         CROSS JOIN pending
         JOIN ledger_accounts e ON e.kind = 'astrologer_earnings' AND e.owner_id = p.astrologer_id
         LEFT JOIN ledger_transfers t ON t.reference_type = 'payout' AND t.reference_id = p.id
        GROUP BY p.id, p.status, p.gross_paise, p.tds_paise, p.net_paise
     )
     SELECT id, format('%s payout of gross %s (net %s, TDS %s): reserved %s, returned %s, paid %s + TDS %s',
                       status, gross_paise, net_paise, tds_paise, reserved, returned, paid_net, paid_tds) AS detail
       FROM legs
      WHERE reserved <> gross_paise OR foreign_legs > 0
         OR (status = 'requested' AND (returned, paid_net, paid_tds) <> (0, 0, 0))
         OR (status = 'paid' AND (returned, paid_net, paid_tds) <> (0, net_paise, tds_paise))
         OR (status = 'rejected' AND (returned, paid_net, paid_tds) <> (gross_paise, 0, 0))
     UNION ALL
     SELECT NULL, format('payouts_pending holds %s but requested payouts total %s', a.balance_paise, coalesce(r.total, 0))
       FROM ledger_accounts a
       LEFT JOIN (SELECT sum(gross_paise) AS total FROM astrologer_payouts WHERE status = 'requested') r ON true
      WHERE a.kind = 'payouts_pending' AND a.owner_id IS NULL AND a.balance_paise <> coalesce(r.total, 0)
     LIMIT $1`,
    [limit]);
  return rows;
}
