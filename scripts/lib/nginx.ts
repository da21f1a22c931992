// The load balancer's configuration, rendered from deploy/nginx/nginx.conf.template for both deployments: the
// compose file's nginx (deploy/nginx/nginx.conf, written by running this file) and `npm run start:cluster`.
//   npx tsx scripts/lib/nginx.ts            rewrites deploy/nginx/nginx.conf
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './paths.js';

export const NGINX_TEMPLATE = path.join(REPO_ROOT, 'deploy/nginx/nginx.conf.template');
export const COMPOSE_NGINX_CONF = path.join(REPO_ROOT, 'deploy/nginx/nginx.conf');
export const API_SERVICES = ['user', 'astrologer', 'communication'] as const;
export type ApiService = (typeof API_SERVICES)[number];

export interface NginxLayout {
  /** `listen` argument, e.g. `80` or `127.0.0.1:8080`. */
  listen: string;
  /** host:port of every instance. */
  upstreams: Record<ApiService | 'web', string[]>;
  pidFile: string;
  errorLog: string;
  accessLog: string;
  /** Parent of nginx's temporary body/proxy files. */
  tempDir: string;
  cacheDir: string;
  /** The unprivileged account workers run as, when the master runs as root (ignored otherwise: leave it out). */
  user?: string | undefined;
  workerProcesses?: number | 'auto';
  /** Adds `X-Upstream: <instance address>` to every answer: for tests and debugging, never in production. */
  debugUpstreamHeader?: boolean;
}

/** Seconds a server that refused or timed out is left out; one failure suffices (the next server takes the request). */
const FAIL_TIMEOUT_SECONDS = 10;

const serverLines = (addresses: string[]) => {
  if (addresses.length === 0) throw new Error('an upstream needs at least one server');
  return addresses.map((a) => `    server ${a} max_fails=1 fail_timeout=${FAIL_TIMEOUT_SECONDS}s;`).join('\n');
};

/** Fills the template's {{placeholders}}; an unknown or unfilled one is an error, so template and code cannot drift. */
export function renderNginxConf(layout: NginxLayout, template = readFileSync(NGINX_TEMPLATE, 'utf8')): string {
  const values: Record<string, string> = {
    user: layout.user ? `user ${layout.user};` : '',
    workerProcesses: String(layout.workerProcesses ?? 'auto'),
    pidFile: layout.pidFile,
    errorLog: layout.errorLog,
    accessLog: layout.accessLog,
    tempDir: layout.tempDir,
    cacheDir: layout.cacheDir,
    listen: layout.listen,
    userServers: serverLines(layout.upstreams.user),
    astrologerServers: serverLines(layout.upstreams.astrologer),
    communicationServers: serverLines(layout.upstreams.communication),
    webServers: serverLines(layout.upstreams.web),
    debugHeader: layout.debugUpstreamHeader ? '    add_header X-Upstream $upstream_addr always;' : '',
  };
  const used = new Set<string>();
  const out = template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`nginx template: unknown placeholder {{${name}}}`);
    used.add(name);
    return value;
  });
  const unused = Object.keys(values).filter((k) => !used.has(k));
  if (unused.length) throw new Error(`nginx template: placeholders missing from the template: ${unused.join(', ')}`);
  // Empty optional lines (no user, no debug header) leave no blank-line noise behind.
  return out.replace(/^[ \t]*\n(?=[ \t]*\n)/gm, '').replace(/^\n/, '');
}

/** The compose file's instances (service names on the compose network) and the official image's paths. */
export const COMPOSE_INSTANCES = 2;
export const COMPOSE_PORTS: Record<ApiService | 'web', number> = { user: 3001, astrologer: 3002, communication: 3003, web: 3000 };

export function composeLayout(): NginxLayout {
  const hosts = (name: ApiService) => Array.from({ length: COMPOSE_INSTANCES }, (_, i) => `${name}-${i + 1}:${COMPOSE_PORTS[name]}`);
  return {
    listen: '80',
    user: 'nginx',
    upstreams: { user: hosts('user'), astrologer: hosts('astrologer'), communication: hosts('communication'), web: [`web:${COMPOSE_PORTS.web}`] },
    pidFile: '/var/run/nginx.pid',
    errorLog: '/var/log/nginx/error.log',
    accessLog: '/var/log/nginx/access.log',
    tempDir: '/var/cache/nginx',
    cacheDir: '/var/cache/nginx/static',
  };
}

export const composeNginxConf = () =>
  `# GENERATED from nginx.conf.template by \`npx tsx scripts/lib/nginx.ts\`: do not edit by hand.\n${renderNginxConf(composeLayout())}`;

/** The nginx binary (Debian's package), or null when it is not installed. */
export function nginxBinary(): string | null {
  for (const candidate of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx']) if (existsSync(candidate)) return candidate;
  const which = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : null;
}

/** `nginx -t` on a rendered file: null when valid, else nginx's own message. */
export function checkNginxConf(bin: string, confFile: string, prefix: string, errorLog: string): string | null {
  const r = spawnSync(bin, ['-t', '-q', '-p', prefix, '-e', errorLog, '-c', confFile], { encoding: 'utf8' });
  return r.status === 0 ? null : `${r.stderr}${r.stdout}`.trim();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(COMPOSE_NGINX_CONF, composeNginxConf());
  console.log(`wrote ${path.relative(REPO_ROOT, COMPOSE_NGINX_CONF)}`);
}
