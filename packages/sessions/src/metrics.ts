import type { Pool } from '@ap/db';
import client from 'prom-client';

interface Snapshot { open: Map<string, number>; ended: Map<string, number>; billedMinutes: number }

/**
 * Session gauges for /metrics, read from the database at scrape time (so every instance reports the same truth,
 * whichever instance ran the sessions): open sessions by state, and the last hour's outcomes and billed minutes.
 * One query per scrape: the gauges' collect() calls share it.
 */
export function registerSessionMetrics(registry: client.Registry, pool: Pool): void {
  let shared: { at: number; value: Promise<Snapshot | null> } | null = null;
  const snapshot = (): Promise<Snapshot | null> => {
    if (shared && Date.now() - shared.at < 1_000) return shared.value;
    const value = pool.query<{ status: string; n: number; billed: number; open: boolean }>(
      `SELECT status, count(*)::int AS n, coalesce(sum(billed_minutes), 0)::int AS billed, status IN ('requested', 'active') AS open
         FROM consultations
        WHERE kind = 'instant' AND (status IN ('requested', 'active') OR ended_at > now() - interval '1 hour')
        GROUP BY status`,
    ).then(({ rows }) => ({
      open: new Map([['requested', 0], ['active', 0], ...rows.filter((r) => r.open).map((r) => [r.status, r.n] as [string, number])]),
      ended: new Map(rows.filter((r) => !r.open).map((r) => [r.status, r.n])),
      billedMinutes: rows.filter((r) => !r.open).reduce((sum, r) => sum + r.billed, 0),
    }), () => null);
    shared = { at: Date.now(), value };
    return value;
  };

  new client.Gauge({
    name: 'live_sessions_open', help: 'Instant sessions requested or in progress', labelNames: ['status'] as const, registers: [registry],
    async collect() {
      const s = await snapshot();
      this.reset();
      for (const [status, n] of s?.open ?? []) this.set({ status }, n);
    },
  });
  new client.Gauge({
    name: 'live_sessions_ended_last_hour', help: 'Instant sessions that ended in the last hour, by outcome', labelNames: ['status'] as const, registers: [registry],
    async collect() {
      const s = await snapshot();
      this.reset();
      for (const [status, n] of s?.ended ?? []) this.set({ status }, n);
    },
  });
  new client.Gauge({
    name: 'live_session_billed_minutes_last_hour', help: 'Minutes billed by instant sessions that ended in the last hour', registers: [registry],
    async collect() { this.set((await snapshot())?.billedMinutes ?? 0); },
  });
  new client.Gauge({
    name: 'live_sessions_scrape_ok', help: '1 when the session gauges could be read from the database', registers: [registry],
    async collect() { this.set((await snapshot()) ? 1 : 0); },
  });
}
