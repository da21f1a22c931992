'use client';

import { useCallback, useEffect, useState, type ReactNode } from 'react';
import {
  Area, AreaChart, Bar, CartesianGrid, ComposedChart, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis,
} from 'recharts';
import { api, isApiError, type ApiError } from '../lib/api';
import { rupees } from '../lib/format';
import { addDays, dateMedium, rangeLabel } from '../lib/time';
import type { AnalyticsBucket, AnalyticsMetrics, PracticeAnalytics } from '../lib/types';
import { PortalNav } from './astrologer-work';
import { ErrorAlert } from './error-alert';
import { PageLoading } from './sign-in-prompt';

const PRESETS: { key: string; label: string; bucket: AnalyticsBucket; days: number }[] = [
  { key: '30d', label: '30 days', bucket: 'day', days: 30 },
  { key: '12w', label: '12 weeks', bucket: 'week', days: 12 * 7 },
  { key: '12m', label: '12 months', bucket: 'month', days: 365 },
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A bucket's axis label: "14 Jul" for days and weeks, "Jul 26" for months. */
function bucketLabel(start: string, bucket: AnalyticsBucket): string {
  const [y, m, d] = start.split('-');
  const month = MONTHS[Number(m) - 1] ?? m;
  return bucket === 'month' ? `${month} ${y?.slice(2)}` : `${Number(d)} ${month}`;
}

const pct = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);
const pctValue = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);

// Axis text matches --muted in globals.css (4.5:1 on white); axe does not measure SVG text, so keep them in step.
const COLORS = { saffron: '#f28c28', maroon: '#7a1f35', gold: '#c9971c', green: '#177a43', line: '#ecdcc6', muted: '#6f5f55' };

function Figure({ id, title, summary, children }: { id: string; title: string; summary: string; children: ReactNode }) {
  return (
    // Named apart from the totals tile of the same title above it: two regions with one name cannot be told apart.
    <section className="panel" aria-label={`${title} chart`}>
      <h2 id={`${id}-title`} className="h3 panel__title">
        {title}
      </h2>
      <figure className="analytics-chart" role="img" aria-label={`${title}: ${summary}`} style={{ margin: 0, width: '100%', height: 240 }} data-testid={id}>
        {children}
      </figure>
    </section>
  );
}

function Totals({ t }: { t: AnalyticsMetrics }) {
  const tiles: [string, string, string][] = [
    ['Sessions', String(t.sessions), `${t.minutes} minutes`],
    ['Net earnings', rupees(t.earnings.netPaise), `${rupees(t.earnings.grossPaise)} gross`],
    ['Average rating', t.rating.average === null ? '—' : t.rating.average.toFixed(2), t.rating.count === 1 ? '1 review' : `${t.rating.count} reviews`],
    ['Repeat clients', pct(t.repeatClientRate), `${t.repeatClients} of ${t.clients} clients came back`],
    ['Acceptance rate', pct(t.acceptanceRate), `${t.requests.accepted} accepted · ${t.requests.declined} declined · ${t.requests.expired} missed`],
  ];
  return (
    <div className="earn-grid" style={{ gridTemplateColumns: 'repeat(auto-fit, minmax(170px, 1fr))' }}>
      {tiles.map(([label, value, detail]) => (
        <section key={label} className="earn-card" aria-label={label}>
          <h2 className="earn-card__label">{label}</h2>
          <p className="earn-card__net">{value}</p>
          <p className="muted small">{detail}</p>
        </section>
      ))}
    </div>
  );
}

