import pg from 'pg';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
/** Anything that can run a query: a pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

// bigint (int8) columns hold money in paise. Parsed as JS numbers: safe up to 2^53 paise (~₹90 trillion),
// far above any wallet; anything larger is refused rather than silently rounded.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${v} exceeds the safe integer range`);
  return n;
});
// `date` stays a plain YYYY-MM-DD string: it is a calendar date, not an instant.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);

export interface PoolOptions {
  connectionString: string;
  max?: number;
  applicationName?: string;
}

export function createPool({ connectionString, max = 10, applicationName = 'anytime-pooja' }: PoolOptions): Pool {
  const pool = new pg.Pool({ connectionString, max, application_name: applicationName, idleTimeoutMillis: 30_000 });
  // An idle client that loses its connection (server restart) must not crash the process.
  pool.on('error', () => undefined);
  return pool;
}
