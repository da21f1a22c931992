// deploy/: the compose file, the Dockerfiles and the nginx configuration, checked without a Docker engine (there is
// none on these machines): parsed, cross-checked against .env.example and the services' own settings schema, and the
// nginx configuration run through `nginx -t` when nginx is installed.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { parseEnv } from '@ap/core';
import { serviceEnv } from '@ap/platform';
import { checkNginxConf, COMPOSE_NGINX_CONF, composeLayout, composeNginxConf, nginxBinary, renderNginxConf } from '../lib/nginx.js';
import { REPO_ROOT } from '../lib/paths.js';

const read = (p: string) => readFileSync(path.join(REPO_ROOT, p), 'utf8');
const composeText = read('deploy/docker-compose.yml');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  env_file?: { path: string; required: boolean }[];
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  profiles?: string[];
}
const compose = YAML.parse(composeText, { merge: true, maxAliasCount: -1 }) as { services: Record<string, ComposeService> };
const services = compose.services;

/** `KEY=value  # comment` lines of .env.example, as compose reads an env file (inline comments dropped). */
function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!.replace(/\s+#.*$/, '').trim();
  }
  return out;
}
const envExample = read('.env.example');
const exampleValues = parseDotenv(envExample);

/** Compose interpolation of ${VAR}, ${VAR:-default} and ${VAR:?message} from the given values. */
const interpolate = (s: string, vars: Record<string, string>) =>
  s.replace(/\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (_, name: string, op?: string, arg?: string) => {
    const v = vars[name];
    if (v !== undefined && v !== '') return v;
    if (op === '-') return arg ?? '';
    throw new Error(`${name} is unset: ${arg}`);
  });

const API = { user: 3001, astrologer: 3002, communication: 3003 } as const;
const hostOf = (url: string) => new URL(url).hostname;

