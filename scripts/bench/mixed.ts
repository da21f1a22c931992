// The mixed scenario of `npm run bench`: virtual users browsing, booking and chatting at a fixed ratio, through the
// nginx of `npm run start:cluster` (run as a child process on the bench's database), with 1 and then 2 instances of
// each service. The figure is the 2-vs-1 ratio of the same run; nothing is asserted.
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import { createTokenService } from '@ap/auth';
import { defaultDataDir, type Pool } from '@ap/db';
import { REPO_ROOT } from '../lib/paths.js';
import { portFree, waitForHttp } from '../lib/processes.js';
import { percentileOfSorted } from '../lib/stats.js';
import { prepareChatSessions, WireClient } from './chat.js';
import { detailMix, searchMix } from './scenarios.js';

/** One virtual user's cycle, in order: the fixed ratio of the scenario. */
export const CYCLE = { searches: 4, profiles: 1, slotLists: 1, bookings: 1, messages: 3 } as const;
export const CYCLE_TEXT =
  `${CYCLE.searches} catalogue searches + ${CYCLE.profiles} profile page + ${CYCLE.slotLists} slot list : ${CYCLE.bookings} booking : ${CYCLE.messages} chat messages`;

export interface MixedPair { customer: string; astrologer: string; session: string }
export interface MixedSetup { pairs: MixedPair[]; bookable: string[]; popularIds: string[] }

/** Per virtual user: a customer with ₹1,00,000 in an active chat session with its own astrologer. */
export async function prepareMixed(pool: Pool, users: number, bookable: string[], popularIds: string[]): Promise<MixedSetup> {
  const pairs = await prepareChatSessions(pool, users * 2, 100_000);
  await pool.query(
    `INSERT INTO ledger_transfers (debit_account_id, credit_account_id, amount_paise, kind, memo)
     SELECT p.id, w.id, 10000000, 'promo', 'bench credit' FROM ledger_accounts p, ledger_accounts w
      WHERE p.kind = 'promotional' AND w.kind = 'user_wallet' AND w.owner_id = ANY($1::uuid[])`,
    [pairs.map((p) => p.customer)],
  );
  return { pairs, bookable, popularIds };
}

const QUARTER = 15 * 60_000;
/** Where each virtual user's next booking goes; kept across the 1- and 2-instance runs. */
export interface BookingState { firstSlot: number; next: number[] }
export const bookingState = (): BookingState => ({ firstSlot: Math.ceil((Date.now() + 3 * 3_600_000) / QUARTER) * QUARTER, next: [] });

export interface OpStats { count: number; errors: number; p50: number; p99: number }
export interface MixedResult {
  instances: number;
  users: number;
  seconds: number;
  /** HTTP requests + chat messages acknowledged, per second. */
  opsPerSecond: number;
  cyclesPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  firstError: string | null;
  ops: Record<'search' | 'profile' | 'slots' | 'book' | 'chat', OpStats>;
  delivered: number;
  /** Instances that answered (X-Upstream) per service prefix: shows nginx spread the load. */
  upstreams: Record<string, number>;
  /** realtime_sockets_connected of each communication instance once every virtual user had connected. */
  socketsPerInstance: number[];
  startSeconds: number;
  /** How many measured runs this is made of (see mergeMixed), and each run's ops/s. */
  rounds: number[];
  latencies: Record<keyof MixedResult['ops'], number[]>;
  errorCounts: Record<keyof MixedResult['ops'], number>;
  cycles: number;
}

