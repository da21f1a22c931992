import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDatabase, createPool, databaseUrl, defaultDataDir, migrate } from '@ap/db';
import { openServer, type ServerHandle } from '../scripts/lib/database.js';
import { REPO_ROOT } from '../scripts/lib/paths.js';
import { freePort } from '../scripts/lib/processes.js';


declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
    /** The same server without a pooler in between (DATABASE_DIRECT_URL when DATABASE_URL is a PgBouncer). */
    pgDirectUrl: string;
    pgTemplate: string;
    runId: string;
  }
}

let server: ServerHandle | null = null;

/**
 * One PostgreSQL for the run: DATABASE_URL's server, or a throw-away embedded cluster of this run's own (initdb
 * takes well under a second with fsync off, and two runs at once never share one). The migrations are applied
 * once to a template database named for this run; every test file clones it. With DATABASE_DIRECT_URL too
 * (DATABASE_URL is a transaction-pooling PgBouncer), databases are created, dropped and migrated directly, and the
 * tests' pools go through the pooler: a pooled connection left on the template would make cloning it fail.
 */
export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const log: string[] = [];
  const clusterName = `test/run-${runId}`;
  server = await openServer({
    name: clusterName, port: await freePort(), fast: true,
    databaseUrl: process.env.DATABASE_URL, log: (l) => log.push(l),
  }).catch((err: Error) => {
    throw new Error(`${err.message}\n${log.slice(-20).join('\n')}`);
  });
  const direct = (process.env.DATABASE_URL && process.env.DATABASE_DIRECT_URL) || server.serverUrl;
  const template = `ap_test_${runId}_tpl`;
  await createDatabase(direct, template);
  const pool = createPool({ connectionString: databaseUrl(direct, template), max: 1 });
  await migrate(pool);
  await pool.end();
  project.provide('pgServerUrl', server.serverUrl);
  project.provide('pgDirectUrl', direct);
  project.provide('pgTemplate', template);
  project.provide('runId', runId);

  return async () => {
    const client = new pg.Client({ connectionString: direct });
    await client.connect();
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`ap_test_${runId}_%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await client.end();
    await server!.stop();
    if (server!.embedded) rmSync(defaultDataDir(REPO_ROOT, clusterName), { recursive: true, force: true });
  };
}
