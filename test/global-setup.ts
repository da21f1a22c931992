import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDatabase, createPool, databaseUrl, migrate } from '@ap/db';
import { openServer, type ServerHandle } from '../scripts/lib/database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
    pgTemplate: string;
    runId: string;
  }
}

let server: ServerHandle | null = null;

/**
 * One PostgreSQL for the run: the embedded one (fast, throw-away settings) or DATABASE_URL's server. The
 * migrations are applied once to a template database named for this run; every test file clones it.
 */
export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const log: string[] = [];
  server = await openServer({
    name: 'test/pg', port: Number(process.env.EMBEDDED_TEST_PG_PORT ?? 54344), fast: true,
    databaseUrl: process.env.DATABASE_URL, log: (l) => log.push(l),
  }).catch((err: Error) => {
    throw new Error(`${err.message}\n${log.slice(-20).join('\n')}`);
  });
  const template = `ap_test_${runId}_tpl`;
  await createDatabase(server.serverUrl, template);
  const pool = createPool({ connectionString: databaseUrl(server.serverUrl, template), max: 1 });
  await migrate(pool);
  await pool.end();
  project.provide('pgServerUrl', server.serverUrl);
  project.provide('pgTemplate', template);
  project.provide('runId', runId);

  return async () => {
    const client = new pg.Client({ connectionString: server!.serverUrl });
    await client.connect();
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`ap_test_${runId}_%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await client.end();
    await server!.stop();
  };
}
