// npm run start:cluster: the deploy/docker-compose.yml topology without containers — N instances of each service
// (default 2), the web app, and a real nginx in front (Debian's package) whose configuration is rendered from the
// same template as the compose file's. PostgreSQL: embedded (its own data dir and port) or DATABASE_URL; Redis:
// REDIS_URL, or 127.0.0.1:6379 when it answers, so Socket.IO rooms span instances. Ctrl-C/SIGTERM stops everything.
//
//   CLUSTER_INSTANCES=2      instances per service (1–9)
//   CLUSTER_PORT=8080        where nginx listens (the product's one address)
//   CLUSTER_HOST=127.0.0.1   nginx's listen address (0.0.0.0 to serve the network)
//   CLUSTER_BASE_PORT=3100   web app on base, user instances on base+11.., astrologer base+21.., communication base+31..
//   CLUSTER_NAME=cluster     state directory name (data, secrets, nginx prefix and logs, cluster.json)
//   EMBEDDED_PG_PORT=54344   the embedded PostgreSQL (unused with DATABASE_URL)
//   --no-web                 no web app (API only; the integration test uses this)
// SIGUSR2 restarts every service instance that has exited (kill one by its pid from cluster.json; the fault tests do).
import { stateSecrets, takeLock as takeStateLock } from './lib/state.js';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createPool, defaultDataDir, EmbeddedAlreadyRunning, migrate } from '@ap/db';
import { ensureDatabase, openServer, type ServerHandle } from './lib/database.js';
import { API_SERVICES, checkNginxConf, nginxBinary, renderNginxConf, type ApiService } from './lib/nginx.js';
import { REPO_ROOT } from './lib/paths.js';
import { portFree, startChild, stopChild, waitForHttp, type Child } from './lib/processes.js';
import { DEMO } from './lib/seed-data.js';
import { seed } from './lib/seed.js';
import { ensureWebBuild, nextBin, WEB_DIR } from './lib/web-build.js';

const { values: flags } = parseArgs({ options: { 'no-web': { type: 'boolean', default: false } } });
const num = (name: string, fallback: number) => {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65_535) {
    console.error(`${name} must be a whole number (got "${raw}")`);
    process.exit(2);
  }
  return n;
};
const instances = num('CLUSTER_INSTANCES', 2);
if (instances > 9) {
  console.error('CLUSTER_INSTANCES is at most 9');
  process.exit(2);
}
const lbPort = num('CLUSTER_PORT', 8080);
const lbHost = process.env.CLUSTER_HOST ?? '127.0.0.1';
const basePort = num('CLUSTER_BASE_PORT', 3100);
const pgPort = num('EMBEDDED_PG_PORT', 54344);
const name = process.env.CLUSTER_NAME ?? 'cluster';
if (!/^[a-z0-9-]{1,40}$/.test(name)) {
  console.error('CLUSTER_NAME: lowercase letters, digits and dashes');
  process.exit(2);
}
const withWeb = !flags['no-web'];
const SERVICE_OFFSET: Record<ApiService, number> = { user: 10, astrologer: 20, communication: 30 };
const instancePort = (service: ApiService, i: number) => basePort + SERVICE_OFFSET[service] + i;
const webPort = basePort;

const DB_NAME = 'anytime_pooja';
const stateDir = defaultDataDir(REPO_ROOT, name);
const lockFile = path.join(stateDir, 'cluster.lock');
const log = (msg: string) => console.log(`[cluster] ${msg}`);
const t0 = Date.now();

function takeLock(): void {
  const pid = takeStateLock(stateDir, lockFile);
  if (pid) {
    console.error(`the cluster "${name}" is already running (pid ${pid}); stop it first (Ctrl-C in its terminal, or kill ${pid})`);
    process.exit(1);
  }
}

const secrets = () => stateSecrets(stateDir);

const answers = (port: number, host = '127.0.0.1') =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ port, host, timeout: 500 });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
    socket.once('error', () => resolve(false));
  });

