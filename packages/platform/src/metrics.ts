import type { Pool } from '@ap/db';
import client from 'prom-client';

interface JobSnapshot {
  pending: { name: string; due: boolean; n: number }[];
  oldestDueSeconds: number;
  failedLastHour: number;
}

/**
 * The durable job queue (the `jobs` table) for /metrics, read at scrape time so every instance reports the same
 * queue: pending jobs by name (due now or scheduled later), how late the oldest due job is (a stuck or absent runner
 * shows as a growing lag), and jobs that gave up in the last hour. One query per scrape.
 */
export function registerJobQueueMetrics(registry: client.Registry, pool: Pool): void {
  let shared: { at: number; value: Promise<JobSnapshot | null> } | null = null;
  const snapshot = (): Promise<JobSnapshot | null> => {
    if (shared && Date.now() - shared.at < 1_000) return shared.value;
    const value = pool.query<{ name: string; due: boolean; n: number; oldest: number; failed: number }>(
      `SELECT name, run_at <= now() AS due, count(*)::int AS n,
              coalesce(extract(epoch FROM now() - min(run_at)) FILTER (WHERE run_at <= now()), 0)::float8 AS oldest, 0 AS failed
         FROM jobs WHERE status = 'pending' GROUP BY name, run_at <= now()
       UNION ALL
       SELECT '', false, 0, 0, count(*)::int FROM jobs WHERE status = 'failed' AND finished_at > now() - interval '1 hour'`,
    ).then(({ rows }) => ({
      pending: rows.filter((r) => r.name !== ''),
      oldestDueSeconds: Math.max(0, ...rows.map((r) => r.oldest)),
      failedLastHour: rows.reduce((sum, r) => sum + r.failed, 0),
    }), () => null);
    shared = { at: Date.now(), value };
    return value;
  };

  new client.Gauge({
    name: 'jobs_pending', help: 'Durable jobs waiting to run, by job name and whether they are due', labelNames: ['name', 'state'] as const, registers: [registry],
    async collect() {
      const s = await snapshot();
      this.reset();
      for (const r of s?.pending ?? []) this.set({ name: r.name, state: r.due ? 'due' : 'scheduled' }, r.n);
    },
  });
  new client.Gauge({
    name: 'jobs_oldest_due_seconds', help: 'How long the oldest due job has been waiting (0 when none is due)', registers: [registry],
    async collect() { this.set((await snapshot())?.oldestDueSeconds ?? 0); },
  });
  new client.Gauge({
    name: 'jobs_failed_last_hour', help: 'Jobs that used up their attempts in the last hour', registers: [registry],
    async collect() { this.set((await snapshot())?.failedLastHour ?? 0); },
  });
}
