'use client';

import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, isApiError, type ApiError } from '../lib/api';
import { rupees } from '../lib/format';
import { isAdmin, useHydrated, useSession } from '../lib/session';
import type { AdminPracticeMetrics } from '../lib/types';
import { ErrorAlert } from './error-alert';
import { PageLoading, SignInPrompt } from './sign-in-prompt';

const WINDOWS = [7, 30, 90] as const;
const pct = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

function Tile({ label, value, detail }: { label: string; value: string; detail: string }) {
  return (
    <section className="earn-card" aria-label={label}>
      <h2 className="earn-card__label">{label}</h2>
      <p className="earn-card__net">{value}</p>
      <p className="muted small">{detail}</p>
    </section>
  );
}

function MetricsView() {
  const [days, setDays] = useState<(typeof WINDOWS)[number]>(30);
  const [data, setData] = useState<AdminPracticeMetrics | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      setData(await api<AdminPracticeMetrics>(`/api/astrologer/admin/metrics?days=${days}&limit=100`, { auth: 'customer' }));
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    }
  }, [days]);

  useEffect(() => {
    void load();
  }, [load]);

  const c = data?.consultations;
  const finished = c ? c.completed + c.cancelled + c.declined + c.expired + c.noShow : 0;
  const outcomes = c
    ? [
        { name: 'Completed', n: c.completed },
        { name: 'Cancelled', n: c.cancelled },
        { name: 'Declined', n: c.declined },
        { name: 'Expired', n: c.expired },
        { name: 'No-show', n: c.noShow },
      ]
    : [];

  return (
    <div className="stack-lg">
      <div className="section__head">
        <div>
          <p className="eyebrow">
            <Link href="/admin">Admin</Link> /
          </p>
          <h1 className="h2">Business metrics</h1>
          <p className="muted small">From the consultations and the ledger, for the last {days} days.</p>
        </div>
        <div className="tabs tabs--inline" role="tablist" aria-label="Window">
          {WINDOWS.map((d) => (
            <button key={d} type="button" role="tab" aria-selected={days === d} className="tabs__tab" onClick={() => setDays(d)}>
              {d} days
            </button>
          ))}
        </div>
      </div>
      {error && (
        <ErrorAlert error={error} title="We couldn't load the metrics.">
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load()}>
            Try again
          </button>
        </ErrorAlert>
      )}
      {!data && !error && <PageLoading label="Loading metrics…" />}
      {data && c && (
        <>
          <div className="earn-grid">
            <Tile label="Completion rate" value={pct(c.completionRate)} detail={`${c.completed} of ${finished} finished consultations`} />
            <Tile label="GMV" value={rupees(data.revenue.gmvPaise)} detail={`${rupees(data.revenue.allTimeGmvPaise)} all time`} />
            <Tile label="Platform revenue" value={rupees(data.revenue.platformRevenuePaise)} detail={`${rupees(data.revenue.allTimePlatformRevenuePaise)} all time`} />
            <Tile
              label="Active customers"
              value={String(data.activeUsers.customers30d)}
              detail={`${data.activeUsers.customers7d} in 7 days · astrologers ${data.activeUsers.astrologers7d} / ${data.activeUsers.astrologers30d}`}
            />
          </div>
          <section className="panel" aria-labelledby="outcomes-title">
            <h2 id="outcomes-title" className="h3 panel__title">
              How consultations ended
            </h2>
            <figure role="img" aria-label={`Consultation outcomes: ${outcomes.map((o) => `${o.name} ${o.n}`).join(', ')}`} style={{ margin: 0, height: 220 }} data-testid="chart-outcomes">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={outcomes} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
                  <CartesianGrid stroke="#ecdcc6" vertical={false} />
                  <XAxis dataKey="name" tick={{ fontSize: 12, fill: '#6f5f55' }} />
                  <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: '#6f5f55' }} />
                  <Tooltip />
                  <Bar dataKey="n" name="Consultations" fill="#f28c28" radius={[3, 3, 0, 0]} isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </figure>
          </section>
          <section className="panel" aria-labelledby="perf-title">
            <h2 id="perf-title" className="h3 panel__title">
              Astrologer performance
            </h2>
            <p className="muted small">Sessions, minutes and earnings in the window; rating over all time. Highest net earnings first.</p>
            <div style={{ overflowX: 'auto' }}>
              <table className="small" style={{ width: '100%', borderCollapse: 'collapse', minWidth: 640 }} aria-labelledby="perf-title">
                <thead>
                  <tr style={{ textAlign: 'left' }}>
                    <th scope="col">Astrologer</th>
                    <th scope="col">Sessions</th>
                    <th scope="col">Minutes</th>
                    <th scope="col">Gross</th>
                    <th scope="col">Net</th>
                    <th scope="col">Rating</th>
                    <th scope="col">Acceptance</th>
                  </tr>
                </thead>
                <tbody>
                  {data.astrologers.map((a) => (
                    <tr key={a.id} style={{ borderTop: '1px solid #f3e7d6' }}>
                      <th scope="row" style={{ textAlign: 'left', padding: '8px 8px 8px 0', fontWeight: 600 }}>
                        {a.displayName}
                        {a.status !== 'approved' && <span className="muted"> ({a.status})</span>}
                      </th>
                      <td>{a.sessions}</td>
                      <td>{a.minutes}</td>
                      <td>{rupees(a.grossPaise)}</td>
                      <td>{rupees(a.netPaise)}</td>
                      <td>{a.rating.average === null ? '—' : `${a.rating.average.toFixed(2)} (${a.rating.count})`}</td>
                      <td>{pct(a.acceptanceRate)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </div>
  );
}

export function AdminMetricsPage() {
  const hydrated = useHydrated();
  const session = useSession('customer');
  let content;
  if (!hydrated) content = <PageLoading />;
  else if (!session) content = <SignInPrompt title="Admins only" text="Log in with an admin account to see the metrics." next="/admin/metrics" allowSignup={false} />;
  else if (!isAdmin(session)) content = <p className="panel center">This area is for Anytime Pooja administrators.</p>;
  else content = <MetricsView />;
  return <section className="container page-top stack-lg">{content}</section>;
}
