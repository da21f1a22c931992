import pg from 'pg';
import { createDatabase, databaseUrl, defaultDataDir, dropDatabase, startEmbedded, type EmbeddedServer } from '@ap/db';
import { REPO_ROOT } from './paths.js';

export interface ServerHandle {
  /** URL of the server's maintenance database; use databaseUrl() for another. */
  serverUrl: string;
  embedded: EmbeddedServer | null;
  stop(): Promise<void>;
}

/** Uses DATABASE_URL's server when given, else starts (initialising once) the embedded PostgreSQL. */
export async function openServer(opts: { name: string; port: number; fast?: boolean; databaseUrl?: string | undefined; log?: (l: string) => void }): Promise<ServerHandle> {
  if (opts.databaseUrl) return { serverUrl: opts.databaseUrl, embedded: null, stop: async () => undefined };
  const embedded = await startEmbedded({
    dataDir: defaultDataDir(REPO_ROOT, opts.name), port: opts.port, fast: opts.fast ?? false,
    ...(opts.log ? { log: opts.log } : {}),
  });
  return { serverUrl: embedded.url(), embedded, stop: () => embedded.stop() };
}

export async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return (rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

/** Creates the database when missing (or anew when `fresh`); returns its URL. */
export async function ensureDatabase(serverUrl: string, name: string, fresh = false): Promise<string> {
  if (fresh) await dropDatabase(serverUrl, name);
  if (!(await databaseExists(serverUrl, name))) await createDatabase(serverUrl, name);
  return databaseUrl(serverUrl, name);
}
