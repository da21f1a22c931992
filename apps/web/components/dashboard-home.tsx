'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useState } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { MODE_LABEL, timeIn, whenIn } from '../lib/bookings';
import { rupees, timeAgo } from '../lib/format';
import { dayLong } from '../lib/time';
import type { AstrologerDashboard } from '../lib/types';
import { ErrorAlert } from './error-alert';
import { PageLoading } from './sign-in-prompt';

const SESSION_STATUS: Record<string, { label: 'done' | 'live' | 'upcoming'; tone: 'ok' | 'live' | 'pending' | 'off' }> = {
  completed: { label: 'done', tone: 'ok' },
  active: { label: 'live', tone: 'live' },
  in_progress: { label: 'live', tone: 'live' },
  confirmed: { label: 'upcoming', tone: 'pending' },
};

export function DashboardStars({ value, label }: { value: number; label: string }) {
  const full = Math.round(value);
  return (
    <span className="stars" role="img" aria-label={label}>
      {[1, 2, 3, 4, 5].map((i) => (
        <span key={i} className={i <= full ? 'stars__on' : 'stars__off'} aria-hidden>
          ★
        </span>
      ))}
    </span>
  );
}

function Tile({ label, value, detail, href }: { label: string; value: string; detail: string; href?: string }) {
  return (
    <section className="earn-card" aria-label={label}>
      <h2 className="earn-card__label">{label}</h2>
      <p className="earn-card__net">{value}</p>
      <p className="muted small">
        {href ? (
          <Link href={href} className="link">
            {detail}
          </Link>
        ) : (
          detail
        )}
      </p>
    </section>
  );
}

