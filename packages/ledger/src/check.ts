import { withTx, type Pool, type Queryable } from '@ap/db';

/** One broken rule of DESIGN §4, with the row it concerns. */
export interface Violation {
  invariant: 1 | 2 | 3 | 4 | 5;
  code: string;
  message: string;
  subjectId?: string;
}

export interface LedgerCheck {
  violations: Violation[];
  accounts: number;
  transfers: number;
  holds: number;
}

// Statuses after which a consultation must hold nothing.
const ENDED = `('completed', 'cancelled', 'expired', 'rejected', 'declined', 'no_show')`;
// Rows reported per kind of violation: enough to act on, bounded however broken the data is.
const MAX_ROWS = 100;

type Row = { id: string | null; detail: string };
type Check = { invariant: Violation['invariant']; code: string; describe: (r: Row) => string; sql: string };

const CHECKS: Check[] = [
  // 1. Balanced: every transfer moves a positive amount between two accounts, so debits equal credits overall
  //    and the balances of all accounts sum to zero.
  {
    invariant: 1, code: 'non_positive_transfer', describe: (r) => `transfer ${r.id} has amount ${r.detail}`,
    sql: `SELECT id, amount_paise::text AS detail FROM ledger_transfers WHERE amount_paise <= 0 OR debit_account_id = credit_account_id`,
  },
  {
    invariant: 1, code: 'debits_differ_from_credits', describe: (r) => `sum of debits − sum of credits = ${r.detail}`,
    sql: `SELECT NULL::uuid AS id, (d.total - c.total)::text AS detail
            FROM (SELECT coalesce(sum(t.amount_paise), 0) AS total FROM ledger_transfers t JOIN ledger_accounts a ON a.id = t.debit_account_id) d,
                 (SELECT coalesce(sum(t.amount_paise), 0) AS total FROM ledger_transfers t JOIN ledger_accounts a ON a.id = t.credit_account_id) c
           WHERE d.total <> c.total`,
  },
  {
    invariant: 1, code: 'balances_do_not_sum_to_zero', describe: (r) => `the balances of all accounts sum to ${r.detail}, not 0`,
    sql: `SELECT NULL::uuid AS id, sum(balance_paise)::text AS detail FROM ledger_accounts HAVING coalesce(sum(balance_paise), 0) <> 0`,
  },
  // 2. No wallet's available balance below zero; only wallets hold.
  {
    invariant: 2, code: 'negative_available_balance', describe: (r) => `wallet ${r.id}: ${r.detail}`,
    sql: `SELECT id, format('balance %s − held %s < 0', balance_paise, held_paise) AS detail
            FROM ledger_accounts WHERE kind = 'user_wallet' AND balance_paise - held_paise < 0`,
  },
  {
    invariant: 2, code: 'held_outside_wallet', describe: (r) => `account ${r.id}: ${r.detail}`,
    sql: `SELECT id, format('%s account holds %s', kind, held_paise) AS detail
            FROM ledger_accounts WHERE held_paise < 0 OR (held_paise <> 0 AND kind <> 'user_wallet')`,
  },
  // 3. Each account's stored balance is the sum of its transfers; its held amount is the outstanding part of its
  //    active holds.
  {
    invariant: 3, code: 'balance_mismatch', describe: (r) => `account ${r.id}: ${r.detail}`,
    sql: `WITH legs AS (
            SELECT credit_account_id AS account_id, amount_paise AS signed FROM ledger_transfers
            UNION ALL SELECT debit_account_id, -amount_paise FROM ledger_transfers
          ), sums AS (SELECT account_id, sum(signed) AS total FROM legs GROUP BY account_id)
          SELECT a.id, format('stored balance %s, transfers sum to %s', a.balance_paise, coalesce(s.total, 0)) AS detail
            FROM ledger_accounts a LEFT JOIN sums s ON s.account_id = a.id
           WHERE a.balance_paise <> coalesce(s.total, 0)`,
  },
  {
    invariant: 3, code: 'held_mismatch', describe: (r) => `account ${r.id}: ${r.detail}`,
    sql: `WITH outstanding AS (
            SELECT account_id, sum(amount_paise - captured_paise - released_paise) AS total
              FROM ledger_holds WHERE status = 'active' GROUP BY account_id
          )
          SELECT a.id, format('stored held %s, active holds outstanding %s', a.held_paise, coalesce(o.total, 0)) AS detail
            FROM ledger_accounts a LEFT JOIN outstanding o ON o.account_id = a.id
           WHERE a.held_paise <> coalesce(o.total, 0)`,
  },
  // 4. A payment is credited once, reversed at most once, and never without its credit; every recharge names
  //    its payment (otherwise "once" cannot be proven).
  {
    invariant: 4, code: 'payment_posted_twice', describe: (r) => `payment ${r.id}: ${r.detail}`,
    sql: `SELECT reference_id AS id, format('%s %s transfers', count(*), kind) AS detail
            FROM ledger_transfers WHERE reference_type = 'payment' AND kind IN ('recharge', 'gst', 'refund', 'gst_refund')
           GROUP BY reference_id, kind HAVING count(*) > 1`,
  },
  {
    invariant: 4, code: 'recharge_without_payment', describe: (r) => `transfer ${r.id}: ${r.detail}`,
    sql: `SELECT id, 'a recharge that names no payment' AS detail
            FROM ledger_transfers WHERE kind = 'recharge' AND (reference_type IS DISTINCT FROM 'payment' OR reference_id IS NULL)`,
  },
  {
    invariant: 4, code: 'refund_without_credit', describe: (r) => `payment ${r.id}: ${r.detail}`,
    sql: `SELECT f.reference_id AS id, format('refunded %s but credited %s', f.amount_paise, coalesce(c.amount_paise, 0)) AS detail
            FROM ledger_transfers f
            LEFT JOIN ledger_transfers c ON c.reference_type = 'payment' AND c.reference_id = f.reference_id AND c.kind = 'recharge'
           WHERE f.reference_type = 'payment' AND f.kind = 'refund' AND f.amount_paise IS DISTINCT FROM c.amount_paise`,
  },
  // 5. Every hold: amount = captured + released once settled, the captured money really moved (capture
  //    transfers of that hold), and nothing stays held for a consultation that has ended or does not exist.
  {
    invariant: 5, code: 'hold_not_balanced', describe: (r) => `hold ${r.id}: ${r.detail}`,
    sql: `SELECT id, format('amount %s ≠ captured %s + released %s', amount_paise, captured_paise, released_paise) AS detail
            FROM ledger_holds WHERE status = 'settled' AND amount_paise <> captured_paise + released_paise`,
  },
  {
    invariant: 5, code: 'capture_not_transferred', describe: (r) => `hold ${r.id}: ${r.detail}`,
    sql: `SELECT h.id, format('captured %s but capture transfers total %s', h.captured_paise, coalesce(sum(t.amount_paise), 0)) AS detail
            FROM ledger_holds h LEFT JOIN ledger_transfers t ON t.hold_id = h.id AND t.kind = 'capture'
           GROUP BY h.id HAVING h.captured_paise <> coalesce(sum(t.amount_paise), 0)`,
  },
  {
    invariant: 5, code: 'held_after_end', describe: (r) => `hold ${r.id}: ${r.detail}`,
    sql: `SELECT h.id, coalesce(format('consultation %s is %s', c.id, c.status), format('consultation %s does not exist', h.reference_id)) AS detail
            FROM ledger_holds h LEFT JOIN consultations c ON c.id = h.reference_id
           WHERE h.status = 'active' AND (c.id IS NULL OR c.status IN ${ENDED})`,
  },
];

