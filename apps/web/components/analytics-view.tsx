'use client';

import { useLocale, useTranslations } from 'next-intl';
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

const PRESETS: { key: '30d' | '12w' | '12m'; bucket: AnalyticsBucket; days: number }[] = [
  { key: '30d', bucket: 'day', days: 30 },
  { key: '12w', bucket: 'week', days: 12 * 7 },
  { key: '12m', bucket: 'month', days: 365 },
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A bucket's axis label: "14 Jul" for days and weeks, "Jul 26" for months (in Hindi "14 जुल॰", "जुल॰ 26"). */
function bucketLabel(start: string, bucket: AnalyticsBucket, locale: string): string {
  const [y, m, d] = start.split('-');
  const month =
    locale === 'hi'
      ? new Intl.DateTimeFormat('hi-IN', { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(y), Number(m) - 1, 1)))
      : (MONTHS[Number(m) - 1] ?? m);
  return bucket === 'month' ? `${month} ${y?.slice(2)}` : `${Number(d)} ${month}`;
}

const pct = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);
const pctValue = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);

// Axis text matches --muted in globals.css (4.5:1 on white); axe does not measure SVG text, so keep them in step.
const COLORS = { saffron: '#f28c28', maroon: '#7a1f35', gold: '#c9971c', green: '#177a43', line: '#ecdcc6', muted: '#6f5f55' };

function Figure({ id, title, summary, children }: { id: string; title: string; summary: string; children: ReactNode }) {
  const t = useTranslations('analytics');
  return (
    // Named apart from the totals tile of the same title above it: two regions with one name cannot be told apart.
    <section className="panel" aria-label={t('chartOf', { title })}>
      <h2 id={`${id}-title`} className="h3 panel__title">
        {title}
      </h2>
      <figure className="analytics-chart" role="img" aria-label={`${title}: ${summary}`} style={{ margin: 0, width: '100%', height: 240 }} data-testid={id}>
        {children}
      </figure>
    </section>
  );
}

