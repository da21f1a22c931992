// Shared pieces of the fault tests: the processes they start (and always stop), HTTP and Socket.IO clients,
// people written to the database, a load loop that records every request, and the money checks.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { createTokenService } from '@ap/auth';
import { asService, type Pool } from '@ap/db';
import { checkPayouts } from '@ap/earnings';
import { checkLedger, creditRecharge } from '@ap/ledger';
import { io, type Socket } from 'socket.io-client';
import { portFree } from '../lib/processes.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const secs = (ms: number) => (ms / 1000).toFixed(1);

/** A free loopback port below the ephemeral range, away from every default (3000–3003, 4000–4003, 8080, 543xx). */
export async function freePort(taken: Set<number>): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const p = 21_000 + randomInt(0, 10_000);
    if (taken.has(p)) continue;
    if (await portFree(p, '127.0.0.1')) { taken.add(p); return p; }
  }
  throw new Error('no free port');
}

/** A block for start:cluster: nginx at base+1, instances at base+11, +12, +21, +22, +31, +32. */
export async function freeClusterBase(taken: Set<number>): Promise<number> {
  const offsets = [1, 11, 12, 21, 22, 31, 32];
  for (let i = 0; i < 50; i++) {
    const base = 21_000 + randomInt(0, 100) * 100;
    const ports = offsets.map((o) => base + o);
    if (ports.some((p) => taken.has(p))) continue;
    if ((await Promise.all(ports.map((p) => portFree(p, '127.0.0.1')))).every(Boolean)) { ports.forEach((p) => taken.add(p)); return base; }
  }
  throw new Error('no free block of ports for the cluster');
}

/** Every process a run started, stopped on the way out whatever happens (process groups: children included). */
export class Procs {
  private readonly list: { name: string; proc: ChildProcess }[] = [];
  add(name: string, proc: ChildProcess) { this.list.push({ name, proc }); return proc; }
  static alive(proc: ChildProcess) { return proc.exitCode === null && proc.signalCode === null; }
  static async stop(proc: ChildProcess, graceMs = 10_000): Promise<void> {
    if (!Procs.alive(proc)) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    const kill = (sig: NodeJS.Signals) => { try { process.kill(-proc.pid!, sig); } catch { try { proc.kill(sig); } catch { /* gone */ } } };
    kill('SIGTERM');
    const timer = setTimeout(() => kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
  async stopAll(): Promise<void> {
    for (const { proc } of this.list.reverse()) await Procs.stop(proc);
  }
  /** Synchronous last resort (process exit): SIGKILL to every group still alive. */
  killAllNow(): void {
    for (const { proc } of this.list) if (Procs.alive(proc)) { try { process.kill(-proc.pid!, 'SIGKILL'); } catch { /* gone */ } }
  }
}

export function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = net.connect({ port, host: '127.0.0.1' });
      s.once('connect', () => { s.destroy(); resolve(); });
      s.once('error', () => { s.destroy(); if (Date.now() > deadline) reject(new Error(`nothing listens on ${port}`)); else setTimeout(attempt, 100); });
    };
    attempt();
  });
}

export function startRedis(procs: Procs, port: number): ChildProcess {
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], {
    detached: true, stdio: 'ignore',
  });
  return procs.add(`redis-${port}`, proc);
}

export interface ClusterLayout { pid: number; url: string; instances: { name: string; service: string; port: number; pid: number }[] }
export const readLayout = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as ClusterLayout;