export function AnalyticsView() {
  const [preset, setPreset] = useState(PRESETS[0]!);
  const [anchor, setAnchor] = useState<string | null>(null);
  const [data, setData] = useState<PracticeAnalytics | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const q = new URLSearchParams({ bucket: preset.bucket });
      // "Today" is the astrologer's, so the first answer (without dates) fixes it for the other ranges.
      if (anchor) {
        q.set('to', anchor);
        q.set('from', addDays(anchor, -(preset.days - 1)));
      }
      const res = await api<PracticeAnalytics>(`/api/astrologer/analytics?${q}`, { auth: 'astrologer' });
      setData(res);
      if (!anchor) setAnchor(res.to);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    }
  }, [preset, anchor]);

  useEffect(() => {
    void load();
  }, [load]);

  const rows = (data?.buckets ?? []).map((b) => ({
    label: bucketLabel(b.start, data!.bucket),
    start: b.start,
    sessions: b.sessions,
    minutes: b.minutes,
    net: b.earnings.netPaise / 100,
    rating: b.rating.average,
    acceptance: pctValue(b.acceptanceRate),
    repeat: pctValue(b.repeatClientRate),
  }));
  const tick = { fontSize: 12, fill: COLORS.muted };

  return (
    <div className="stack-lg">
      <div>
        <p className="eyebrow">Astrologer portal</p>
        <h1 className="h2">Analytics</h1>
        <p className="muted small">
          {data ? `${rangeLabel(data.from, data.to)} · dates in ${data.timeZone}` : 'Your practice over time'}
          {data?.bucket === 'week' ? ' · weeks start on Monday' : ''}
        </p>
      </div>
      <PortalNav />
      <div className="tabs tabs--inline" role="tablist" aria-label="Period">
        {PRESETS.map((p) => (
          <button key={p.key} type="button" role="tab" aria-selected={preset.key === p.key} className="tabs__tab" onClick={() => setPreset(p)}>
            {p.label}
          </button>
        ))}
      </div>
      {error && (
        <ErrorAlert error={error} title="We couldn't load your analytics.">
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load()}>
            Try again
          </button>
        </ErrorAlert>
      )}
      {!data && !error && <PageLoading label="Loading analytics…" />}
      {data && (
        <>
          <Totals t={data.totals} />
          <div className="earn-layout">
            <Figure id="chart-sessions" title="Sessions and minutes" summary={`${data.totals.sessions} sessions, ${data.totals.minutes} minutes`}>
              <ResponsiveContainer width="100%" height="100%">
                <ComposedChart data={rows} margin={{ top: 8, right: 4, bottom: 0, left: -16 }}>
                  <CartesianGrid stroke={COLORS.line} vertical={false} />
                  <XAxis dataKey="label" tick={tick} interval="preserveStartEnd" minTickGap={16} />
                  <YAxis yAxisId="s" allowDecimals={false} tick={tick} />
                  <YAxis yAxisId="m" orientation="right" allowDecimals={false} tick={tick} />
                  <Tooltip />
                  <Legend wrapperStyle={{ fontSize: 12 }} />
                  <Bar yAxisId="s" dataKey="sessions" name="Sessions" fill={COLORS.saffron} radius={[3, 3, 0, 0]} isAnimationActive={false} />
                  <Line yAxisId="m" dataKey="minutes" name="Minutes" stroke={COLORS.maroon} dot={false} strokeWidth={2} isAnimationActive={false} />
                </ComposedChart>
              </ResponsiveContainer>
            </Figure>
            <Figure id="chart-earnings" title="Net earnings" summary={`${rupees(data.totals.earnings.netPaise)} after commission`}>
              <ResponsiveContainer width="100%" height="100%">
                <AreaChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
                  <CartesianGrid stroke={COLORS.line} vertical={false} />
                  <XAxis dataKey="label" tick={tick} interval="preserveStartEnd" minTickGap={16} />
                  <YAxis tick={tick} tickFormatter={(v: number) => `₹${v.toLocaleString('en-IN')}`} />
                  <Tooltip formatter={(v) => rupees(Math.round(Number(v) * 100))} />
                  <Area dataKey="net" name="Net" stroke={COLORS.maroon} fill={COLORS.saffron} fillOpacity={0.25} strokeWidth={2} isAnimationActive={false} />
                </AreaChart>
              </ResponsiveContainer>
            </Figure>
            <Figure id="chart-rates" title="Acceptance and repeat clients" summary={`acceptance ${pct(data.totals.acceptanceRate)}, repeat clients ${pct(data.totals.repeatClientRate)}`}>
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
                  <CartesianGrid stroke={COLORS.line} vertical={false} />
                  <XAxis dataKey="label" tick={tick} interval="preserveStartEnd" minTickGap={16} />
                  <YAxis domain={[0, 100]} tick={tick} tickFormatter={(v: number) => `${v}%`} />
                  <Tooltip formatter={(v) => `${v}%`} />
                  <Legend wrapperStyle={{ fontSize: 12 }} />
                  <Line dataKey="acceptance" name="Acceptance" stroke={COLORS.green} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
                  <Line dataKey="repeat" name="Repeat clients" stroke={COLORS.maroon} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
                </LineChart>
              </ResponsiveContainer>
            </Figure>
            <Figure id="chart-rating" title="Average rating" summary={data.totals.rating.average === null ? 'no reviews' : `${data.totals.rating.average.toFixed(2)} from ${data.totals.rating.count} reviews`}>
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -24 }}>
                  <CartesianGrid stroke={COLORS.line} vertical={false} />
                  <XAxis dataKey="label" tick={tick} interval="preserveStartEnd" minTickGap={16} />
                  <YAxis domain={[0, 5]} ticks={[1, 2, 3, 4, 5]} tick={tick} />
                  <Tooltip />
                  <Line dataKey="rating" name="Rating" stroke={COLORS.gold} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
                </LineChart>
              </ResponsiveContainer>
            </Figure>
          </div>
          <details className="panel">
            <summary>Show the figures as a table</summary>
            <div style={{ overflowX: 'auto' }}>
              <table className="small" style={{ width: '100%', borderCollapse: 'collapse', marginTop: 12 }}>
                <thead>
                  <tr style={{ textAlign: 'left' }}>
                    <th scope="col">{data.bucket === 'day' ? 'Day' : data.bucket === 'week' ? 'Week of' : 'Month'}</th>
                    <th scope="col">Sessions</th>
                    <th scope="col">Minutes</th>
                    <th scope="col">Net</th>
                    <th scope="col">Rating</th>
                    <th scope="col">Repeat</th>
                    <th scope="col">Acceptance</th>
                  </tr>
                </thead>
                <tbody>
                  {data.buckets.map((b) => (
                    <tr key={b.start} style={{ borderTop: `1px solid ${COLORS.line}` }}>
                      <th scope="row" style={{ textAlign: 'left', fontWeight: 600 }}>
                        {dateMedium(b.start)}
                      </th>
                      <td>{b.sessions}</td>
                      <td>{b.minutes}</td>
                      <td>{rupees(b.earnings.netPaise)}</td>
                      <td>{b.rating.average === null ? '—' : b.rating.average.toFixed(2)}</td>
                      <td>{pct(b.repeatClientRate)}</td>
                      <td>{pct(b.acceptanceRate)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </div>
  );
}
