// npm run test:faults: fault tests on loopback with real processes (README "Fault tests").
// Starts its own embedded PostgreSQL, its own redis-server, local fake providers (Twilio, Razorpay, a horoscope API)
// and `npm run start:cluster --no-web` (2 instances of each service behind the real nginx) on free ports, then runs:
//   a) kill one instance of each service during a load run     b) kill the instance hosting a live paid chat
//   e) SMS / payment / horoscope providers that hang or fail    c) restart PostgreSQL under traffic
//   d) kill Redis under traffic
// Each prints its figures; exit 1 if any found a problem. Every process is stopped on the way out, whatever happens,
// and the whole run is bounded (FAULTS_BUDGET_SECONDS, default 540).
//   FAULTS_ONLY=a,c   run some scenarios only
import { randomBytes } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { createPool, defaultDataDir, migrate, startEmbedded, type EmbeddedServer } from '@ap/db';
import { ensureDatabase } from './lib/database.js';
import { nginxBinary } from './lib/nginx.js';
import { REPO_ROOT } from './lib/paths.js';
import { startFakes, type Fakes } from './faults/fakes.js';
import { freeClusterBase, freePort, people, Procs, readLayout, respawn, secs, startRedis, waitForFile, waitForPort } from './faults/lib.js';
import { alive } from './lib/state.js';
import { failingProviders, killInstances, killSessionHost, restartPostgres, stopRedis, type Ctx, type Result } from './faults/scenarios.js';

const t0 = Date.now();
const log = (msg: string) => console.log(`[faults ${secs(Date.now() - t0).padStart(5)} s] ${msg}`);
const budgetSeconds = Number(process.env.FAULTS_BUDGET_SECONDS ?? 540);
const only = new Set((process.env.FAULTS_ONLY ?? 'a,b,e,c,d').split(',').map((s) => s.trim()).filter(Boolean));
const ABSENT_SECONDS = 30; // the smallest SESSION_ABSENT_SECONDS allowed: scenario b waits for the sweeper
const SMS_TIMEOUT_MS = 2_000;
const PAYMENT_TIMEOUT_MS = 3_000;

const name = `faults-${randomBytes(3).toString('hex')}`;
const stateDir = defaultDataDir(REPO_ROOT, name);
const procs = new Procs();
let pg: EmbeddedServer | null = null;
let fakes: Fakes | null = null;
let cluster: ChildProcess | null = null;
let cleaning: Promise<void> | null = null;

async function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    if (cluster) await Procs.stop(cluster, 15_000); // SIGTERM: start:cluster stops nginx, then every instance
    await procs.stopAll();
    await fakes?.close().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  })();
  return cleaning;
}
process.on('exit', () => procs.killAllNow());
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => { log(`${sig}: cleaning up`); void cleanup().finally(() => process.exit(130)); });
const budget = setTimeout(() => {
  console.error(`[faults] over the ${budgetSeconds} s budget: stopping everything`);
  void cleanup().finally(() => process.exit(1));
}, budgetSeconds * 1000);
budget.unref();

