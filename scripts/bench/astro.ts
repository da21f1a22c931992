// Kundli throughput for `npm run bench`: charts per second computed in-process on one core (the engine alone, and
// the user service's whole anonymous kundli use case: birth time → UTC, chart, sunrise and vara, ISO formatting),
// and through the HTTP API (POST /api/user/kundli with coordinates, so no place look-up), in the same run.
// Standalone: `npx tsx scripts/bench/astro.ts [--seconds 5] [--api http://127.0.0.1:3001]`.
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { birthInstant, computeKundli } from '@ap/astro';
import type { Pool } from '@ap/db';
import { offlineGeocoder } from '@ap/geo';
import { createHoroscopeService } from '@ap/horoscope';

export interface KundliBenchResult {
  engine: { chartsPerSecond: number; charts: number };
  service: { chartsPerSecond: number; charts: number };
  api: { chartsPerSecond: number; p50: number; p99: number; errors: number; non2xx: number } | null;
  report: string;
}

/** Deterministic pseudo-random births over 1900–2100 at Indian places (seeded, so runs compare). */
function births(seed = 7) {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pad = (n: number) => String(n).padStart(2, '0');
  return () => {
    const d = new Date(Date.UTC(1900, 0, 1) + rnd() * 200 * 365.25 * 86_400_000);
    return {
      name: 'Bench', date: d.toISOString().slice(0, 10), time: `${pad(Math.floor(rnd() * 24))}:${pad(Math.floor(rnd() * 60))}`,
      lat: Math.round((8 + rnd() * 26) * 1e4) / 1e4, lon: Math.round((68 + rnd() * 29) * 1e4) / 1e4,
      timeZone: 'Asia/Kolkata', ayanamsa: 'lahiri' as const,
    };
  };
}

async function countFor(seconds: number, fn: () => unknown | Promise<unknown>): Promise<{ chartsPerSecond: number; charts: number }> {
  for (let i = 0; i < 200; i++) await fn(); // warm up the JIT
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  let charts = 0;
  while (performance.now() < until) {
    for (let i = 0; i < 50; i++) await fn();
    charts += 50;
  }
  return { chartsPerSecond: charts / ((performance.now() - started) / 1000), charts };
}

/** Runs the kundli bench; pass `apiBaseUrl` (the user service, e.g. http://127.0.0.1:3001) to include the HTTP API. */
export async function benchKundli(opts: { seconds?: number; apiBaseUrl?: string; connections?: number } = {}): Promise<KundliBenchResult> {
  const seconds = opts.seconds ?? 5;
  const next = births();
  const engine = await countFor(seconds, () => {
    const b = next();
    const at = birthInstant(b);
    return at.ok && computeKundli({ utcMs: at.utcMs, lat: b.lat, lon: b.lon });
  });
  // Anonymous callers never touch the database, so the service runs without a pool here.
  const svc = createHoroscopeService({ pool: null as unknown as Pool, geocoder: offlineGeocoder() });
  const service = await countFor(seconds, () => svc.kundli(null, next()).catch(() => undefined));
  let api: KundliBenchResult['api'] = null;
  if (opts.apiBaseUrl) {
    const bodies = Array.from({ length: 500 }, () => JSON.stringify(next()));
    let n = 0;
    const r = await autocannon({
      url: `${opts.apiBaseUrl}/api/user/kundli`, method: 'POST', connections: opts.connections ?? 20, duration: seconds,
      // Each request from its own address, as separate visitors would be: the per-IP limit is not what is measured.
      requests: [{ setupRequest: (req) => {
        n++;
        return { ...req, body: bodies[n % bodies.length]!, headers: { ...req.headers, 'content-type': 'application/json', 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` } };
      } }],
    });
    api = { chartsPerSecond: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
  }
  const line = (label: string, v: number) => `  ${label.padEnd(34)} ${v.toFixed(0).padStart(7)} charts/s`;
  const report = [
    `kundli (birth time → UTC, 9 grahas, lagna, D1/D9, panchang limbs, Vimshottari), ${seconds} s each`,
    line('engine in-process, one core', engine.chartsPerSecond),
    line('service use case in-process', service.chartsPerSecond),
    ...(api ? [`${line('HTTP API', api.chartsPerSecond)}   p50 ${api.p50} ms   p99 ${api.p99} ms   errors ${api.errors}   non-2xx ${api.non2xx}`] : []),
  ].join('\n');
  return { engine, service, api, report };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const result = await benchKundli({ seconds: Number(arg('seconds') ?? 5), ...(arg('api') ? { apiBaseUrl: arg('api')! } : {}) });
  console.log(result.report);
}