/** The portal's first screen: what needs the astrologer now, and how today is going. */
export function DashboardHome({ name }: { name: string }) {
  const [data, setData] = useState<AstrologerDashboard | null>(null);
  const t = useTranslations('dashboard');
  const tc = useTranslations('common');
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      setData(await api<AstrologerDashboard>('/api/astrologer/dashboard', { auth: 'astrologer' }));
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    }
  }, []);

  useEffect(() => {
    void load();
    // Requests arrive and lapse while the page is open: look again every half minute.
    const timer = window.setInterval(() => void load(), 30_000);
    return () => window.clearInterval(timer);
  }, [load]);

  const waiting = data ? data.pending.instantCount + data.pending.scheduledCount : 0;
  return (
    <section className="container narrow stack-lg page-top" aria-labelledby="dashboard-heading">
      <div className="section__head">
        <div>
          <p className="eyebrow">{t('eyebrow')}</p>
          <h2 id="dashboard-heading" className="h2">
            {t('namaste', { name })}
          </h2>
          {data && (
            <p className="muted small">
              {t('today', { day: dayLong(data.today), zone: data.timeZone })}
            </p>
          )}
        </div>
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load()}>
          {t('refresh')}
        </button>
      </div>

      {error && (
        <ErrorAlert error={error} title={t('loadError')}>
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load()}>
            {tc('retry')}
          </button>
        </ErrorAlert>
      )}
      {!data && !error && <PageLoading label={t('loading')} />}

      {data && (
        <>
          <div className="earn-grid" data-testid="dashboard-tiles">
            <Tile
              label={t('waiting')}
              value={String(waiting)}
              detail={t('waitingDetail', { instant: data.pending.instantCount, booked: data.pending.scheduledCount })}
              href="/astrologer/requests"
            />
            <Tile
              label={t('sessionsToday')}
              value={String(data.todaySessions.completed)}
              detail={t('sessionsDetail', { minutes: data.todaySessions.minutes, upcoming: data.todaySessions.upcoming })}
            />
            <Tile
              label={t('earnedToday')}
              value={rupees(data.todayEarnings.netPaise)}
              detail={t('earnedDetail', { gross: rupees(data.todayEarnings.grossPaise), commission: rupees(data.todayEarnings.commissionPaise) })}
            />
            <Tile
              label={t('rating')}
              value={data.rating.average === null ? '—' : data.rating.average.toFixed(1)}
              detail={t('reviewsCount', { count: data.rating.count })}
            />
          </div>

          <div className="earn-layout">
            <section className="panel" aria-labelledby="dash-pending">
              <h2 id="dash-pending" className="h3 panel__title">
                {t('requestsWaiting')}
              </h2>
              {data.pending.items.length === 0 ? (
                <p className="muted">{t('nothingWaiting')}</p>
              ) : (
                <ul className="consult-list" style={{ padding: 0 }} aria-label={t('requestsWaiting')}>
                  {data.pending.items.map((r) => (
                    <li key={r.id} className="consult consult--new">
                      <div className="consult__main">
                        <p className="consult__title">
                          <span>{r.customerName}</span>
                          <span className="status-badge status-badge--pending">{r.kind === 'instant' ? t('instant') : t('booking')}</span>
                        </p>
                        <p className="consult__meta">
                          <span className="consult__mode">{MODE_LABEL[r.mode]}</span>
                          <span className="small">
                            {r.kind === 'scheduled' && r.scheduledStart ? whenIn(r.scheduledStart, data.timeZone) : t('asked', { ago: timeAgo(r.requestedAt) })}
                          </span>
                        </p>
                      </div>
                      <div className="consult__side">
                        <strong className="consult__price">{r.kind === 'scheduled' ? rupees(r.pricePaise) : tc('perMin', { amount: rupees(r.ratePaise) })}</strong>
                      </div>
                    </li>
                  ))}
                </ul>
              )}
              {data.pending.scheduledCount > 0 && (
                <p className="panel__foot small">
                  <Link href="/astrologer/requests">{t('answer')}</Link>
                </p>
              )}
            </section>

            <section className="panel" aria-labelledby="dash-today">
              <h2 id="dash-today" className="h3 panel__title">
                {t('todaySessions')}
              </h2>
              {data.todaySessions.items.length === 0 ? (
                <p className="muted">{t('noSessions')}</p>
              ) : (
                <ul className="consult-list" style={{ padding: 0 }} aria-label={t('todaySessions')}>
                  {data.todaySessions.items.map((s) => {
                    const known = SESSION_STATUS[s.status];
                    const st = known ? { label: t(`status.${known.label}`), tone: known.tone } : { label: s.status, tone: 'off' as const };
                    return (
                      <li key={s.id} className="consult">
                        <div className="consult__main">
                          <p className="consult__title">
                            <span>{s.customerName}</span>
                            <span className={`status-badge status-badge--${st.tone}`}>{st.label}</span>
                          </p>
                          <p className="consult__meta">
                            <span className="consult__mode">{MODE_LABEL[s.mode]}</span>
                            <span className="small">{timeIn(s.startAt, data.timeZone)}</span>
                          </p>
                        </div>
                        <div className="consult__side">{s.minutes !== null && <strong className="consult__price">{t('minutes', { minutes: s.minutes })}</strong>}</div>
                      </li>
                    );
                  })}
                </ul>
              )}
            </section>
          </div>

          <section className="panel" aria-labelledby="dash-reviews">
            <h2 id="dash-reviews" className="h3 panel__title">
              {t('recentReviews')}
            </h2>
            {data.recentReviews.length === 0 ? (
              <p className="muted">{t('noReviews')}</p>
            ) : (
              <ul className="reviews" aria-label={t('recentReviews')}>
                {data.recentReviews.map((r) => (
                  <li key={r.id} className="review">
                    <div className="review__head">
                      <DashboardStars value={r.rating} label={t('outOf5', { rating: r.rating })} />
                      <span className="muted small">
                        {MODE_LABEL[r.mode]} · {timeAgo(r.createdAt)}
                      </span>
                    </div>
                    {r.comment && <p className="small">{r.comment}</p>}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </section>
  );
}
