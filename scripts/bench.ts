// npm run bench: throughput and latency of the API next to a raw node:http + pg baseline running the same SQL,
// measured in the same run on a throw-away embedded PostgreSQL with 10,000 astrologers. The figure that matters
// is the ratio (the machine is small and noisy); nothing here is asserted.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import { createPool, defaultDataDir, migrate } from '@ap/db';
import { ensureDatabase, openServer } from './lib/database.js';
import { REPO_ROOT } from './lib/paths.js';
import { startChild, stopChild, waitForHttp } from './lib/processes.js';
import { seed, seedBulkAstrologers } from './lib/seed.js';
import { popularAstrologers, scenarios } from './bench/scenarios.js';
import { directSpend, httpSpend, prepareSpends, runSpends, type SpendResult } from './bench/spends.js';
import { benchSocketChat, benchWsRelay, prepareChatSessions } from './bench/chat.js';
import { benchKundli } from './bench/astro.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ASTROLOGERS = Number(process.env.BENCH_ASTROLOGERS ?? 10_000);
const CHAT_CLIENTS = Number(process.env.BENCH_CHAT_CLIENTS ?? 200);
// BENCH_ONLY=chat,astro runs only those parts (api, spends, chat, astro); all by default.
const ONLY = new Set((process.env.BENCH_ONLY ?? 'api,spends,chat,astro').split(',').map((x) => x.trim()));
const part = (name: 'api' | 'spends' | 'chat' | 'astro') => ONLY.has(name);

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** One URL, or a URL per request drawn from a scenario's key distribution. */
async function measure(base: string, target: string | (() => string), opts: { connections?: number; duration?: number } = {}) {
  const r = await autocannon({
    url: base + (typeof target === 'string' ? target : '/'), connections: opts.connections ?? CONNECTIONS, duration: opts.duration ?? DURATION,
    ...(typeof target === 'string' ? {} : { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: target() }) }] }),
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

