import type { Pool, PoolClient } from './pool.js';

export type Tx = PoolClient;

/** Claims as Supabase issues them; RLS policies read them through auth.uid() / auth.jwt(). */
export interface JwtClaims {
  sub: string;
  role: 'authenticated' | 'anon' | 'service_role';
  app_metadata?: { roles?: string[] };
  [key: string]: unknown;
}

export async function withTx<T>(pool: Pool, fn: (tx: Tx) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  // A checked-out client has no 'error' listener (pg-pool removes its own): a connection lost between two queries
  // (PostgreSQL restarting: 57P01 arrives while fn awaits something else) would be an unhandled 'error' event and
  // crash the process. Keep the error; the next query fails, and the client is discarded on release.
  let lost: Error | undefined;
  const onError = (err: Error) => { lost = err; };
  client.on('error', onError);
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.removeListener('error', onError);
    client.release(lost);
  }
}

/**
 * Opens the transaction and sets its role and JWT claims in one round trip (a simple-protocol multi-statement
 * query; the claims are escaped as a literal). Everything is transaction-local (set_config(..., true) is
 * SET LOCAL), which keeps it safe behind PgBouncer/Supavisor in transaction mode.
 */
function beginAs(role: 'authenticated' | 'anon' | 'service_role', claims: object): string {
  const literal = `'${JSON.stringify(claims).replace(/'/g, "''")}'`;
  return `BEGIN; SELECT set_config('role', '${role}', true), set_config('request.jwt.claims', ${literal}, true)`;
}

/**
 * Runs fn in one transaction as the Postgres role `authenticated` (or `anon` without claims) with the caller's
 * JWT claims, so Row Level Security is a second wall behind the service's own checks.
 */
export function asCaller<T>(pool: Pool, claims: JwtClaims | null, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withTx(pool, fn, claims ? beginAs('authenticated', claims) : beginAs('anon', { role: 'anon' }));
}

/** Privileged server work (auth, ledger postings, jobs, webhooks): the service role, which bypasses RLS. */
export function asService<T>(pool: Pool, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withTx(pool, fn, beginAs('service_role', { role: 'service_role' }));
}
