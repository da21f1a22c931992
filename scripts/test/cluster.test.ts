// `npm run start:cluster` end to end, on loopback: 2 instances of each service behind the real nginx, on this run's
// test database. Skipped when nginx is not installed (apt-get install -y nginx; .ci/run does).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDataDir } from '@ap/db';
import { testDb, type TestDb } from '../../test/support/db.js';
import { nginxBinary } from '../lib/nginx.js';
import { REPO_ROOT } from '../lib/paths.js';
import { portFree } from '../lib/processes.js';
import { DEMO } from '../lib/seed-data.js';

interface ClusterFile { pid: number; url: string; instances: { name: string; service: string; port: number; pid: number }[] }

const bin = nginxBinary();
const name = `cluster-test-${randomBytes(3).toString('hex')}`;
const stateDir = defaultDataDir(REPO_ROOT, name);
const clusterFile = path.join(stateDir, 'cluster.json');
const offsets = [0, 11, 12, 21, 22, 31, 32];

/** A block of ports (nginx at base+1, instances at base+11.., as cluster.ts lays them out) that are all free now. */
async function freeBase(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    // Below Linux's ephemeral range (32768+), where other tests' port-0 listeners land.
    const base = 20_000 + Math.floor(Math.random() * 126) * 100;
    const ports = [base + 1, ...offsets.map((o) => base + o)];
    if ((await Promise.all(ports.map((p) => portFree(p, '127.0.0.1')))).every(Boolean)) return base;
  }
  throw new Error('no free block of ports found');
}

let db: TestDb;
let cluster: ChildProcess | null = null;
let exited: Promise<number | null>;
let base = 0;
let lb = '';
let layout: ClusterFile;
const output: string[] = [];

async function get(pathname: string) {
  const res = await fetch(`${lb}${pathname}`, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, upstream: res.headers.get('x-upstream') ?? '', body: (await res.json()) as Record<string, unknown> };
}
const portsOf = (service: string) => layout.instances.filter((i) => i.service === service).map((i) => `127.0.0.1:${i.port}`);
/** The instance that finally answered (after a failed try, X-Upstream lists every address nginx tried). */
const lastHop = (upstream: string) => upstream.split(',').at(-1)!.trim();

