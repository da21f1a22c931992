import { createHash } from 'node:crypto';
import { DomainError, type ErrorKind } from '@ap/core';
import { asService, type Pool, type Queryable, type Tx } from '@ap/db';
import { idempotencyKeyPending, idempotencyKeyReused, invalidIdempotencyKey } from './errors.js';

export interface IdempotencyScope {
  /** Whose key it is: keys are unique per identity, never global. */
  identityId: string;
  /** The client's Idempotency-Key header (8–200 characters). */
  key: string;
  /** hashRequest() of what defines the request (method, route, body): a reuse with another hash is refused. */
  requestHash: string;
}

/** The stored first outcome: a JSON value, or the DomainError the operation refused with. */
type Outcome =
  | { ok: true; value: unknown }
  | { ok: false; error: { kind: ErrorKind; code: string; message: string; extra: Record<string, unknown> } };

/** SHA-256 of the value's canonical JSON (object keys sorted), so equal requests hash alike whatever the key order. */
export function hashRequest(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]))
        : v;
  return createHash('sha256').update(JSON.stringify(canonical(value)) ?? 'undefined').digest('hex');
}

async function claimKey(db: Queryable, s: IdempotencyScope): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO idempotency_keys (identity_id, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
    [s.identityId, s.key, s.requestHash]);
  return rowCount === 1;
}

async function findKey(db: Queryable, s: IdempotencyScope): Promise<{ requestHash: string; response: Outcome | null }> {
  const { rows } = await db.query<{ requestHash: string; response: Outcome | null }>(
    `SELECT request_hash AS "requestHash", response FROM idempotency_keys WHERE identity_id = $1 AND key = $2`, [s.identityId, s.key]);
  return rows[0]!;
}

async function storeOutcome(db: Queryable, s: IdempotencyScope, outcome: Outcome): Promise<Outcome> {
  const { rows } = await db.query<{ response: Outcome }>(
    `UPDATE idempotency_keys SET response = $3 WHERE identity_id = $1 AND key = $2 RETURNING response`,
    [s.identityId, s.key, JSON.stringify(outcome)]);
  return rows[0]!.response;
}

function unwrap<T>(outcome: Outcome): T {
  if (outcome.ok) return outcome.value as T;
  const { kind, code, message, extra } = outcome.error;
  throw new DomainError(kind, code, message, extra);
}

/**
 * Runs a money-moving operation at most once per (identity, key) (DESIGN §4 invariant 4), in ONE service-role
 * transaction with the key, so the effect and its stored result commit or vanish together.
 *
 * Insert-first: the first request inserts the key row and runs `fn`; a concurrent request with the same key
 * blocks on that INSERT's unique index until the first commits, then reads the stored outcome. A replay with
 * the same request hash gets the first outcome (the value, or the same DomainError); another hash is refused
 * with 409 idempotency_key_reused. A DomainError from `fn` is stored (its writes are undone to a savepoint);
 * any other error rolls everything back, key included, so the client may retry. The value must be JSON: the
 * first caller gets it back as stored, exactly what replays will get.
 */
export async function withIdempotency<T>(pool: Pool, scope: IdempotencyScope, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (scope.key.length < 8 || scope.key.length > 200) throw invalidIdempotencyKey();
  const outcome = await asService(pool, async (tx): Promise<Outcome> => {
    if (!(await claimKey(tx, scope))) {
      const first = await findKey(tx, scope);
      if (first.requestHash !== scope.requestHash) throw idempotencyKeyReused();
      if (!first.response) throw idempotencyKeyPending();
      return first.response;
    }
    await tx.query('SAVEPOINT idempotent_operation');
    let result: Outcome;
    try {
      result = { ok: true, value: (await fn(tx)) ?? null };
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      await tx.query('ROLLBACK TO SAVEPOINT idempotent_operation');
      result = { ok: false, error: { kind: err.kind, code: err.code, message: err.message, extra: err.extra } };
    }
    return storeOutcome(tx, scope, result);
  });
  return unwrap<T>(outcome);
}
