// npm run test:pgbouncer: the whole suite (npm test) with every pool going through a PgBouncer in transaction pooling
// mode, as in deploy/docker-compose.yml. PgBouncer (Debian's /usr/sbin/pgbouncer) runs on a free port with a
// temporary configuration in front of PGBOUNCER_UPSTREAM (default postgres://postgres@127.0.0.1:5432/test):
// DATABASE_URL is PgBouncer, DATABASE_DIRECT_URL the server itself (databases are created, dropped and migrated
// directly; LISTEN needs a session of its own). Extra arguments go to npm test (e.g. a file filter).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './lib/paths.js';
import { freePort } from './lib/processes.js';

const BIN = process.env.PGBOUNCER_BIN ?? '/usr/sbin/pgbouncer';
if (!existsSync(BIN)) {
  console.error(`no pgbouncer at ${BIN} (apt-get install -y pgbouncer, or set PGBOUNCER_BIN)`);
  process.exit(2);
}
const upstream = new URL(process.env.PGBOUNCER_UPSTREAM ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');


const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); }).once('error', () => resolve(false));
  });

const port = await freePort();
const dir = mkdtempSync(path.join(os.tmpdir(), 'ap-pgbouncer-'));
// pgbouncer refuses to run as root; its files must be readable by the user it runs as.
const asRoot = process.getuid?.() === 0;
const config = `[databases]
* = host=${upstream.hostname} port=${upstream.port || 5432}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${port}
unix_socket_dir =
auth_type = trust
auth_file = ${path.join(dir, 'users.txt')}
pool_mode = transaction
max_client_conn = 2000
default_pool_size = 20
max_db_connections = 40
server_reset_query =
ignore_startup_parameters = extra_float_digits
server_lifetime = 3600
server_idle_timeout = 30
autodb_idle_timeout = 30
log_connections = 0
log_disconnections = 0
logfile = ${path.join(dir, 'pgbouncer.log')}
pidfile = ${path.join(dir, 'pgbouncer.pid')}
${asRoot ? 'user = postgres\n' : ''}`;
writeFileSync(path.join(dir, 'pgbouncer.ini'), config);
writeFileSync(path.join(dir, 'users.txt'), `"${decodeURIComponent(upstream.username || 'postgres')}" "${decodeURIComponent(upstream.password)}"\n`);
if (asRoot) spawnSync('chown', ['-R', 'postgres', dir]);

const bouncer = spawn(BIN, [path.join(dir, 'pgbouncer.ini')], { stdio: 'ignore' });
let stopped = false;
const stop = () => {
  if (stopped) return;
  stopped = true;
  bouncer.kill('SIGINT');
};
process.on('exit', () => { stop(); rmSync(dir, { recursive: true, force: true }); });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { stop(); process.exit(130); });

for (let i = 0; !(await answers(port)); i++) {
  if (i > 50 || bouncer.exitCode !== null) {
    console.error(`pgbouncer did not start:\n${existsSync(path.join(dir, 'pgbouncer.log')) ? readFileSync(path.join(dir, 'pgbouncer.log'), 'utf8') : ''}`);
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 100));
}

const pooled = new URL(upstream);
pooled.hostname = '127.0.0.1';
pooled.port = String(port);
console.log(`pgbouncer (transaction pooling) on 127.0.0.1:${port} in front of ${upstream.host}`);
const status = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(REPO_ROOT, 'scripts/test.ts'), ...process.argv.slice(2)], {
  cwd: REPO_ROOT, stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: pooled.toString(), DATABASE_DIRECT_URL: upstream.toString() },
}).status;
stop();
process.exitCode = status ?? 1;