async function main(): Promise<number> {
  if (!nginxBinary()) {
    console.error('nginx is not installed (apt-get install -y nginx): the fault tests need the real load balancer');
    return 2;
  }
  const taken = new Set<number>();
  const pgPort = await freePort(taken);
  const redisPort = await freePort(taken);
  const fakesPort = await freePort(taken);
  const base = await freeClusterBase(taken);
  const lbPort = base + 1;

  const pgDir = path.join(stateDir, 'pg');
  const startPg = async () => { pg = await startEmbedded({ dataDir: pgDir, port: pgPort, fast: true }); };
  await startPg();
  const databaseUrl = await ensureDatabase(pg!.url(), 'anytime_pooja');
  const pool = createPool({ connectionString: databaseUrl, max: 4, applicationName: 'faults' });
  await migrate(pool);
  log(`PostgreSQL on 127.0.0.1:${pgPort}`);

  let redis = startRedis(procs, redisPort);
  await waitForPort(redisPort, 10_000);
  fakes = await startFakes(fakesPort);
  log(`redis-server on ${redisPort}, fake providers on ${fakes.url}`);

  const secrets = {
    JWT_SECRET: randomBytes(32).toString('base64url'), OTP_SECRET: randomBytes(32).toString('base64url'),
    PAYMENT_SANDBOX_SECRET: randomBytes(32).toString('base64url'), RAZORPAY_KEY_SECRET: randomBytes(16).toString('hex'),
  };
  const output: string[] = [];
  cluster = spawn(process.execPath, ['--import', 'tsx', 'scripts/cluster.ts', '--no-web'], {
    cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env, ...secrets,
      NODE_ENV: 'development', LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl, REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      CLUSTER_NAME: name, CLUSTER_PORT: String(lbPort), CLUSTER_BASE_PORT: String(base), CLUSTER_INSTANCES: '2',
      RATE_LIMIT_NAMESPACE: `faults_${randomBytes(3).toString('hex')}`,
      OTP_PER_IP_PER_HOUR: '100000', OTP_VERIFY_PER_IP_PER_HOUR: '100000', OTP_PER_PHONE_PER_HOUR: '100',
      SMS_PROVIDER: 'twilio', TWILIO_API_BASE_URL: fakes.url, TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: randomBytes(16).toString('hex'), TWILIO_FROM: '+15005550006', SMS_TIMEOUT_MS: String(SMS_TIMEOUT_MS),
      PAYMENT_GATEWAY: 'razorpay', RAZORPAY_API_BASE_URL: fakes.url, RAZORPAY_KEY_ID: 'rzp_test_faults',
      RAZORPAY_WEBHOOK_SECRET: randomBytes(16).toString('hex'), PAYMENT_GATEWAY_TIMEOUT_MS: String(PAYMENT_TIMEOUT_MS),
      HOROSCOPE_PROVIDER: 'external', HOROSCOPE_API_URL: `${fakes.url}/horoscope/{sign}/{period}/{date}`, HOROSCOPE_API_TIMEOUT_MS: '1000',
      SESSION_ABSENT_SECONDS: String(ABSENT_SECONDS), SESSION_ACCEPT_SECONDS: '10',
    },
  });
  procs.add('cluster', cluster);
  // The services' own log (warn and above), kept after the run for a look at what happened.
  const logFile = path.join(os.tmpdir(), `${name}.log`);
  const logStream = createWriteStream(logFile);
  for (const s of [cluster.stdout!, cluster.stderr!]) {
    s.on('data', (d: Buffer) => { logStream.write(d); output.push(d.toString()); if (output.length > 400) output.shift(); });
  }
  log(`service logs: ${logFile}`);
  const clusterFile = path.join(stateDir, 'cluster.json');
  await waitForFile(clusterFile, 180_000, () => (cluster!.exitCode !== null ? `start:cluster exited (${cluster!.exitCode}):\n${output.join('')}` : null));
  const layout = readLayout(clusterFile);
  log(`start:cluster ready: nginx ${layout.url}, ${layout.instances.length} service instances`);

  const ctx: Ctx = {
    lb: layout.url, pool, people: people(pool, secrets.JWT_SECRET), clusterPid: cluster.pid!, clusterFile, fakes,
    razorpaySecret: secrets.RAZORPAY_KEY_SECRET, smsTimeoutMs: SMS_TIMEOUT_MS, paymentTimeoutMs: PAYMENT_TIMEOUT_MS,
    pg: {
      stop: async () => { await pg!.stop(); pg = null; },
      start: startPg,
    },
    redis: {
      stop: async () => { try { process.kill(-redis.pid!, 'SIGKILL'); } catch { /* gone */ } await new Promise((r) => (redis.exitCode !== null || redis.signalCode !== null ? r(null) : redis.once('exit', r))); },
      start: async () => { redis = startRedis(procs, redisPort); await waitForPort(redisPort, 10_000); },
    },
    log,
  };

  const plan: [string, () => Promise<Result>][] = [
    ['a', () => killInstances(ctx)],
    ['b', () => killSessionHost(ctx, ABSENT_SECONDS)],
    ['e', () => failingProviders(ctx)],
    ['c', () => restartPostgres(ctx, 5_000)],
    ['d', () => stopRedis(ctx)],
  ];
  const results: Result[] = [];
  for (const [key, run] of plan) {
    if (!only.has(key)) continue;
    // Each scenario starts with every instance up (an earlier one may have failed before restarting its victim).
    const dead = readLayout(clusterFile).instances.filter((x) => x.service !== 'nginx' && !alive(x.pid)).map((x) => x.name);
    if (dead.length) {
      log(`restarting ${dead.join(', ')} first`);
      await respawn(cluster.pid!, clusterFile, dead).catch((err: Error) => log(err.message));
    }
    const started = Date.now();
    log(`scenario ${key} ...`);
    let result: Result;
    try {
      result = await run();
    } catch (err) {
      result = { name: `scenario ${key}`, figures: [], problems: [`could not run: ${(err as Error).stack ?? String(err)}`] };
    }
    results.push(result);
    console.log(`\n${result.problems.length ? 'FAIL' : 'PASS'}  ${result.name}  (${secs(Date.now() - started)} s)`);
    for (const [k, v] of result.figures) console.log(`      ${k}: ${v}`);
    for (const p of result.problems) console.log(`   !! ${p}`);
    console.log('');
    if (cluster.exitCode !== null) {
      console.error(`start:cluster exited (${cluster.exitCode}); its last output:\n${output.slice(-40).join('')}`);
      break;
    }
  }
  const errors = output.join('').split('\n').filter((l) => /ERROR|unhandled|Unhandled/.test(l));
  if (errors.length) console.log(`service log lines at error level (${errors.length}), first ones:\n${errors.slice(0, 8).join('\n')}\n`);
  await pool.end();
  const failed = results.filter((r) => r.problems.length);
  console.log(`faults: ${results.length - failed.length} passed, ${failed.length} failed, in ${secs(Date.now() - t0)} s`);
  return failed.length || results.length === 0 ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error(`[faults] ${(err as Error).stack ?? String(err)}`);
} finally {
  await cleanup();
  clearTimeout(budget);
}
process.exit(code);
