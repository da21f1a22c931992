// Memory per 1,000 idle sockets in `npm run bench`: N authenticated Socket.IO clients (each its own customer) connect
// to one fresh communication instance and stay idle; the instance's own memory (VmRSS from /proc/<pid>/status, and
// the V8 heap from its /metrics, prom-client's nodejs_heap_size_used_bytes) is read before and after.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createTokenService } from '@ap/auth';
import type { Pool } from '@ap/db';
import { WireClient } from './chat.js';

export interface MemorySample { rssMb: number; heapUsedMb: number; metricsRssMb: number; sockets: number }
export interface IdleSocketResult {
  sockets: number;
  before: MemorySample;
  after: MemorySample;
  rssPerThousandMb: number;
  heapPerThousandMb: number;
  connectSeconds: number;
  fdSoftLimit: string;
  fdHardLimit: string;
  failed: number;
}

/** N customers with ids, for their tokens (one INSERT; phones +9163…). */
export async function prepareIdleUsers(pool: Pool, n: number): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `WITH i AS (INSERT INTO identities (kind, phone, roles)
                SELECT 'user', '+9163' || lpad(g::text, 8, '0'), '{user}' FROM generate_series(1, $1) AS g RETURNING id),
          u AS (INSERT INTO users (id, name) SELECT id, 'Bench idle customer' FROM i RETURNING id)
     SELECT id FROM u`, [n]);
  return rows.map((r) => r.id);
}

/** `ulimit -n` as this shell sees it (the instance inherits the bench's limits). */
export function fdLimits(): { soft: string; hard: string } {
  const run = (flag: string) => {
    try {
      return execFileSync('sh', ['-c', `ulimit ${flag}`], { encoding: 'utf8' }).trim();
    } catch {
      return '?';
    }
  };
  return { soft: run('-Sn'), hard: run('-Hn') };
}

async function sample(pid: number, base: string): Promise<MemorySample> {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
  const text = await (await fetch(`${base}/metrics`)).text();
  const metric = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)`, 'm').exec(text)?.[1] ?? NaN);
  return {
    rssMb: rssKb / 1024, heapUsedMb: metric('nodejs_heap_size_used_bytes') / 1048576,
    metricsRssMb: metric('process_resident_memory_bytes') / 1048576, sockets: metric('realtime_sockets_connected'),
  };
}

/** The median of three samples a second apart, by RSS (a GC between samples moves the heap figure). */
async function settled(pid: number, base: string): Promise<MemorySample> {
  const xs: MemorySample[] = [];
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    xs.push(await sample(pid, base));
  }
  return xs.sort((a, b) => a.rssMb - b.rssMb)[1]!;
}

export async function benchIdleSockets(opts: { pid: number; baseUrl: string; jwtSecret: string; userIds: string[]; settleSeconds?: number }): Promise<IdleSocketResult> {
  const tokens = createTokenService({ secret: opts.jwtSecret, accessTtlSeconds: 3600 });
  const signed = await Promise.all(opts.userIds.map((id) => tokens.sign({ id, kind: 'user', roles: ['user'] })));
  // Warm the handshake path (JIT, first allocations) with a few clients, then let them go.
  const warm = await Promise.all(signed.slice(0, 50).map((t) => WireClient.connect(opts.baseUrl, t)));
  for (const c of warm) c.close();
  await new Promise((r) => setTimeout(r, (opts.settleSeconds ?? 3) * 1000));
  const before = await settled(opts.pid, opts.baseUrl);
  const clients: WireClient[] = [];
  let failed = 0;
  const t0 = performance.now();
  for (let i = 0; i < signed.length; i += 100) {
    const batch = await Promise.allSettled(signed.slice(i, i + 100).map((t) => WireClient.connect(opts.baseUrl, t)));
    for (const r of batch) {
      if (r.status === 'fulfilled') clients.push(r.value);
      else failed++;
    }
  }
  const connectSeconds = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, (opts.settleSeconds ?? 3) * 1000));
  const after = await settled(opts.pid, opts.baseUrl);
  for (const c of clients) c.close();
  const { soft, hard } = fdLimits();
  const k = clients.length / 1000;
  return {
    sockets: clients.length, before, after, connectSeconds, failed, fdSoftLimit: soft, fdHardLimit: hard,
    rssPerThousandMb: (after.rssMb - before.rssMb) / k, heapPerThousandMb: (after.heapUsedMb - before.heapUsedMb) / k,
  };
}