describe('deploy/docker-compose.yml', () => {
  it('has the data stores, the migrator, two instances of each service, the web app and nginx', () => {
    expect(Object.keys(services).sort()).toEqual([
      'astrologer-1', 'astrologer-2', 'communication-1', 'communication-2', 'migrate', 'nginx', 'pgbouncer', 'postgres', 'redis',
      'seed', 'user-1', 'user-2', 'web',
    ]);
    for (const [name, port] of Object.entries(API)) {
      const instances = Object.keys(services).filter((s) => s.startsWith(`${name}-`));
      expect(instances).toHaveLength(2);
      for (const i of instances) {
        const svc = services[i]!;
        expect(svc.build?.dockerfile).toBe(`deploy/${name}/Dockerfile`);
        expect(svc.environment?.PORT).toBe(String(port));
        expect(svc.healthcheck?.test.join(' ')).toContain('/readyz');
        expect(svc.volumes).toContain('media:/data/media');
        expect(svc.depends_on?.migrate?.condition).toBe('service_completed_successfully');
      }
    }
  });

  it('gives every long-running container a health check, and starts nginx only when all instances are healthy', () => {
    const oneShot = new Set(['migrate', 'seed']);
    for (const [name, svc] of Object.entries(services)) {
      if (oneShot.has(name)) expect(svc.healthcheck).toBeUndefined();
      else expect(svc.healthcheck?.test.length, name).toBeGreaterThan(1);
    }
    const waitsFor = Object.entries(services.nginx!.depends_on ?? {}).filter(([, d]) => d.condition === 'service_healthy').map(([n]) => n);
    expect(waitsFor.sort()).toEqual(['astrologer-1', 'astrologer-2', 'communication-1', 'communication-2', 'user-1', 'user-2', 'web']);
  });

  it('publishes only nginx, which serves the generated nginx.conf', () => {
    const published = Object.entries(services).filter(([, s]) => s.ports?.length).map(([n]) => n);
    expect(published).toEqual(['nginx']);
    expect(services.nginx!.ports).toEqual(['${HTTP_PORT:-8080}:80']);
    expect(services.nginx!.volumes).toContain('./nginx/nginx.conf:/etc/nginx/nginx.conf:ro');
  });

  it('pools service connections through PgBouncer in transaction mode, and keeps LISTEN and migrations direct', () => {
    expect(services.pgbouncer!.environment?.POOL_MODE).toBe('transaction');
    for (const name of Object.keys(API)) {
      const env = services[`${name}-1`]!.environment!;
      expect(hostOf(interpolate(env.DATABASE_DIRECT_URL!, exampleValues))).toBe('postgres');
      expect(env.REDIS_URL).toBe('redis://redis:6379');
    }
    for (const name of ['user', 'astrologer']) {
      expect(hostOf(interpolate(services[`${name}-1`]!.environment!.DATABASE_URL!, exampleValues))).toBe('pgbouncer');
    }
    // LISTEN through a transaction pooler would lose live events: as long as the communication service opens its
    // LISTEN connection from DATABASE_URL, that must be a direct connection.
    const listensOnDirect = read('services/communication/src/app.ts').includes('DATABASE_DIRECT_URL');
    const communicationDb = hostOf(interpolate(services['communication-1']!.environment!.DATABASE_URL!, exampleValues));
    if (!listensOnDirect) expect(communicationDb).toBe('postgres');
    // The migrator holds a session-level advisory lock: never through a transaction pooler.
    expect(hostOf(interpolate(services.migrate!.environment!.DATABASE_URL!, exampleValues))).toBe('postgres');
    expect(services.migrate!.command).toEqual(['node', '--enable-source-maps', 'services/user/dist/migrate.mjs']);
  });

  it('uses only variables that .env.example documents', () => {
    const used = [...new Set([...composeText.matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]!))];
    expect(used.length).toBeGreaterThan(0);
    const documented = (v: string) => new RegExp(`^#?\\s*${v}=`, 'm').test(envExample);
    expect(used.filter((v) => !documented(v))).toEqual([]);
  });

  it('gives each service a configuration its settings schema accepts (deploy/.env copied from .env.example)', () => {
    for (const [name, port] of Object.entries(API)) {
      const svc = services[`${name}-1`]!;
      expect(svc.env_file).toEqual([{ path: './.env', required: false }]);
      const environment = Object.fromEntries(Object.entries(svc.environment!).map(([k, v]) => [k, interpolate(String(v), exampleValues)]));
      // The README's one extra step for the default sandbox gateway.
      const env = parseEnv(serviceEnv(port), { ...exampleValues, PAYMENT_SANDBOX_SECRET: 'x'.repeat(32), ...environment });
      expect(env.PORT).toBe(port);
      expect(env.TRUST_PROXY).toBe('loopback, uniquelocal');
      expect(env.CORS_ORIGINS).toEqual(['http://localhost:8080']);
    }
  });

  it('points the web app at the load balancer and Socket.IO at the page origin', () => {
    const env = services.web!.environment!;
    expect([env.USER_API_URL, env.ASTROLOGER_API_URL, env.COMMUNICATION_API_URL]).toEqual(['http://nginx', 'http://nginx', 'http://nginx']);
    expect(env.SOCKET_URL).toBe('');
  });
});