async function runChecks(db: Queryable): Promise<LedgerCheck> {
  const violations: Violation[] = [];
  for (const check of CHECKS) {
    const { rows } = await db.query<Row>(`${check.sql} LIMIT ${MAX_ROWS}`);
    for (const r of rows) {
      violations.push({ invariant: check.invariant, code: check.code, message: check.describe(r), ...(r.id ? { subjectId: r.id } : {}) });
    }
  }
  const { rows } = await db.query<{ accounts: number; transfers: number; holds: number }>(
    `SELECT (SELECT count(*) FROM ledger_accounts)::int AS accounts, (SELECT count(*) FROM ledger_transfers)::int AS transfers,
            (SELECT count(*) FROM ledger_holds)::int AS holds`);
  return { violations, ...rows[0]! };
}

/**
 * Reconciles the whole ledger against DESIGN §4. All checks read one REPEATABLE READ snapshot, so postings
 * committing meanwhile can neither hide a violation nor fake one.
 */
export function checkLedger(pool: Pool): Promise<LedgerCheck> {
  return withTx(pool, runChecks, `BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; SELECT set_config('role', 'service_role', true)`);
}

/** The violations of DESIGN §4's money invariants; empty when the ledger is sound. */
export async function checkInvariants(pool: Pool): Promise<Violation[]> {
  return (await checkLedger(pool)).violations;
}
