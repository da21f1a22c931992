'use client';

import { useTranslations } from 'next-intl';
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
  const t = useTranslations('adminMetrics');

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
        { name: t('completed'), n: c.completed },
        { name: t('cancelled'), n: c.cancelled },
        { name: t('declined'), n: c.declined },
        { name: t('expired'), n: c.expired },
        { name: t('noShow'), n: c.noShow },
      ]
    : [];

  return (
    <div className="stack-lg">
      <div className="section__head">
        <div>
          <p className="eyebrow">
            <Link href="/admin">{t('admin')}</Link> /
          </p>
          <h1 className="h2">{t('title')}</h1>
          <p className="muted small">{t('lead', { days })}</p>
        </div>
        <div className="tabs tabs--inline" role="tablist" aria-label={t('window')}>
          {WINDOWS.map((d) => (
            <button key={d} type="button" role="tab" aria-selected={days === d} className="tabs__tab" onClick={() => setDays(d)}>
              {t('days', { days: d })}
            </button>
          ))}
        </div>
      </div>
      {error && (
        <ErrorAlert error={error} title={t('loadError')}>
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load()}>
            {t('retry')}
          </button>
        </ErrorAlert>
      )}
      {!data && !error && <PageLoading label={t('loading')} />}
      {data && c && (
        <>
          <div className="earn-grid">
            <Tile label={t('completionRate')} value={pct(c.completionRate)} detail={t('completionDetail', { completed: c.completed, finished })} />
            <Tile label={t('gmv')} value={rupees(data.revenue.gmvPaise)} detail={t('allTime', { amount: rupees(data.revenue.allTimeGmvPaise) })} />
            <Tile label={t('platformRevenue')} value={rupees(data.revenue.platformRevenuePaise)} detail={t('allTime', { amount: rupees(data.revenue.allTimePlatformRevenuePaise) })} />
            <Tile
              label={t('activeCustomers')}
              value={String(data.activeUsers.customers30d)}
              detail={t('activeDetail', { customers7d: data.activeUsers.customers7d, astrologers7d: data.activeUsers.astrologers7d, astrologers30d: data.activeUsers.astrologers30d })}
            />
          </div>
          <section className="panel" aria-labelledby="outcomes-title">
            <h2 id="outcomes-title" className="h3 panel__title">
              {t('outcomesTitle')}
            </h2>
            <figure role="img" aria-label={t('outcomesLabel', { list: outcomes.map((o) => `${o.name} ${o.n}`).join(', ') })} style={{ margin: 0, height: 220 }} data-testid="chart-outcomes">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={outcomes} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
                  <CartesianGrid stroke="#ecdcc6" vertical={false} />
                  <XAxis dataKey="name" tick={{ fontSize: 12, fill: '#6f5f55' }} />
                  <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: '#6f5f55' }} />
                  <Tooltip />
                  <Bar dataKey="n" name={t('consultations')} fill="#f28c28" radius={[3, 3, 0, 0]} isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </figure>
          </section>
          <section className="panel" aria-labelledby="perf-title">
            <h2 id="perf-title" className="h3 panel__title">
              {t('perfTitle')}
            </h2>
            <p className="muted small">{t('perfLead')}</p>
            <div style={{ overflowX: 'auto' }}>
              <table className="small" style={{ width: '100%', borderCollapse: 'collapse', minWidth: 640 }} aria-labelledby="perf-title">
                <thead>
                  <tr style={{ textAlign: 'left' }}>
                    <th scope="col">{t('colAstrologer')}</th>
                    <th scope="col">{t('colSessions')}</th>
                    <th scope="col">{t('colMinutes')}</th>
                    <th scope="col">{t('colGross')}</th>
                    <th scope="col">{t('colNet')}</th>
                    <th scope="col">{t('colRating')}</th>
                    <th scope="col">{t('colAcceptance')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.astrologers.map((a) => (
                    <tr key={a.id} style={{ borderTop: '1px solid #f3e7d6' }}>
                      <th scope="row" style={{ textAlign: 'left', padding: '8px 8px 8px 0', fontWeight: 600 }}>
                        {a.displayName}
                        {a.status !== 'approved' && <span className="muted"> ({t.has(`status.${a.status}` as never) ? t(`status.${a.status}` as never) : a.status})</span>}
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
  const t = useTranslations('adminMetrics');
  let content;
  if (!hydrated) content = <PageLoading />;
  else if (!session) content = <SignInPrompt title={t('adminsOnly')} text={t('signIn')} next="/admin/metrics" allowSignup={false} />;
  else if (!isAdmin(session)) content = <p className="panel center">{t('adminsOnlyText')}</p>;
  else content = <MetricsView />;
  return <section className="container page-top stack-lg">{content}</section>;
}