/** Several runs with the same instance count as one: counts and latencies pooled, rates over the summed time. */
export function mergeMixed(xs: MixedResult[]): MixedResult {
  if (xs.length === 1) return xs[0]!;
  const ops = Object.keys(xs[0]!.ops) as (keyof MixedResult['ops'])[];
  const latencies = Object.fromEntries(ops.map((op) => [op, xs.flatMap((x) => x.latencies[op])])) as MixedResult['latencies'];
  const errorCounts = Object.fromEntries(ops.map((op) => [op, xs.reduce((a, x) => a + x.errorCounts[op], 0)])) as MixedResult['errorCounts'];
  const seconds = xs.reduce((a, x) => a + x.seconds, 0);
  const cycles = xs.reduce((a, x) => a + x.cycles, 0);
  const upstreams: Record<string, number> = {};
  for (const x of xs) for (const [k, v] of Object.entries(x.upstreams)) upstreams[k] = (upstreams[k] ?? 0) + v;
  return summarise({
    instances: xs[0]!.instances, users: xs[0]!.users, seconds, cycles, latencies, errorCounts, delivered: xs.reduce((a, x) => a + x.delivered, 0),
    upstreams, socketsPerInstance: xs[0]!.socketsPerInstance, startSeconds: Math.max(...xs.map((x) => x.startSeconds)),
    firstError: xs.find((x) => x.firstError)?.firstError ?? null, rounds: xs.flatMap((x) => x.rounds),
  });
}

function summarise(x: Pick<MixedResult, 'instances' | 'users' | 'seconds' | 'cycles' | 'latencies' | 'errorCounts' | 'delivered' | 'upstreams' | 'socketsPerInstance' | 'startSeconds' | 'firstError'> & { rounds?: number[] }): MixedResult {
  const ops = Object.fromEntries((Object.keys(x.latencies) as (keyof MixedResult['ops'])[]).map((op) => {
    const sorted = [...x.latencies[op]].sort((a, b) => a - b);
    return [op, { count: sorted.length, errors: x.errorCounts[op], p50: pct(sorted, 50), p99: pct(sorted, 99) }];
  })) as MixedResult['ops'];
  const all = Object.values(x.latencies).flat().sort((a, b) => a - b);
  const opsPerSecond = all.length / x.seconds;
  return {
    ...x, ops, opsPerSecond, cyclesPerSecond: x.cycles / x.seconds, p50: pct(all, 50), p99: pct(all, 99),
    errors: Object.values(x.errorCounts).reduce((a, b) => a + b, 0), rounds: x.rounds ?? [opsPerSecond],
  };
}

const pct = (sorted: number[], p: number) => Math.round(percentileOfSorted(sorted, p) * 10) / 10;

export interface ClusterHandle {
  url: string; stop(): Promise<void>; startSeconds: number; stateDir: string;
  /** Warning and error lines of the cluster's processes by message (instance names left out), each printed once. */
  warnings: Map<string, number>;
}

/**
 * `npm run start:cluster -- --no-web` on the bench's database (DATABASE_URL), with non-default ports and its own
 * state directory. Stopped with SIGTERM to the launcher's own pid (from its cluster.json), which stops nginx and the
 * instances; the npm process then exits.
 */