describe('Dockerfiles', () => {
  for (const name of ['user', 'astrologer', 'communication', 'web']) {
    it(`${name}: multi-stage, production dependencies only, unprivileged, with a health check`, () => {
      const text = read(`deploy/${name}/Dockerfile`);
      expect(text.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
      expect(text).toMatch(/npm ci --omit=dev/);
      expect(text).toMatch(/^USER node$/m);
      expect(text).toMatch(/^HEALTHCHECK /m);
      expect(text).toContain(name === 'web' ? "fetch('http://127.0.0.1:3000/')" : '/readyz');
      // The build context is the repository root: its ignore file must keep local state out.
      expect(read(`deploy/${name}/Dockerfile.dockerignore`)).toMatch(/^\*\*\/node_modules$/m);
    });
  }
});

describe('nginx configuration (one template for compose and start:cluster)', () => {
  const conf = read('deploy/nginx/nginx.conf');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ap-nginx-test-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('deploy/nginx/nginx.conf is the template rendered for compose (regenerate: npx tsx scripts/lib/nginx.ts)', () => {
    expect(conf).toBe(composeNginxConf());
    expect(path.relative(REPO_ROOT, COMPOSE_NGINX_CONF)).toBe('deploy/nginx/nginx.conf');
  });

  it('routes each API to its instances, Socket.IO with upgrade and stickiness, and the rest to the web app', () => {
    for (const [name, port] of Object.entries(API)) {
      expect(conf).toContain(`server ${name}-1:${port} max_fails=1`);
      expect(conf).toContain(`server ${name}-2:${port} max_fails=1`);
      expect(conf).toMatch(new RegExp(`location /api/${name}/ \\{\\s+proxy_pass http://${name}_api;`));
    }
    const socket = /location \/api\/communication\/socket\.io\/ \{([^}]*)\}/.exec(conf)?.[1] ?? '';
    expect(socket).toContain('proxy_pass http://communication_socket;');
    expect(socket).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(socket).toContain('proxy_set_header Connection $connection_upgrade;');
    expect(conf).toMatch(/upstream communication_socket \{\s+hash \$remote_addr consistent;/);
    expect(conf).toMatch(/location \/ \{\s+proxy_pass http:\/\/web_app;/);
    expect(conf).toContain('proxy_next_upstream error timeout');
    expect(conf).not.toContain('X-Upstream'); // the debug header is for start:cluster only
  });

  it('caches hashed static assets as immutable', () => {
    const block = /location \/_next\/static\/ \{([^}]*)\}/.exec(conf)?.[1] ?? '';
    expect(block).toContain('add_header Cache-Control "public, max-age=31536000, immutable" always;');
    expect(block).toContain('proxy_cache static_assets;');
  });

  it('refuses a layout with an empty upstream, and a template placeholder it does not know', () => {
    const layout = composeLayout();
    expect(() => renderNginxConf({ ...layout, upstreams: { ...layout.upstreams, user: [] } })).toThrow(/at least one server/);
    expect(() => renderNginxConf(layout, `${readFileSync(path.join(REPO_ROOT, 'deploy/nginx/nginx.conf.template'), 'utf8')}\n# {{nope}}`)).toThrow(/nope/);
  });

  const bin = nginxBinary();
  it.skipIf(!bin)('passes nginx -t: the compose file, its container names and paths mapped onto this machine', () => {
    for (const d of ['temp', 'cache', 'logs']) mkdirSync(path.join(tmp, d), { recursive: true });
    const local = conf
      .replace(/^user nginx;$/m, '')
      .replace(/\b(user|astrologer|communication)-(\d):(\d+)/g, (_, _s, i: string, p: string) => `127.0.0.1:${Number(p) + 100 * Number(i)}`)
      .replace(/\bweb:3000\b/, '127.0.0.1:3000')
      .replace('listen 80;', 'listen 127.0.0.1:18079;')
      .replaceAll('/var/run/nginx.pid', path.join(tmp, 'nginx.pid'))
      .replaceAll('/var/log/nginx', path.join(tmp, 'logs'))
      .replaceAll('/var/cache/nginx', path.join(tmp, 'cache'));
    const file = path.join(tmp, 'compose.conf');
    writeFileSync(file, local);
    expect(checkNginxConf(bin!, file, tmp, path.join(tmp, 'logs', 'error.log'))).toBeNull();
  });

  it.skipIf(!bin)('passes nginx -t as start:cluster renders it (loopback instances, debug header)', () => {
    const dirs = Object.fromEntries(['temp', 'cache', 'logs'].map((d) => [d, path.join(tmp, `cluster-${d}`)]));
    for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
    const ports = (base: number) => [`127.0.0.1:${base + 1}`, `127.0.0.1:${base + 2}`, `127.0.0.1:${base + 3}`];
    const rendered = renderNginxConf({
      listen: '127.0.0.1:18078', workerProcesses: 1, debugUpstreamHeader: true,
      upstreams: { user: ports(18010), astrologer: ports(18020), communication: ports(18030), web: ['127.0.0.1:18000'] },
      pidFile: path.join(tmp, 'cluster.pid'), errorLog: path.join(dirs.logs!, 'error.log'), accessLog: path.join(dirs.logs!, 'access.log'),
      tempDir: dirs.temp!, cacheDir: dirs.cache!,
    });
    expect(rendered).toContain('add_header X-Upstream $upstream_addr always;');
    const file = path.join(tmp, 'cluster.conf');
    writeFileSync(file, rendered);
    expect(checkNginxConf(bin!, file, tmp, path.join(dirs.logs!, 'error.log'))).toBeNull();
  });

  if (!bin) it.skip('nginx is not installed (apt-get install -y nginx): nginx -t checks skipped', () => undefined);
});