interface Instance { child: Child; service: ApiService | 'web' | 'nginx'; port: number }
const running: Instance[] = [];
let server: ServerHandle | null = null;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    log('stopping...');
    // nginx first, so nothing new reaches instances that are going away.
    const nginx = running.filter((r) => r.service === 'nginx');
    await Promise.all(nginx.map((r) => stopChild(r.child)));
    await Promise.all(running.filter((r) => r.service !== 'nginx').map((r) => stopChild(r.child)));
    await server?.stop().catch(() => undefined);
    rmSync(path.join(stateDir, 'cluster.json'), { force: true });
    if (existsSync(lockFile) && readFileSync(lockFile, 'utf8') === String(process.pid)) rmSync(lockFile);
    log('stopped');
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

/** What is where, for operators and the integration test (which kills an instance by its pid). */
function writeClusterFile() {
  const file = path.join(stateDir, 'cluster.json');
  writeFileSync(file, JSON.stringify({
    pid: process.pid,
    url: `http://${lbHost === '0.0.0.0' ? '127.0.0.1' : lbHost}:${lbPort}`,
    instances: running.map((r) => ({ name: r.child.name, service: r.service, port: r.port, pid: r.child.proc.pid })),
  }, null, 2));
}

/** nginx's prefix under the state dir; as root its workers run as nobody, who must be able to write the temp dirs. */
function prepareNginx(bin: string): { conf: string; prefix: string; errorLog: string } {
  const prefix = path.join(stateDir, 'nginx');
  const dirs = { temp: path.join(prefix, 'temp'), cache: path.join(prefix, 'cache'), logs: path.join(prefix, 'logs') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const root = process.getuid?.() === 0;
  if (root) {
    // Debian's nobody:nogroup.
    for (const d of [dirs.temp, dirs.cache]) chownSync(d, 65534, 65534);
  }
  const hosts = (service: ApiService) => Array.from({ length: instances }, (_, i) => `127.0.0.1:${instancePort(service, i + 1)}`);
  const errorLog = path.join(dirs.logs, 'error.log');
  const conf = renderNginxConf({
    listen: `${lbHost}:${lbPort}`,
    user: root ? 'nobody nogroup' : undefined,
    workerProcesses: 2,
    upstreams: { user: hosts('user'), astrologer: hosts('astrologer'), communication: hosts('communication'), web: [`127.0.0.1:${webPort}`] },
    pidFile: path.join(prefix, 'nginx.pid'),
    errorLog,
    accessLog: path.join(dirs.logs, 'access.log'),
    tempDir: dirs.temp,
    cacheDir: dirs.cache,
    debugUpstreamHeader: true,
  });
  const confFile = path.join(prefix, 'nginx.conf');
  writeFileSync(confFile, `# GENERATED by scripts/cluster.ts from deploy/nginx/nginx.conf.template\n${conf}`);
  const problem = checkNginxConf(bin, confFile, prefix, errorLog);
  if (problem) throw new Error(`nginx rejects the rendered configuration (${confFile}):\n${problem}`);
  return { conf: confFile, prefix, errorLog };
}

let startInstance: ((service: ApiService, i: number) => Instance) | null = null;
let respawning = false;

/**
 * SIGUSR2: starts again every service instance that has exited (killed by an operator or a fault test), on its own
 * port, and rewrites cluster.json once they answer /readyz. nginx takes each back after its fail_timeout.
 */
async function respawn(): Promise<void> {
  if (stopping || respawning || !startInstance) return;
  respawning = true;
  try {
    const started: Instance[] = [];
    for (const [index, r] of running.entries()) {
      if (r.service === 'nginx' || r.service === 'web' || r.child.proc.exitCode === null && r.child.proc.signalCode === null) continue;
      const i = Number(r.child.name.split('-').at(-1));
      const fresh = startInstance(r.service, i);
      running[index] = fresh;
      started.push(fresh);
    }
    if (!started.length) return;
    log(`restarting ${started.map((r) => r.child.name).join(', ')}`);
    await Promise.all(started.map((r) => waitForHttp(`http://127.0.0.1:${r.port}/readyz`, 120_000, () => r.child.proc.exitCode !== null)));
    writeClusterFile();
    log(`${started.map((r) => r.child.name).join(', ')} ready again`);
  } catch (err) {
    console.error(`[cluster] restart failed: ${(err as Error).message}`);
  } finally {
    respawning = false;
  }
}
process.on('SIGUSR2', () => void respawn());

function watch(instance: Instance) {
  void instance.child.exited.then((code) => {
    if (stopping) return;
    if (instance.service === 'nginx' || instance.service === 'web') {
      console.error(`[cluster] ${instance.child.name} exited unexpectedly (code ${code}); stopping everything`);
      void shutdown(1);
      return;
    }
    const left = running.filter((r) => r !== instance && r.service === instance.service && r.child.proc.exitCode === null && r.child.proc.signalCode === null);
    console.error(`[cluster] ${instance.child.name} exited (code ${code ?? instance.child.proc.signalCode}); ` +
      (left.length ? `nginx routes ${instance.service} requests to ${left.map((r) => r.child.name).join(', ')}` : `no ${instance.service} instance is left`));
  });
}

async function main() {
  const bin = nginxBinary();
  if (!bin) {
    console.error('nginx is not installed: apt-get install -y nginx (Debian/Ubuntu), then run this again');
    return shutdown(2);
  }
  takeLock();
  const ports = [lbPort, ...(withWeb ? [webPort] : []), ...API_SERVICES.flatMap((s) => Array.from({ length: instances }, (_, i) => instancePort(s, i + 1)))];
  for (const p of ports) {
    if (!(await portFree(p))) {
      console.error(`port ${p} is already in use by another program; free it or set CLUSTER_PORT / CLUSTER_BASE_PORT`);
      return shutdown(1);
    }
  }
  const nginx = prepareNginx(bin);

  const pgLog: string[] = [];
  try {
    server = await openServer({ name: `${name}/pg`, port: pgPort, databaseUrl: process.env.DATABASE_URL, log: (l) => pgLog.push(l) });
  } catch (err) {
    if (err instanceof EmbeddedAlreadyRunning) console.error(`${err.message}: another start:cluster is using it. Stop that one first.`);
    else console.error(`${(err as Error).message}\n${pgLog.slice(-20).join('\n')}`);
    return shutdown(1);
  }
  const databaseUrl = process.env.DATABASE_URL ?? (await ensureDatabase(server.serverUrl, DB_NAME));
  log(server.embedded ? `embedded PostgreSQL on 127.0.0.1:${pgPort}, database ${DB_NAME}` : 'using DATABASE_URL');
  const pool = createPool({ connectionString: databaseUrl, max: 2 });
  try {
    const { applied } = await migrate(pool);
    const { astrologers } = await seed(pool);
    log(`database ready: ${applied.length} migrations applied, demo data present (${astrologers} astrologers)`);
  } finally {
    await pool.end();
  }

  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl && (await answers(6379))) redisUrl = 'redis://127.0.0.1:6379';
  log(redisUrl ? `Redis: ${redisUrl} (Socket.IO rooms and rate limits shared by all instances)` :
    'no Redis (set REDIS_URL): Socket.IO rooms do not span instances; rate limits live in PostgreSQL');

  if (withWeb) ensureWebBuild(log);

  const origin = `http://localhost:${lbPort}`;
  const devOnly = process.env.NODE_ENV === 'production' ? {} : {
    TEST_OTP_NUMBERS: process.env.TEST_OTP_NUMBERS ??
      [DEMO.admin, DEMO.customer, DEMO.astrologer].map((d) => `${d.phone}=${d.code}`).join(','),
  };
  const { NODE_ENV: _nodeEnv, ...inherited } = process.env;
  const serviceEnv = {
    ...inherited,
    ...secrets(),
    ...devOnly,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    DATABASE_URL: databaseUrl,
    // No transaction pooler here: LISTEN and the migrator's session lock may use the same server.
    DATABASE_DIRECT_URL: process.env.DATABASE_DIRECT_URL ?? databaseUrl,
    HOST: '127.0.0.1',
    MEDIA_DIR: process.env.MEDIA_DIR ?? path.join(stateDir, 'media'),
    PAYMENT_SANDBOX_PUBLIC_BASE_URL: process.env.PAYMENT_SANDBOX_PUBLIC_BASE_URL ?? origin,
    CORS_ORIGINS: process.env.CORS_ORIGINS ?? `${origin},http://127.0.0.1:${lbPort}`,
  };
  startInstance = (service, i) => {
    const port = instancePort(service, i);
    const child = startChild(`${service}-${i}`, process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, `services/${service}/src/main.ts`)], {
      cwd: REPO_ROOT, env: { ...serviceEnv, PORT: String(port) },
    });
    const instance: Instance = { child, service, port };
    watch(instance);
    return instance;
  };
  for (const service of API_SERVICES) {
    for (let i = 1; i <= instances; i++) running.push(startInstance(service, i));
  }
  const startFailed = () => running.some((r) => r.child.proc.exitCode !== null);
  await Promise.all(running.map((r) => waitForHttp(`http://127.0.0.1:${r.port}/readyz`, 180_000, startFailed)));
  log(`${running.length} service instances ready`);

  if (withWeb) {
    const web: Instance = {
      service: 'web', port: webPort,
      child: startChild('web', process.execPath, [nextBin(), 'start', '-p', String(webPort), '-H', '127.0.0.1'], {
        cwd: WEB_DIR,
        env: {
          ...inherited,
          NEXT_TELEMETRY_DISABLED: '1',
          // Server-side calls go through the load balancer too; browsers open Socket.IO on nginx's origin.
          USER_API_URL: `http://127.0.0.1:${lbPort}`,
          ASTROLOGER_API_URL: `http://127.0.0.1:${lbPort}`,
          COMMUNICATION_API_URL: `http://127.0.0.1:${lbPort}`,
          SOCKET_URL: '',
        },
      }),
    };
    running.push(web);
    watch(web);
  }

  const proxy: Instance = {
    service: 'nginx', port: lbPort,
    child: startChild('nginx', bin, ['-p', nginx.prefix, '-e', nginx.errorLog, '-c', nginx.conf, '-g', 'daemon off;'], { cwd: nginx.prefix, env: process.env }),
  };
  running.push(proxy);
  watch(proxy);
  const lb = `http://127.0.0.1:${lbPort}`;
  await waitForHttp(`${lb}/api/user/astrologers?limit=1`, 30_000, () => proxy.child.proc.exitCode !== null);
  if (withWeb) await waitForHttp(`${lb}/`, 120_000, startFailed);
  writeClusterFile();

  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  const list = (s: ApiService) => Array.from({ length: instances }, (_, i) => instancePort(s, i + 1)).join(', ');
  console.log(`
  Anytime Pooja cluster is running (ready in ${seconds} s). Ctrl-C stops everything.

    Load balancer     ${origin}  (nginx; config ${nginx.conf})
    user              ${instances} instances on 127.0.0.1:${list('user')}
    astrologer        ${instances} instances on 127.0.0.1:${list('astrologer')}
    communication     ${instances} instances on 127.0.0.1:${list('communication')}  (Socket.IO at ${origin}/api/communication/socket.io)
    web app           ${withWeb ? `127.0.0.1:${webPort}` : 'not started (--no-web)'}
    nginx logs        ${path.join(nginx.prefix, 'logs')}
    Database          ${server.embedded ? databaseUrl : '(DATABASE_URL)'}
    Every answer carries X-Upstream (the instance that served it); pids are in ${path.join(stateDir, 'cluster.json')}.
`);
}

main().catch((err) => {
  console.error(`[cluster] failed: ${(err as Error).message}`);
  void shutdown(1);
});