function Totals({ t: m }: { t: AnalyticsMetrics }) {
  const t = useTranslations('analytics');
  const tiles: [string, string, string][] = [
    [t('sessions'), String(m.sessions), t('minutesCount', { count: m.minutes })],
    [t('netEarnings'), rupees(m.earnings.netPaise), t('gross', { amount: rupees(m.earnings.grossPaise) })],
    [t('averageRating'), m.rating.average === null ? '—' : m.rating.average.toFixed(2), t('reviewsCount', { count: m.rating.count })],
    [t('repeatClients'), pct(m.repeatClientRate), t('repeatDetail', { repeat: m.repeatClients, clients: m.clients })],
    [t('acceptanceRate'), pct(m.acceptanceRate), t('acceptanceDetail', { accepted: m.requests.accepted, declined: m.requests.declined, missed: m.requests.expired })],
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
  const t = useTranslations('analytics');
  const locale = useLocale();

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
    label: bucketLabel(b.start, data!.bucket, locale),
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
        <p className="eyebrow">{t('eyebrow')}</p>
        <h1 className="h2">{t('title')}</h1>
        <p className="muted small">
          {data ? t('range', { range: rangeLabel(data.from, data.to), zone: data.timeZone }) : t('lead')}
          {data?.bucket === 'week' ? ` · ${t('weeksStart')}` : ''}
        </p>
      </div>
      <PortalNav />
      <div className="tabs tabs--inline" role="tablist" aria-label={t('period')}>
        {PRESETS.map((p) => (
          <button key={p.key} type="button" role="tab" aria-selected={preset.key === p.key} className="tabs__tab" onClick={() => setPreset(p)}>
            {t(`presets.${p.key}`)}
          </button>
        ))}
      </div>
      {error && (
        <ErrorAlert error={error} title={t('loadError')}>
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load()}>
            {t('retry')}
          </button>
        </ErrorAlert>
      )}
      {!data && !error && <PageLoading label={t('loading')} />}
      {data && (
        <>
          <Totals t={data.totals} />
          <div className="earn-layout">
            <Figure id="chart-sessions" title={t('sessionsChart')} summary={t('sessionsSummary', { sessions: data.totals.sessions, minutes: data.totals.minutes })}>
              <ResponsiveContainer width="100%" height="100%">
                <ComposedChart data={rows} margin={{ top: 8, right: 4, bottom: 0, left: -16 }}>
                  <CartesianGrid stroke={COLORS.line} vertical={false} />
                  <XAxis dataKey="label" tick={tick} interval="preserveStartEnd" minTickGap={16} />
                  <YAxis yAxisId="s" allowDecimals={false} tick={tick} />
                  <YAxis yAxisId="m" orientation="right" allowDecimals={false} tick={tick} />
                  <Tooltip />
                  <Legend wrapperStyle={{ fontSize: 12 }} />
                  <Bar yAxisId="s" dataKey="sessions" name={t('sessions')} fill={COLORS.saffron} radius={[3, 3, 0, 0]} isAnimationActive={false} />
                  <Line yAxisId="m" dataKey="minutes" name={t('minutes')} stroke={COLORS.maroon} dot={false} strokeWidth={2} isAnimationActive={false} />
                </ComposedChart>
              </ResponsiveContainer>
            </Figure>
            <Figure id="chart-earnings" title={t('netEarnings')} summary={t('afterCommission', { amount: rupees(data.totals.earnings.netPaise) })}>
              <ResponsiveContainer width="100%" height="100%">
                <AreaChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
                  <CartesianGrid stroke={COLORS.line} vertical={false} />
                  <XAxis dataKey="label" tick={tick} interval="preserveStartEnd" minTickGap={16} />
                  <YAxis tick={tick} tickFormatter={(v: number) => `₹${v.toLocaleString('en-IN')}`} />
                  <Tooltip formatter={(v) => rupees(Math.round(Number(v) * 100))} />
                  <Area dataKey="net" name={t('net')} stroke={COLORS.maroon} fill={COLORS.saffron} fillOpacity={0.25} strokeWidth={2} isAnimationActive={false} />
                </AreaChart>
              </ResponsiveContainer>
            </Figure>
            <Figure id="chart-rates" title={t('ratesChart')} summary={t('ratesSummary', { acceptance: pct(data.totals.acceptanceRate), repeat: pct(data.totals.repeatClientRate) })}>
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
                  <CartesianGrid stroke={COLORS.line} vertical={false} />
                  <XAxis dataKey="label" tick={tick} interval="preserveStartEnd" minTickGap={16} />
                  <YAxis domain={[0, 100]} tick={tick} tickFormatter={(v: number) => `${v}%`} />
                  <Tooltip formatter={(v) => `${v}%`} />
                  <Legend wrapperStyle={{ fontSize: 12 }} />
                  <Line dataKey="acceptance" name={t('acceptance')} stroke={COLORS.green} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
                  <Line dataKey="repeat" name={t('repeatClients')} stroke={COLORS.maroon} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
                </LineChart>
              </ResponsiveContainer>
            </Figure>
            <Figure id="chart-rating" title={t('averageRating')} summary={data.totals.rating.average === null ? t('noReviews') : t('ratingSummary', { average: data.totals.rating.average.toFixed(2), count: data.totals.rating.count })}>
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -24 }}>
                  <CartesianGrid stroke={COLORS.line} vertical={false} />
                  <XAxis dataKey="label" tick={tick} interval="preserveStartEnd" minTickGap={16} />
                  <YAxis domain={[0, 5]} ticks={[1, 2, 3, 4, 5]} tick={tick} />
                  <Tooltip />
                  <Line dataKey="rating" name={t('rating')} stroke={COLORS.gold} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
                </LineChart>
              </ResponsiveContainer>
            </Figure>
          </div>
          <details className="panel">
            <summary>{t('showTable')}</summary>
            <div style={{ overflowX: 'auto' }}>
              <table className="small" style={{ width: '100%', borderCollapse: 'collapse', marginTop: 12 }}>
                <thead>
                  <tr style={{ textAlign: 'left' }}>
                    <th scope="col">{data.bucket === 'day' ? t('day') : data.bucket === 'week' ? t('weekOf') : t('month')}</th>
                    <th scope="col">{t('sessions')}</th>
                    <th scope="col">{t('minutes')}</th>
                    <th scope="col">{t('net')}</th>
                    <th scope="col">{t('rating')}</th>
                    <th scope="col">{t('repeat')}</th>
                    <th scope="col">{t('acceptance')}</th>
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
