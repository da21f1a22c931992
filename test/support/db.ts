import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createDatabase, createPool, databaseUrl, dropDatabase, type Pool } from '@ap/db';

export interface TestDb {
  pool: Pool;
  url: string;
  /** The same database without a pooler in between (for LISTEN); equals url unless the run goes through PgBouncer. */
  directUrl: string;
  name: string;
  close(): Promise<void>;
}

async function cloneOrCreate(template: string | undefined): Promise<TestDb> {
  const name = `ap_test_${inject('runId')}_${randomBytes(4).toString('hex')}`;
  await createDatabase(inject('pgDirectUrl'), name, template);
  const url = databaseUrl(inject('pgServerUrl'), name);
  const pool = createPool({ connectionString: url, max: 10 });
  return {
    pool, url, name, directUrl: databaseUrl(inject('pgDirectUrl'), name),
    async close() {
      await pool.end();
      await dropDatabase(inject('pgDirectUrl'), name);
    },
  };
}

/** A fresh, migrated database of this file's own (cloned from the run's template). */
export const testDb = () => cloneOrCreate(inject('pgTemplate'));

/** An empty database (not migrated), for migrator tests. */
export const emptyDb = () => cloneOrCreate(undefined);
