// npm start: the whole product on one machine — embedded PostgreSQL (unless DATABASE_URL is set), migrations,
// demo data, the three services and the web app. Ctrl-C stops everything, PostgreSQL included.
import { stateSecrets, takeLock as takeStateLock } from './lib/state.js';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createPool, defaultDataDir, EmbeddedAlreadyRunning, migrate } from '@ap/db';
import { ensureDatabase, openServer, type ServerHandle } from './lib/database.js';
import { REPO_ROOT } from './lib/paths.js';
import { portFree, startChild, stopChild, waitForHttp, type Child } from './lib/processes.js';
import { DEMO } from './lib/seed-data.js';
import { seed } from './lib/seed.js';
import { ensureWebBuild, nextBin, WEB_DIR } from './lib/web-build.js';

const PROFILES = {
  dev: { web: 3000, user: 3001, astrologer: 3002, communication: 3003, pg: 54322, freshDatabase: false },
  // The browser tests: other ports (a dev instance may be running) and a new database every run.
  e2e: { web: 4000, user: 4001, astrologer: 4002, communication: 4003, pg: 54333, freshDatabase: true },
  // The browser tests of Supabase Auth sign-in (playwright.supabase.config.ts), beside a fake Supabase Auth on 4014.
  'e2e-supabase': { web: 4010, user: 4011, astrologer: 4012, communication: 4013, pg: 54343, freshDatabase: true },
} as const;

const profileName = (process.env.AP_PROFILE ?? 'dev') as keyof typeof PROFILES;
if (!(profileName in PROFILES)) {
  console.error(`AP_PROFILE must be one of ${Object.keys(PROFILES).join(', ')}`);
  process.exit(2);
}
const profile = PROFILES[profileName];
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ports = {
  web: port('WEB_PORT', profile.web),
  user: port('USER_PORT', profile.user),
  astrologer: port('ASTROLOGER_PORT', profile.astrologer),
  communication: port('COMMUNICATION_PORT', profile.communication),
  pg: port('EMBEDDED_PG_PORT', profile.pg),
};
const DB_NAME = 'anytime_pooja';
const stateDir = defaultDataDir(REPO_ROOT, profileName);
const lockFile = path.join(stateDir, 'start.lock');
const log = (msg: string) => console.log(`[start] ${msg}`);
const t0 = Date.now();

function takeLock(): void {
  const pid = takeStateLock(stateDir, lockFile);
  if (pid) {
    console.error(`Anytime Pooja (${profileName}) is already running (pid ${pid}): open http://localhost:${ports.web}.\n` +
      'Stop it with Ctrl-C in its terminal (or kill ' + pid + ') before starting another.');
    process.exit(1);
  }
}

const secrets = () => stateSecrets(stateDir);

const children: Child[] = [];
let server: ServerHandle | null = null;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    log('stopping...');
    await Promise.all(children.map((c) => stopChild(c)));
    await server?.stop().catch(() => undefined);
    if (existsSync(lockFile) && readFileSync(lockFile, 'utf8') === String(process.pid)) rmSync(lockFile);
    log('stopped');
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

