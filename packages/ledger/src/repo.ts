import type { Queryable } from '@ap/db';
import type { OwnedAccountKind, PlatformAccountKind, Reference, TransferKind } from './schemas.js';

export interface AccountRow {
  id: string;
  kind: string;
  ownerId: string | null;
  balancePaise: number;
  heldPaise: number;
}

const ACCOUNT_COLUMNS = `id, kind, owner_id AS "ownerId", balance_paise AS "balancePaise", held_paise AS "heldPaise"`;

export async function findOwnedAccount(db: Queryable, ownerId: string, kind: OwnedAccountKind): Promise<AccountRow | null> {
  const { rows } = await db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM ledger_accounts WHERE kind = $1 AND owner_id = $2`, [kind, ownerId]);
  return rows[0] ?? null;
}

/** Returns the id of the inserted account, or null when another transaction created it first. */
export async function insertOwnedAccount(db: Queryable, ownerId: string, kind: OwnedAccountKind): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO ledger_accounts (kind, owner_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id`, [kind, ownerId]);
  return rows[0]?.id ?? null;
}

export async function findPlatformAccountIds(db: Queryable): Promise<Record<PlatformAccountKind, string>> {
  const { rows } = await db.query<{ kind: PlatformAccountKind; id: string }>(`SELECT kind, id FROM ledger_accounts WHERE owner_id IS NULL`);
  return Object.fromEntries(rows.map((r) => [r.kind, r.id])) as Record<PlatformAccountKind, string>;
}

/**
 * Locks the accounts in id order. Every operation locks all the accounts it will post to with this one call
 * before touching any of them; see the concurrency note in service.ts.
 */
export async function lockAccounts(db: Queryable, ids: string[]): Promise<Map<string, AccountRow>> {
  const { rows } = await db.query<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM ledger_accounts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [[...new Set(ids)]]);
  return new Map(rows.map((r) => [r.id, r]));
}

export async function insertTransfer(
  db: Queryable,
  t: { debit: string; credit: string; amountPaise: number; kind: TransferKind; reference: Reference | null; holdId?: string | undefined; memo?: string | undefined },
): Promise<{ id: string; seq: number }> {
  const { rows } = await db.query<{ id: string; seq: number }>(
    `INSERT INTO ledger_transfers (debit_account_id, credit_account_id, amount_paise, kind, reference_type, reference_id, hold_id, memo)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, seq`,
    [t.debit, t.credit, t.amountPaise, t.kind, t.reference?.type ?? null, t.reference?.id ?? null, t.holdId ?? null, t.memo ?? null],
  );
  return rows[0]!;
}

// ---------------------------------------------------------------------------------------------------------
// Holds

export interface HoldRow {
  id: string;
  accountId: string;
  consultationId: string;
  amountPaise: number;
  capturedPaise: number;
  releasedPaise: number;
  status: 'active' | 'settled';
}

const HOLD_COLUMNS = `id, account_id AS "accountId", reference_id AS "consultationId", amount_paise AS "amountPaise", captured_paise AS "capturedPaise",
                      released_paise AS "releasedPaise", status`;

export async function insertHold(db: Queryable, accountId: string, amountPaise: number, consultationId: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO ledger_holds (account_id, amount_paise, reference_type, reference_id) VALUES ($1, $2, 'consultation', $3) RETURNING id`,
    [accountId, amountPaise, consultationId]);
  return rows[0]!.id;
}

export async function findHold(db: Queryable, id: string, { lock = false } = {}): Promise<HoldRow | null> {
  const { rows } = await db.query<HoldRow>(`SELECT ${HOLD_COLUMNS} FROM ledger_holds WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ?? null;
}

/** Settles an active hold; its trigger gives the outstanding amount back to the wallet's available balance. */
export async function settleHold(db: Queryable, id: string, capturePaise: number, releasePaise: number): Promise<Date | null> {
  const { rows } = await db.query<{ settledAt: Date }>(
    `UPDATE ledger_holds SET captured_paise = captured_paise + $2, released_paise = released_paise + $3, status = 'settled', settled_at = now()
      WHERE id = $1 AND status = 'active' RETURNING settled_at AS "settledAt"`,
    [id, capturePaise, releasePaise]);
  return rows[0]?.settledAt ?? null;
}

export interface SettlementRow {
  holdId: string;
  walletOwnerId: string;
  consultationId: string;
  amountPaise: number;
  capturedPaise: number;
  releasedPaise: number;
  capturedTransferPaise: number;
  commissionPaise: number;
  earningsOwnerId: string | null;
  status: 'active' | 'settled';
  settledAt: Date | null;
}