/** The access token of the demo customer, signed in through nginx (fixed test code). */
let token: string | null = null;
async function customerToken(): Promise<string> {
  if (token) return token;
  const post = (p: string, body: unknown) =>
    fetch(`${lb}${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect((await post('/api/user/auth/login', { phone: DEMO.customer.phone })).status).toBe(202);
  const verify = await post('/api/user/auth/verify', { phone: DEMO.customer.phone, code: DEMO.customer.code });
  expect(verify.status).toBe(200);
  token = ((await verify.json()) as { accessToken: string }).accessToken;
  return token;
}

/** One Engine.IO long-polling request from a chosen loopback address (so nginx sees distinct clients). */
function pollRequest(from: string, method: 'GET' | 'POST', sid: string | null, body?: string) {
  const query = `EIO=4&transport=polling&t=${randomBytes(4).toString('hex')}${sid ? `&sid=${sid}` : ''}`;
  return new Promise<{ status: number; text: string; upstream: string }>((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port: base + 1, localAddress: from, method, path: `/api/communication/socket.io/?${query}`,
      headers: body ? { 'content-type': 'text/plain;charset=UTF-8' } : {}, timeout: 10_000,
    }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d)).on('end', () =>
        resolve({ status: res.statusCode!, text, upstream: String(res.headers['x-upstream'] ?? '') }));
    });
    req.on('timeout', () => req.destroy(new Error('poll timed out'))).on('error', reject);
    req.end(body);
  });
}

describe.skipIf(!bin)('npm run start:cluster (2 instances per service behind nginx)', () => {
  beforeAll(async () => {
    db = await testDb();
    base = await freeBase();
    lb = `http://127.0.0.1:${base + 1}`;
    cluster = spawn(process.execPath, ['--import', 'tsx', 'scripts/cluster.ts', '--no-web'], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        CLUSTER_NAME: name,
        CLUSTER_PORT: String(base + 1),
        CLUSTER_BASE_PORT: String(base),
        CLUSTER_INSTANCES: '2',
        LOG_LEVEL: 'warn',
        // Rate-limit counters of this run only (Redis, when there, outlives runs).
        RATE_LIMIT_NAMESPACE: `ct_${randomBytes(4).toString('hex')}`,
      },
    });
    for (const s of [cluster.stdout!, cluster.stderr!]) s.on('data', (d: Buffer) => output.push(d.toString()));
    exited = new Promise((resolve) => cluster!.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 150_000;
    while (!existsSync(clusterFile)) {
      if (cluster.exitCode !== null) throw new Error(`start:cluster exited (${cluster.exitCode}):\n${output.join('')}`);
      if (Date.now() > deadline) throw new Error(`start:cluster was not ready in 150 s:\n${output.join('')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    layout = JSON.parse(readFileSync(clusterFile, 'utf8')) as ClusterFile;
  }, 180_000);

  afterAll(async () => {
    if (cluster && cluster.exitCode === null) {
      try {
        process.kill(-cluster.pid!, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    await db?.close();
    rmSync(stateDir, { recursive: true, force: true });
  }, 60_000);

  it('serves the API through nginx and spreads requests over both user instances', async () => {
    expect(layout.url).toBe(lb);
    const users = portsOf('user');
    expect(users).toHaveLength(2);
    const seen = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const res = await get('/api/user/astrologers?limit=1');
      expect(res.status).toBe(200);
      expect((res.body.items as unknown[]).length).toBe(1);
      seen.add(res.upstream);
    }
    expect([...seen].sort()).toEqual(users.sort());
  });

  it('routes each API prefix to its own service', async () => {
    for (const service of ['astrologer', 'communication']) {
      const res = await get(`/api/${service}/no-such-route`);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('route_not_found');
      expect(portsOf(service)).toContain(lastHop(res.upstream));
    }
  });

  it('connects a Socket.IO client through nginx and upgrades it to a WebSocket', async () => {
    const accessToken = await customerToken();
    const socket = io(lb, { path: '/api/communication/socket.io', auth: { token: accessToken }, transports: ['polling', 'websocket'], reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect_error', reject);
        socket.io.engine.once('upgrade', () => resolve());
        setTimeout(() => reject(new Error('no WebSocket upgrade within 10 s')), 10_000);
      });
      expect(socket.connected).toBe(true);
      expect(socket.io.engine.transport.name).toBe('websocket');
    } finally {
      socket.close();
    }
  });

  it('keeps each long-polling client on one communication instance, and spreads clients over both', async () => {
    const accessToken = await customerToken();
    const servedBy = new Map<string, Set<string>>();
    // 16 clients, each from its own loopback address: Socket.IO over HTTP long-polling only (no upgrade), where every
    // request of a session must reach the instance holding it (another answers 400 "Session ID unknown").
    await Promise.all(Array.from({ length: 16 }, async (_, i) => {
      const from = `127.0.0.${i + 2}`;
      const seen = new Set<string>();
      const send = async (method: 'GET' | 'POST', sid: string | null, body?: string) => {
        const res = await pollRequest(from, method, sid, body);
        expect(res.status, `${from} ${method} ${body ?? ''}: ${res.text}`).toBe(200);
        seen.add(res.upstream);
        return res.text;
      };
      const open = await send('GET', null);
      const sid = (JSON.parse(open.slice(1)) as { sid: string }).sid;
      await send('POST', sid, `40${JSON.stringify({ token: accessToken })}`);
      expect(await send('GET', sid)).toMatch(/^40\{"sid"/);
      for (const ack of [1, 2]) {
        await send('POST', sid, `42${ack}${JSON.stringify(['auth:refresh', { token: accessToken }])}`);
        expect(await send('GET', sid)).toContain(`43${ack}[{"ok":true}]`);
      }
      servedBy.set(from, seen);
    }));
    for (const [from, seen] of servedBy) expect([...seen], from).toHaveLength(1);
    const instances = new Set([...servedBy.values()].map((s) => [...s][0]!));
    expect([...instances].sort()).toEqual(portsOf('communication').sort());
  });

  it('keeps answering when a user instance is killed (nginx routes around it)', async () => {
    const [victim, survivor] = layout.instances.filter((i) => i.service === 'user');
    process.kill(victim!.pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 8; i++) {
      const res = await get('/api/user/astrologers?limit=1');
      expect(res.status).toBe(200);
      expect(lastHop(res.upstream)).toBe(`127.0.0.1:${survivor!.port}`);
    }
    expect(output.join('')).toContain(`${victim!.name} exited`);
  });

  it('stops everything, nginx included, on SIGTERM', async () => {
    process.kill(cluster!.pid!, 'SIGTERM');
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 30_000))]);
    expect(code).toBe(0);
    const ports = [...new Set([base + 1, ...layout.instances.map((i) => i.port)])];
    expect(await Promise.all(ports.map((p) => portFree(p, '127.0.0.1')))).toEqual(ports.map(() => true));
  }, 40_000);
});

if (!bin) describe('npm run start:cluster', () => it.skip('nginx is not installed (apt-get install -y nginx): integration test skipped', () => undefined));