async function main() {
  takeLock();
  for (const [name, p] of Object.entries({ web: ports.web, user: ports.user, astrologer: ports.astrologer, communication: ports.communication })) {
    if (!(await portFree(p))) {
      console.error(`port ${p} (${name}) is already in use by another program; free it or set ${name.toUpperCase()}_PORT`);
      return shutdown(1);
    }
  }

  const pgLog: string[] = [];
  try {
    server = await openServer({ name: `${profileName}/pg`, port: ports.pg, databaseUrl: process.env.DATABASE_URL, log: (l) => pgLog.push(l) });
  } catch (err) {
    if (err instanceof EmbeddedAlreadyRunning) console.error(`${err.message}: another npm start is using it. Stop that one first.`);
    else console.error(`${(err as Error).message}\n${pgLog.slice(-20).join('\n')}`);
    return shutdown(1);
  }
  const databaseUrl = process.env.DATABASE_URL ?? (await ensureDatabase(server.serverUrl, DB_NAME, profile.freshDatabase));
  log(server.embedded ? `embedded PostgreSQL on 127.0.0.1:${ports.pg}, database ${DB_NAME}` : 'using DATABASE_URL');

  const pool = createPool({ connectionString: databaseUrl, max: 2 });
  try {
    const { applied } = await migrate(pool);
    const { astrologers } = await seed(pool);
    log(`database ready: ${applied.length} migrations applied, demo data present (${astrologers} astrologers)`);
  } finally {
    await pool.end();
  }

  ensureWebBuild(log);

  const webOrigin = `http://localhost:${ports.web}`;
  const devOnly = process.env.NODE_ENV === 'production' ? {} : {
    TEST_OTP_NUMBERS: process.env.TEST_OTP_NUMBERS ??
      [DEMO.admin, DEMO.customer, DEMO.astrologer].map((d) => `${d.phone}=${d.code}`).join(','),
  };
  const { NODE_ENV: _nodeEnv, ...inherited } = process.env;
  const serviceEnv = {
    ...inherited,
    ...secrets(),
    ...devOnly,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    MEDIA_DIR: process.env.MEDIA_DIR ?? path.join(stateDir, 'media'),
    PAYMENT_SANDBOX_PUBLIC_BASE_URL: process.env.PAYMENT_SANDBOX_PUBLIC_BASE_URL ?? webOrigin,
    CORS_ORIGINS: process.env.CORS_ORIGINS ?? `${webOrigin},http://127.0.0.1:${ports.web}`,
  };
  for (const name of ['user', 'astrologer', 'communication'] as const) {
    children.push(
      startChild(name, process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, `services/${name}/src/main.ts`)], {
        cwd: REPO_ROOT, env: { ...serviceEnv, PORT: String(ports[name]) },
      }),
    );
  }
  for (const child of children) {
    void child.exited.then((code) => {
      if (stopping) return;
      console.error(`[start] ${child.name} exited unexpectedly (code ${code}); stopping everything`);
      void shutdown(1);
    });
  }

  const anyExited = () => children.some((c) => c.proc.exitCode !== null);
  // The web app opens its port only once every service is ready, so whoever waits for the web app (a browser, the
  // end-to-end tests) never meets a half-started product.
  await Promise.all((['user', 'astrologer', 'communication'] as const).map((n) => waitForHttp(`http://127.0.0.1:${ports[n]}/readyz`, 120_000, anyExited)));
  const web = startChild('web', process.execPath, [nextBin(), 'start', '-p', String(ports.web)], {
      cwd: WEB_DIR,
      env: {
        ...inherited,
        NEXT_TELEMETRY_DISABLED: '1',
        USER_API_URL: `http://127.0.0.1:${ports.user}`,
        ASTROLOGER_API_URL: `http://127.0.0.1:${ports.astrologer}`,
        COMMUNICATION_API_URL: `http://127.0.0.1:${ports.communication}`,
      },
    });
  children.push(web);
  void web.exited.then((code) => {
    if (stopping) return;
    console.error(`[start] web exited unexpectedly (code ${code}); stopping everything`);
    void shutdown(1);
  });
  await waitForHttp(`http://127.0.0.1:${ports.web}/`, 120_000, anyExited);
  await waitForHttp(`http://127.0.0.1:${ports.web}/api/user/astrologers?limit=1`, 30_000, anyExited);

  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`
  Anytime Pooja is running (ready in ${seconds} s). Ctrl-C stops everything.

    Web app           ${webOrigin}            customers
                      ${webOrigin}/astrologer astrologer portal
                      ${webOrigin}/admin      admin
    User API          http://127.0.0.1:${ports.user}/docs
    Astrologer API    http://127.0.0.1:${ports.astrologer}/docs
    Communication API http://127.0.0.1:${ports.communication}/docs
    Database          ${server.embedded ? `${databaseUrl}` : '(DATABASE_URL)'}
${'TEST_OTP_NUMBERS' in devOnly ? `
  Demo logins (fixed code ${DEMO.customer.code}; any other number gets its code in this log):
    customer    ${DEMO.customer.phone}  at ${webOrigin}/login
    admin       ${DEMO.admin.phone}  at ${webOrigin}/login, then ${webOrigin}/admin
    astrologer  ${DEMO.astrologer.phone}  at ${webOrigin}/astrologer
` : ''}`);
}

main().catch((err) => {
  console.error(`[start] failed: ${(err as Error).message}`);
  void shutdown(1);
});