/** SIGKILL one instance (its process group), as a crash would. */
export function crash(pid: number): void {
  try { process.kill(-pid, 'SIGKILL'); } catch { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
}

/** Asks start:cluster to restart the exited instances (SIGUSR2) and waits until cluster.json lists them alive. */
export async function respawn(clusterPid: number, file: string, names: string[], timeoutMs = 90_000): Promise<ClusterLayout> {
  const before = readLayout(file);
  const oldPids = new Set(before.instances.filter((i) => names.includes(i.name)).map((i) => i.pid));
  // The launcher restarts what it has seen exit: wait until the killed processes are gone, and ask again now and
  // then in case the signal overtook the exit notice.
  const gone = (pid: number) => { try { process.kill(pid, 0); return false; } catch { return true; } };
  const deadline = Date.now() + timeoutMs;
  while (![...oldPids].every(gone) && Date.now() < deadline) await sleep(50);
  await sleep(200);
  let asked = 0;
  for (;;) {
    if (Date.now() - asked > 5_000) { process.kill(clusterPid, 'SIGUSR2'); asked = Date.now(); }
    await sleep(250);
    const now = readLayout(file);
    if (now.instances.filter((i) => names.includes(i.name)).every((i) => !oldPids.has(i.pid))) return now;
    if (Date.now() > deadline) throw new Error(`instances ${names.join(', ')} did not come back in ${timeoutMs / 1000} s`);
  }
}

// ---------- HTTP ----------

export interface Answer {
  status: number; // 0: no answer (network error or timeout)
  ms: number;
  body: Record<string, unknown> | null;
  text: string;
  upstream: string;
  contentType: string;
  error?: string;
}

export async function call(url: string, opts: { method?: string; token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<Answer> {
  const t0 = performance.now();
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(url, {
      method: opts.method ?? 'GET', headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 20_000),
    });
    const text = await res.text();
    let body: Record<string, unknown> | null = null;
    try { body = JSON.parse(text) as Record<string, unknown>; } catch { /* not JSON */ }
    return { status: res.status, ms: performance.now() - t0, body, text, upstream: res.headers.get('x-upstream') ?? '', contentType: res.headers.get('content-type') ?? '' };
  } catch (err) {
    return { status: 0, ms: performance.now() - t0, body: null, text: '', upstream: '', contentType: '', error: (err as Error).message };
  }
}

/** A stack trace in an answer is a leak, whatever the status. */
export const hasStack = (a: Answer) => /\bat [\w.<>]+ \(|\n\s+at \S|node_modules\//.test(a.text);

// ---------- load ----------

export interface Record_ { label: string; start: number; end: number; answer: Answer }

/** `workers` closed loops for `durationMs`; each iteration runs `step(worker, i)` and every request is recorded. */
export async function load(durationMs: number, workers: number, step: (rec: (label: string, p: Promise<Answer>) => Promise<Answer>, worker: number, i: number) => Promise<void>): Promise<Record_[]> {
  const records: Record_[] = [];
  const until = Date.now() + durationMs;
  const rec = async (label: string, p: Promise<Answer>) => {
    const start = Date.now();
    const answer = await p;
    records.push({ label, start, end: Date.now(), answer });
    return answer;
  };
  await Promise.all(Array.from({ length: workers }, async (_, w) => {
    for (let i = 0; Date.now() < until; i++) await step(rec, w, i);
  }));
  return records;
}

export { percentile } from '../lib/stats.js';

// ---------- people ----------

export interface Person { id: string; token: string; phone: string }

export const randomPhone = () => `+9198${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;

export function people(pool: Pool, jwtSecret: string) {
  const tokens = createTokenService({ secret: jwtSecret, accessTtlSeconds: 3_600 });
  async function identity(kind: 'user' | 'astrologer', name: string): Promise<Person> {
    const phone = randomPhone();
    const { rows } = await pool.query<{ id: string }>('INSERT INTO identities (kind, phone, roles) VALUES ($1, $2, $3) RETURNING id', [kind, phone, [kind]]);
    const id = rows[0]!.id;
    if (kind === 'user') await pool.query('INSERT INTO users (id, name) VALUES ($1, $2)', [id, name]);
    return { id, phone, token: await tokens.sign({ id, kind, roles: [kind] }) };
  }
  return {
    /** A customer whose wallet holds `paise` (put in through the ledger, as a verified recharge without GST). */
    async customer(paise = 0): Promise<Person> {
      const c = await identity('user', 'Fault Test Customer');
      if (paise > 0) await asService(pool, (tx) => creditRecharge(tx, { walletOwnerId: c.id, amountPaise: paise, gstPaise: 0, paymentId: randomUUID() }));
      return c;
    },
    /** An approved, online astrologer with a chat price per minute. */
    async astrologer(chatPaise = 1_000): Promise<Person> {
      const a = await identity('astrologer', 'Fault Test Astrologer');
      await pool.query(
        `INSERT INTO astrologers (id, display_name, status, approved_at, presence, price_chat_paise, price_call_paise, price_video_paise)
         VALUES ($1, 'Fault Test Astrologer', 'approved', now(), 'online', $2, $2, $2)`, [a.id, chatPaise]);
      return a;
    },
  };
}

export async function walletOf(pool: Pool, ownerId: string): Promise<{ balance: number; held: number }> {
  const { rows } = await pool.query<{ balance: number; held: number }>(
    `SELECT balance_paise::float8 AS balance, held_paise::float8 AS held FROM ledger_accounts WHERE owner_id = $1 AND kind = 'user_wallet'`, [ownerId]);
  return rows[0] ?? { balance: 0, held: 0 };
}

/** DESIGN §4's invariants and the payouts' (npm run ledger:check's checks): the list of violations. */
export async function ledgerViolations(pool: Pool): Promise<string[]> {
  const ledger = await checkLedger(pool);
  const payouts = await checkPayouts(pool);
  return [...ledger.violations, ...payouts].map((v) => `${'invariant' in v ? `invariant ${v.invariant}` : 'payouts'} ${v.code}: ${v.message}`);
}

// ---------- Socket.IO ----------

export const SOCKET_PATH = '/api/communication/socket.io';

export function socketTo(base: string, token: string, reconnect: boolean): Socket {
  return io(base, {
    path: SOCKET_PATH, auth: { token }, transports: ['websocket'], forceNew: true,
    reconnection: reconnect, reconnectionDelay: 200, reconnectionDelayMax: 1_000, timeout: 5_000,
  });
}

export function connected(s: Socket, timeoutMs = 10_000): Promise<void> {
  if (s.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    let last = '';
    const onError = (err: Error & { data?: unknown; description?: { message?: string } | string }) => {
      const d = typeof err.description === 'string' ? err.description : err.description?.message;
      last = `${err.message} ${JSON.stringify(err.data ?? '')} ${d ?? ''}`;
    };
    s.on('connect_error', onError);
    const timer = setTimeout(() => { s.off('connect_error', onError); reject(new Error(`socket did not connect: ${last}`)); }, timeoutMs);
    s.once('connect', () => { clearTimeout(timer); s.off('connect_error', onError); resolve(); });
  });
}

export async function ack<T = Record<string, unknown>>(s: Socket, event: string, payload: unknown, timeoutMs = 3_000) {
  return (await s.timeout(timeoutMs).emitWithAck(event, payload)) as T & { ok: boolean; error?: { code: string } };
}

export const newId = () => randomBytes(8).toString('hex');

/** Whether a file exists yet (start:cluster writes cluster.json once everything answers). */
export async function waitForFile(file: string, timeoutMs: number, failed: () => string | null): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    const why = failed();
    if (why) throw new Error(why);
    if (Date.now() > deadline) throw new Error(`${file} did not appear in ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}
