import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { parse } from 'yaml';
import { createCommunication } from '@ap/svc-communication';
import { REPO_ROOT } from '../lib/paths.js';
import { testStack, type TestStack } from '../../test/support/app.js';

interface Target { expr: string; refId: string }
interface Panel { id: number; type: string; title: string; gridPos: { x: number; y: number; w: number; h: number }; targets?: Target[] }
const dashboard = JSON.parse(readFileSync(path.join(REPO_ROOT, 'deploy/grafana/anytime-pooja.json'), 'utf8')) as {
  uid: string; title: string; panels: Panel[]; templating: { list: { name: string; query: unknown }[] };
};
const exprs = [
  ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
  ...dashboard.templating.list.map((v) => (typeof v.query === 'object' && v.query ? (v.query as { query: string }).query : '')).filter((q) => q.startsWith('label_values')),
];

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset']);

/** The metric names a PromQL expression reads: identifiers that are not functions, keywords or label names. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // label values
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\[[^\]]*\]/g, '') // range selectors
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '') // grouping labels
    .replace(/label_values\(\s*([a-zA-Z_:][\w:]*)\s*,[^)]*\)/g, '$1');
  return [...bare.matchAll(/[a-zA-Z_:][\w:]*/g)]
    .filter((m) => !bare.slice(m.index + m[0].length).trimStart().startsWith('(')) // a function
    .map((m) => m[0])
    .filter((name, i, all) => !KEYWORDS.has(name) && all.indexOf(name) === i);
}

let stack: TestStack;
let server: Server;
const scraped = new Set<string>();

beforeAll(async () => {
  stack = await testStack();
  const communication = createCommunication(stack.platform);
  server = createServer(communication.app).listen(0, '127.0.0.1');
  const live = communication.attach(server);
  stack.platform.onClose(() => live.close());
  await new Promise<void>((resolve) => { server.once('listening', () => resolve()); if (server.listening) resolve(); });
  // Traffic first, so the labelled series (histograms, counters) have samples, then each service's /metrics.
  await request(stack.user).get('/api/user/astrologers').expect(200);
  await request(stack.user).get('/api/user/astrologers').expect(200);
  await request(stack.user).get('/api/user/nothing-here').expect(404);
  for (const app of [stack.user, stack.astrologer, communication.app]) {
    const text = (await request(app).get('/metrics').expect(200)).text;
    for (const line of text.split('\n')) {
      const name = line.startsWith('# TYPE ') ? line.split(' ')[2] : /^[a-zA-Z_:][\w:]*/.exec(line)?.[0];
      if (!name) continue;
      scraped.add(name);
      if (line.endsWith(' histogram')) for (const s of ['_bucket', '_sum', '_count']) scraped.add(`${name}${s}`);
    }
  }
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await stack.close();
});

describe('deploy/grafana', () => {
  it('is a dashboard with panels that do not overlap, each query with its own refId', () => {
    expect(dashboard.uid).toBe('anytime-pooja-services');
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    const cells = new Set<string>();
    for (const p of dashboard.panels) {
      for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++) {
        for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
          expect(cells.has(`${x},${y}`), `${p.title} overlaps another panel`).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
      const refIds = (p.targets ?? []).map((t) => t.refId);
      expect(new Set(refIds).size).toBe(refIds.length);
    }
    expect(exprs.length).toBeGreaterThan(20);
  });

  it('covers requests, errors, latency, the pool, sockets, sessions, the cache and the job queue', () => {
    const used = new Set(exprs.flatMap(metricNames));
    for (const name of ['http_request_duration_seconds_count', 'http_request_duration_seconds_bucket', 'db_pool_waiting_requests', 'realtime_sockets_connected',
      'live_sessions_open', 'catalogue_cache_requests_total', 'jobs_pending', 'jobs_oldest_due_seconds']) {
      expect(used).toContain(name);
    }
  });

  it('reads only metrics that the running services expose at /metrics', () => {
    const missing = exprs.flatMap(metricNames).filter((name) => !scraped.has(name));
    expect(missing).toEqual([]);
  });

  it('is what the Grafana provisioning loads, over the Prometheus that scrapes every instance', () => {
    const provider = parse(readFileSync(path.join(REPO_ROOT, 'deploy/grafana/provisioning/dashboards/anytime-pooja.yml'), 'utf8')) as { providers: { type: string }[] };
    expect(provider.providers[0]!.type).toBe('file');
    const prometheus = parse(readFileSync(path.join(REPO_ROOT, 'deploy/grafana/prometheus.yml'), 'utf8')) as { scrape_configs: { static_configs: { targets: string[] }[] }[] };
    const compose = parse(readFileSync(path.join(REPO_ROOT, 'deploy/docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, { environment?: Record<string, string> }> };
    for (const target of prometheus.scrape_configs[0]!.static_configs[0]!.targets) {
      const [host, port] = target.split(':');
      expect(compose.services[host!]?.environment?.PORT, target).toBe(port);
    }
  });
});