/** catalogue_cache_requests_total of one cache, from the API's /metrics. */
async function cacheCounts(base: string, cache: string) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const of = (result: string) => Number(new RegExp(`^catalogue_cache_requests_total\\{cache="${cache}",result="${result}"[^}]*\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { hit: of('hit'), miss: of('miss'), bypass: of('bypass') };
}

const name = `bench/run-${Date.now().toString(36)}`;
const server = await openServer({ name, port: await freePort(), fast: true });
const children: ReturnType<typeof startChild>[] = [];
try {
  const url = await ensureDatabase(server.serverUrl, 'bench');
  const pool = createPool({ connectionString: url, max: 2 });
  await migrate(pool);
  await seed(pool);
  await seedBulkAstrologers(pool, ASTROLOGERS);
  // One astrologer with a realistic week (two ranges a day, 15-minute slots) and a few bookings in the window.
  const { rows: [astro] } = await pool.query<{ id: string }>(`SELECT id FROM astrologers WHERE status = 'approved' ORDER BY rating_avg DESC, id LIMIT 1`);
  const { rows: [customer] } = await pool.query<{ id: string }>(`SELECT id FROM users LIMIT 1`);
  const day = [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '20:00' }];
  await pool.query(
    `INSERT INTO astrologer_availability (astrologer_id, time_zone, weekly, overrides, slot_minutes, price_paise, buffer_minutes, min_notice_minutes, horizon_days)
     VALUES ($1, 'Asia/Kolkata', $2, '[]', 15, 30000, 0, 60, 60)`,
    [astro!.id, JSON.stringify(Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, day])))],
  );
  await pool.query(
    `INSERT INTO consultations (user_id, astrologer_id, mode, kind, status, price_paise, scheduled_start, scheduled_end)
     SELECT $2, $1, 'video', 'scheduled', 'booked', 30000, d + time '10:00', d + time '10:15'
       FROM generate_series(current_date + 1, current_date + 28, interval '3 days') AS d`,
    [astro!.id, customer!.id],
  );
  const popularIds = await popularAstrologers(pool);
  const WORKERS = Math.min(CONNECTIONS, 50);
  const spendSetup = await prepareSpends(pool, WORKERS, 2000);
  const chatPairs = await prepareChatSessions(pool, CHAT_CLIENTS);
  await pool.query('VACUUM ANALYZE');
  await pool.end();
  const from = new Date().toISOString().slice(0, 10);
  const to = new Date(Date.now() + 29 * 86_400_000).toISOString().slice(0, 10);
  const SCENARIOS = scenarios({ astrologerId: astro!.id, from, to, popularIds });

  // BENCH_PROFILE=1 writes a V8 CPU profile of each service (on its clean exit) to /tmp/ap-prof/<service>/.
  const profile = (service: string) => (process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=/tmp/ap-prof/${service}`] : []);
  const [apiPort, rawPort, astroPort, commPort, relayPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const env = {
    ...process.env, NODE_ENV: 'production', DATABASE_URL: url, LOG_LEVEL: 'warn', DB_POOL_MAX: '10',
    BOOKING_EARLY_START_MINUTES: '60',
    JWT_SECRET: randomBytes(32).toString('hex'), OTP_SECRET: randomBytes(32).toString('hex'),
    SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'unused-in-the-bench', TWILIO_FROM: '+15005550006',
    PAYMENT_GATEWAY: 'razorpay', RAZORPAY_KEY_ID: 'rzp_test_unusedinthebench', RAZORPAY_KEY_SECRET: 'unused-in-the-bench', RAZORPAY_WEBHOOK_SECRET: 'unused-in-the-bench',
  };
  children.push(startChild('api', process.execPath, [...profile('user'), '--import', 'tsx', path.join(REPO_ROOT, 'services/user/src/main.ts')], { cwd: REPO_ROOT, env: { ...env, PORT: String(apiPort) } }));
  children.push(startChild('astrologer-api', process.execPath, [...profile('astrologer'), '--import', 'tsx', path.join(REPO_ROOT, 'services/astrologer/src/main.ts')], { cwd: REPO_ROOT, env: { ...env, PORT: String(astroPort) } }));
  children.push(startChild('raw', process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/bench/raw-server.ts')], { cwd: REPO_ROOT, env: { ...env, PORT: String(rawPort) } }));
  children.push(startChild('communication', process.execPath, [...profile('communication'), '--import', 'tsx', path.join(REPO_ROOT, 'services/communication/src/main.ts')], { cwd: REPO_ROOT, env: { ...env, PORT: String(commPort) } }));
  children.push(startChild('ws-relay', process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/bench/ws-relay.ts')], { cwd: REPO_ROOT, env: { ...env, PORT: String(relayPort) } }));
  await waitForHttp(`http://127.0.0.1:${commPort}/readyz`, 60_000);
  await waitForHttp(`http://127.0.0.1:${apiPort}/readyz`, 60_000);
  await waitForHttp(`http://127.0.0.1:${astroPort}/readyz`, 60_000);
  await waitForHttp(`http://127.0.0.1:${rawPort}${SCENARIOS[0]!.raw}`, 60_000);

  console.log(`\nbench: ${ASTROLOGERS} astrologers, ${CONNECTIONS} connections, ${DURATION} s per run, 2 cores\n`);
  const rows: string[] = [];
  for (const s of part('api') ? SCENARIOS : []) {
    const rawBase = `http://127.0.0.1:${rawPort}`;
    const apiBase = `http://127.0.0.1:${apiPort}`;
    // warm both up (the API's cache reaches its steady state), then measure the baseline and the API back to back
    await measure(rawBase, s.raw, { connections: 10, duration: 2 });
    await measure(apiBase, s.api, { connections: 10, duration: 2 });
    const raw = await measure(rawBase, s.raw);
    const before = s.cache ? await cacheCounts(apiBase, s.cache) : null;
    const api = await measure(apiBase, s.api);
    const after = s.cache ? await cacheCounts(apiBase, s.cache) : null;
    let cacheLine = '';
    if (before && after) {
      const [hit, miss, bypass] = [after.hit - before.hit, after.miss - before.miss, after.bypass - before.bypass];
      cacheLine = `\n  API cache (${s.cache})     hit rate ${((hit / Math.max(1, hit + miss + bypass)) * 100).toFixed(1)}%   (${hit} hits, ${miss} misses, ${bypass} bypassed)`;
    }
    rows.push(
      `${s.name}\n` +
      `  raw node:http + pg   ${raw.rps.toFixed(0).padStart(6)} req/s   p50 ${raw.p50} ms   p99 ${raw.p99} ms   errors ${raw.errors}\n` +
      `  API (this product)   ${api.rps.toFixed(0).padStart(6)} req/s   p50 ${api.p50} ms   p99 ${api.p99} ms   errors ${api.errors}\n` +
      `  ratio API/raw        ${((api.rps / raw.rps) * 100).toFixed(0)}% of the baseline's throughput; p99 ${api.p99 < 50 ? 'meets' : 'misses'} the 50 ms target` + cacheLine,
    );
    console.log(rows.at(-1));
  }

  // Spends: each is book (hold) + confirm + start + complete (capture); the customer side and the astrologer
  // side through their services, against the same four operations called directly. Alternating rounds of DURATION
  // seconds each (who goes first alternates too), so the machine's noise hits both sides alike; the figure is the
  // median of the rounds' ratios.
  if (part('spends')) {
  const rounds = Number(process.env.BENCH_SPEND_ROUNDS ?? 3);
  const direct = directSpend(url);
  const http = httpSpend(`http://127.0.0.1:${apiPort}`, `http://127.0.0.1:${astroPort}`, env.JWT_SECRET);
  const half = spendSetup.astrologers.length / 2;
  const directWork = { astrologers: spendSetup.astrologers.slice(half), next: 0 };
  const httpWork = { astrologers: spendSetup.astrologers.slice(0, half), next: 0 };
  // Warm both up first (JIT, pools, the services' first requests), as the API scenarios do; not counted.
  await runSpends(direct, spendSetup.customers, directWork, WORKERS, 2);
  await runSpends(http, spendSetup.customers, httpWork, WORKERS, 2);
  const results: { raw: SpendResult; api: SpendResult }[] = [];
  for (let i = 0; i < rounds; i++) {
    const runDirect = () => runSpends(direct, spendSetup.customers, directWork, WORKERS, DURATION);
    const runHttp = () => runSpends(http, spendSetup.customers, httpWork, WORKERS, DURATION);
    if (i % 2 === 0) {
      const raw = await runDirect();
      results.push({ raw, api: await runHttp() });
    } else {
      const api = await runHttp();
      results.push({ raw: await runDirect(), api });
    }
  }
  await direct.close();
  // Rounds that found no slots left (too few astrologers) have no ratio; the median is over the others.
  const measured = results.filter((r) => r.raw.spends > 0 && r.api.spends > 0);
  if (measured.length === 0) console.log('wallet spends: no round found slots left to spend on; run with more astrologers (BENCH_ASTROLOGERS ≥ 2000)');
  else {
  const ratios = measured.map((r) => r.api.spendsPerSecond / r.raw.spendsPerSecond);
  const mid = [...ratios.keys()].sort((a, b) => ratios[a]! - ratios[b]!)[Math.floor(ratios.length / 2)]!;
  const { raw, api } = measured[mid]!;
  console.log(`spend rounds (spends/s, direct / API): ${results.map((r) => `${r.raw.spendsPerSecond.toFixed(0)} / ${r.api.spendsPerSecond.toFixed(0)}`).join(', ')}`);
  console.log(
    `wallet spends (hold + capture: book, confirm, start, complete), ${WORKERS} concurrent customers, the median of ${ratios.length} rounds\n` +
    `  direct service calls  ${raw.spendsPerSecond.toFixed(0).padStart(6)} spends/s   p50 ${raw.p50} ms   p99 ${raw.p99} ms   errors ${raw.errors}\n` +
    `  HTTP API             ${api.spendsPerSecond.toFixed(0).padStart(6)} spends/s   p50 ${api.p50} ms   p99 ${api.p99} ms   errors ${api.errors}\n` +
    `  ratio API/direct      ${(ratios[mid]! * 100).toFixed(0)}% of the direct calls' throughput (rounds: ${ratios.map((x) => `${(x * 100).toFixed(0)}%`).join(', ')})`,
  );
  }
  for (const [name, r] of results.flatMap((x) => [['direct', x.raw], ['API', x.api]] as const)) {
    if (r.firstError) console.log(`  first ${name} error: ${r.firstError}`);
    if (r.ranOutAfterSeconds !== null) console.log(`  ${name}: every slot was spent after ${r.ranOutAfterSeconds.toFixed(1)} s (${r.spends} spends); more astrologers give a steadier figure`);
  }
  }

  // Chat: CHAT_CLIENTS connected clients, half of them sending in a closed loop to their session's other party.
  if (part('chat')) {
  // Alternating rounds, the median of each: the machine's noise hits both sides alike.
  const rounds = Number(process.env.BENCH_CHAT_ROUNDS ?? 3);
  const relays: Awaited<ReturnType<typeof benchWsRelay>>[] = [];
  const chats: Awaited<ReturnType<typeof benchSocketChat>>[] = [];
  for (let i = 0; i < rounds; i++) {
    relays.push(await benchWsRelay(relayPort, chatPairs.length, DURATION));
    chats.push(await benchSocketChat(`http://127.0.0.1:${commPort}`, env.JWT_SECRET, chatPairs, DURATION));
  }
  const median = <T extends { messagesPerSecond: number }>(xs: T[]) => [...xs].sort((a, b) => a.messagesPerSecond - b.messagesPerSecond)[Math.floor(xs.length / 2)]!;
  const relay = median(relays);
  const chat = median(chats);
  console.log(`chat rounds (msg/s): raw ${relays.map((r) => r.messagesPerSecond.toFixed(0)).join(', ')}; chat ${chats.map((r) => r.messagesPerSecond.toFixed(0)).join(', ')}`);
  console.log(
    `chat messages, ${chat.clients} connected clients (${chatPairs.length} senders in a closed loop), delivery latency sender → receiver, median of ${rounds} rounds\n` +
    `  raw ws relay (no storage)   ${relay.messagesPerSecond.toFixed(0).padStart(6)} msg/s   p50 ${relay.p50} ms   p99 ${relay.p99} ms\n` +
    `  Socket.IO chat (stored)     ${chat.messagesPerSecond.toFixed(0).padStart(6)} msg/s   p50 ${chat.p50} ms   p99 ${chat.p99} ms   errors ${chat.errors}\n` +
    `  ratio chat/raw              ${((chat.messagesPerSecond / relay.messagesPerSecond) * 100).toFixed(0)}% of the raw relay's throughput`,
  );
  }
  if (part('astro')) console.log((await benchKundli({ seconds: Math.min(DURATION, 5), apiBaseUrl: `http://127.0.0.1:${apiPort}`, connections: CONNECTIONS })).report);
} finally {
  await Promise.all(children.map((c) => stopChild(c)));
  await server.stop();
  rmSync(defaultDataDir(REPO_ROOT, name), { recursive: true, force: true });
}