export async function findSettlement(db: Queryable, holdId: string): Promise<SettlementRow | null> {
  const { rows } = await db.query<SettlementRow>(
    `SELECT h.id AS "holdId", w.owner_id AS "walletOwnerId", h.reference_id AS "consultationId", h.amount_paise AS "amountPaise",
            h.captured_paise AS "capturedPaise", h.released_paise AS "releasedPaise", h.status, h.settled_at AS "settledAt",
            coalesce(c.amount_paise, 0) AS "capturedTransferPaise", coalesce(p.amount_paise, 0) AS "commissionPaise",
            e.owner_id AS "earningsOwnerId"
       FROM ledger_holds h
       JOIN ledger_accounts w ON w.id = h.account_id
       LEFT JOIN ledger_transfers c ON c.hold_id = h.id AND c.kind = 'capture'
       LEFT JOIN ledger_accounts e ON e.id = c.credit_account_id
       LEFT JOIN ledger_transfers p ON p.hold_id = h.id AND p.kind = 'commission'
      WHERE h.id = $1`,
    [holdId]);
  return rows[0] ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// Payments

export interface PaymentTransferRow {
  kind: 'recharge' | 'gst' | 'refund' | 'gst_refund';
  amountPaise: number;
  walletId: string;
  walletOwnerId: string | null;
}

/** The payment's legs; the wallet is the account the recharge credited (or the refund debited). */
export async function findPaymentTransfers(db: Queryable, paymentId: string): Promise<PaymentTransferRow[]> {
  const { rows } = await db.query<PaymentTransferRow>(
    `SELECT t.kind, t.amount_paise AS "amountPaise",
            CASE WHEN t.kind = 'recharge' THEN t.credit_account_id ELSE t.debit_account_id END AS "walletId",
            a.owner_id AS "walletOwnerId"
       FROM ledger_transfers t
       JOIN ledger_accounts a ON a.id = CASE WHEN t.kind = 'recharge' THEN t.credit_account_id ELSE t.debit_account_id END
      WHERE t.reference_type = 'payment' AND t.reference_id = $1 AND t.kind IN ('recharge', 'gst', 'refund', 'gst_refund')`,
    [paymentId]);
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// History

export interface EntryRow {
  id: string;
  seq: number;
  kind: TransferKind;
  amountPaise: number;
  balanceAfterPaise: number;
  referenceType: Reference['type'] | null;
  referenceId: string | null;
  memo: string | null;
  gstPaise: number | null;
  createdAt: Date;
}

/**
 * An account's transfers newest first, before `beforeSeq`. The running balance is a window sum over the
 * account's whole history in seq order (seq order is the order postings to one account committed in, because
 * every posting holds the account's row lock while it takes its seq), then the page is cut from it.
 */
export async function listEntries(db: Queryable, accountId: string, beforeSeq: number | null, limit: number): Promise<EntryRow[]> {
  const { rows } = await db.query<EntryRow>(
    `WITH entries AS (
       SELECT t.id, t.seq, t.kind, t.reference_type, t.reference_id, t.memo, t.created_at,
              CASE WHEN t.credit_account_id = $1 THEN t.amount_paise ELSE -t.amount_paise END AS signed
         FROM ledger_transfers t
        WHERE t.debit_account_id = $1 OR t.credit_account_id = $1
     ), running AS (
       SELECT e.*, (sum(e.signed) OVER (ORDER BY e.seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))::bigint AS balance_after
         FROM entries e
     )
     SELECT r.id, r.seq, r.kind, r.signed AS "amountPaise", r.balance_after AS "balanceAfterPaise",
            r.reference_type AS "referenceType", r.reference_id AS "referenceId", r.memo, r.created_at AS "createdAt",
            CASE WHEN r.reference_type = 'payment' AND r.kind IN ('recharge', 'refund') THEN coalesce(g.amount_paise, 0) END AS "gstPaise"
       FROM running r
       LEFT JOIN ledger_transfers g
              ON r.reference_type = 'payment' AND r.kind IN ('recharge', 'refund')
             AND g.reference_type = 'payment' AND g.reference_id = r.reference_id
             AND g.kind = CASE r.kind WHEN 'recharge' THEN 'gst' ELSE 'gst_refund' END
      WHERE $2::bigint IS NULL OR r.seq < $2::bigint
      ORDER BY r.seq DESC
      LIMIT $3`,
    [accountId, beforeSeq, limit]);
  return rows;
}
