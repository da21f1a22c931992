import type { Pool, PoolClient } from './pool.js';

export type Tx = PoolClient;

/** Claims as Supabase issues them; RLS policies read them through auth.uid() / auth.jwt(). */
export interface JwtClaims {
  sub: string;
  role: 'authenticated' | 'anon' | 'service_role';
  app_metadata?: { roles?: string[] };
  [key: string]: unknown;
}

export async function withTx<T>(pool: Pool, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Runs fn in one transaction as the Postgres role `authenticated` (or `anon` without claims) with the caller's
 * JWT claims set locally, so Row Level Security is a second wall behind the service's own checks. Everything
 * is transaction-local (SET LOCAL, set_config(..., true)), which keeps it safe behind PgBouncer/Supavisor.
 */
export function asCaller<T>(pool: Pool, claims: JwtClaims | null, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withTx(pool, async (tx) => {
    const role = claims ? 'authenticated' : 'anon';
    await tx.query(`SET LOCAL ROLE ${role}`);
    await tx.query(`SELECT set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify(claims ?? { role: 'anon' }),
    ]);
    return fn(tx);
  });
}

/** Privileged server work (auth, ledger postings, jobs, webhooks): the service role, which bypasses RLS. */
export function asService<T>(pool: Pool, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withTx(pool, async (tx) => {
    await tx.query('SET LOCAL ROLE service_role');
    await tx.query(`SELECT set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ role: 'service_role' })]);
    return fn(tx);
  });
}