export async function startCluster(opts: { instances: number; port: number; basePort: number; name: string; env: NodeJS.ProcessEnv; log: (l: string) => void }): Promise<ClusterHandle> {
  const ports = [opts.port, ...[10, 20, 30].flatMap((o) => Array.from({ length: opts.instances }, (_, i) => opts.basePort + o + i + 1))];
  for (const p of ports) if (!(await portFree(p))) throw new Error(`port ${p} is in use: set BENCH_CLUSTER_PORT / BENCH_CLUSTER_BASE_PORT`);
  const stateDir = defaultDataDir(REPO_ROOT, opts.name);
  const t0 = performance.now();
  const proc: ChildProcess = spawn('npm', ['run', 'start:cluster', '--', '--no-web'], {
    cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...opts.env, CLUSTER_INSTANCES: String(opts.instances), CLUSTER_PORT: String(opts.port), CLUSTER_BASE_PORT: String(opts.basePort), CLUSTER_NAME: opts.name },
  });
  const tail: string[] = [];
  const warnings = new Map<string, number>();
  for (const stream of [proc.stdout!, proc.stderr!]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      if (!/ERROR|WARN|failed|exited/i.test(line)) return;
      const key = line.replace(/^\[[a-z]+-\d+\] /, '');
      const seen = warnings.get(key) ?? 0;
      warnings.set(key, seen + 1);
      if (seen === 0) opts.log(`  [start:cluster] ${line} (printed once; counted in the report)`);
    });
  }
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => { gone = true; });
  const clusterFile = path.join(stateDir, 'cluster.json');
  const url = `http://127.0.0.1:${opts.port}`;
  try {
    await waitForHttp(`${url}/api/user/astrologers?limit=1`, 240_000, () => gone);
    const until = Date.now() + 30_000;
    while (!existsSync(clusterFile) && Date.now() < until && !gone) await new Promise((r) => setTimeout(r, 200));
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${tail.join('\n')}`);
  }
  const startSeconds = (performance.now() - t0) / 1000;
  const info = JSON.parse(readFileSync(clusterFile, 'utf8')) as { pid: number; instances: { pid: number }[] };
  return {
    url, startSeconds, stateDir, warnings,
    stop: async () => {
      try { process.kill(info.pid, 'SIGTERM'); } catch { /* already gone */ }
      const timer = setTimeout(() => { try { proc.kill('SIGKILL'); } catch { /* gone */ } }, 30_000);
      await exited;
      clearTimeout(timer);
      // Anything the launcher could not stop (only pids it started, from its own cluster.json).
      for (const i of info.instances) { try { process.kill(i.pid, 'SIGKILL'); } catch { /* stopped */ } }
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Virtual users in a closed loop (no think time) through the cluster's one address for `seconds` (after a warm-up). */
export async function runMixed(opts: { url: string; instances: number; setup: MixedSetup; jwtSecret: string; seconds: number; warmSeconds: number; bookings: BookingState; startSeconds: number; communicationPorts: number[] }): Promise<MixedResult> {
  const { setup, url } = opts;
  const tokens = createTokenService({ secret: opts.jwtSecret, accessTtlSeconds: 3600 });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const search = searchMix(0.1, 11);
  const detail = detailMix(setup.popularIds, 12);
  const upstreams: Record<string, number> = {};
  // A user's j-th booking is at the j-th quarter from `firstSlot` (3 h ahead: the spends bench takes the next three
  // quarters), with astrologer j·users + i: no two bookings of the run (or of the next run) want the same slot, and
  // no customer holds two at the same time.
  const nextBooking = (i: number) => {
    const j = opts.bookings.next[i] ?? 0;
    opts.bookings.next[i] = j + 1;
    return {
      astrologer: setup.bookable[(j * setup.pairs.length + i) % setup.bookable.length]!,
      slotStart: new Date(opts.bookings.firstSlot + (j % 80) * QUARTER).toISOString(),
    };
  };
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const slotWindow = new URLSearchParams({ from: day(Date.now()), to: day(Date.now() + 86_400_000) }).toString();

  const request = (method: string, pathname: string, bearer: string | null, xff: string, body?: unknown) =>
    new Promise<void>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(url + pathname, {
        method, agent,
        headers: {
          'x-forwarded-for': xff,
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'idempotency-key': randomBytes(12).toString('hex') } : {}),
        },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const up = res.headers['x-upstream'];
          if (typeof up === 'string') upstreams[`${pathname.split('/')[2]} ${up}`] = (upstreams[`${pathname.split('/')[2]} ${up}`] ?? 0) + 1;
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) reject(new Error(`${method} ${pathname.split('?')[0]} → ${status} ${Buffer.concat(chunks).toString('utf8').slice(0, 200)}`));
          else resolve();
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });

  type Op = keyof MixedResult['ops'];
  const latencies: Record<Op, number[]> = { search: [], profile: [], slots: [], book: [], chat: [] };
  const errors: Record<Op, number> = { search: 0, profile: 0, slots: 0, book: 0, chat: 0 };
  let firstError: string | null = null;
  let measuring = false;
  let cycles = 0;
  let delivered = 0;
  const timed = async (op: Op, fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    try {
      await fn();
      if (measuring) latencies[op].push(performance.now() - t0);
    } catch (err) {
      if (measuring) {
        errors[op]++;
        firstError ??= (err as Error).message.slice(0, 300);
      }
    }
  };

  // Each party from its own loopback address: nginx keeps a socket's requests on one instance by address, so the
  // parties spread over the instances as separate people's would (a pair split over two instances meets via Redis).
  const users = await Promise.all(setup.pairs.map(async (p, i) => {
    const [ct, at] = [await tokens.sign({ id: p.customer, kind: 'user', roles: ['user'] }), await tokens.sign({ id: p.astrologer, kind: 'astrologer', roles: ['astrologer'] })];
    const c = await WireClient.connect(url, ct, `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`);
    const a = await WireClient.connect(url, at, `127.2.${Math.floor(i / 250)}.${(i % 250) + 1}`);
    for (const x of [c, a]) {
      const ack = await x.emitWithAck('session:join', { consultationId: p.session });
      if (!ack.ok) throw new Error(`session:join refused: ${JSON.stringify(ack)}`);
    }
    a.on('chat:message', () => { if (measuring) delivered++; });
    return { ...p, index: i, token: ct, socket: c, astroSocket: a, xff: `10.78.${Math.floor(i / 250)}.${(i % 250) + 1}` };
  }));

  const socketsPerInstance = await Promise.all(opts.communicationPorts.map(async (port) => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    return Number(/^realtime_sockets_connected(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? NaN);
  }));
  let n = 0;
  const loop = async (u: (typeof users)[number], until: number) => {
    while (performance.now() < until) {
      for (let k = 0; k < CYCLE.searches; k++) await timed('search', () => request('GET', `/api/user/astrologers?${search()}`, null, u.xff));
      for (let k = 0; k < CYCLE.profiles; k++) await timed('profile', () => request('GET', `/api/user/astrologers/${detail()}`, null, u.xff));
      const b = nextBooking(u.index);
      for (let k = 0; k < CYCLE.slotLists; k++) await timed('slots', () => request('GET', `/api/user/astrologers/${b.astrologer}/slots?${slotWindow}`, null, u.xff));
      for (let k = 0; k < CYCLE.bookings; k++) await timed('book', () => request('POST', '/api/user/consultations/book', u.token, u.xff, { astrologerId: b.astrologer, mode: 'chat', slotStart: b.slotStart }));
      for (let k = 0; k < CYCLE.messages; k++) {
        await timed('chat', async () => {
          const ack = await u.socket.emitWithAck('chat:send', { consultationId: u.session, clientMsgId: `m${++n}-${opts.instances}`, body: 'Namaste, what does my chart say about work?' });
          if (!ack.ok) throw new Error(`chat:send: ${JSON.stringify(ack).slice(0, 200)}`);
        });
      }
      if (measuring) cycles++;
    }
  };
  await Promise.all(users.map((u) => loop(u, performance.now() + opts.warmSeconds * 1000)));
  for (const k of Object.keys(upstreams)) delete upstreams[k];
  measuring = true;
  const started = performance.now();
  await Promise.all(users.map((u) => loop(u, started + opts.seconds * 1000)));
  const elapsed = (performance.now() - started) / 1000;
  measuring = false;
  await new Promise((r) => setTimeout(r, 300));
  for (const u of users) { u.socket.close(); u.astroSocket.close(); }
  agent.destroy();

  return summarise({
    instances: opts.instances, users: users.length, seconds: elapsed, cycles, latencies, errorCounts: errors, delivered, upstreams,
    socketsPerInstance, startSeconds: opts.startSeconds, firstError,
  });
}
