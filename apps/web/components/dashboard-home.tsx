'use client';

import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { MODE_LABEL, timeIn, whenIn } from '../lib/bookings';
import { rupees, timeAgo } from '../lib/format';
import { dayLong } from '../lib/time';
import type { AstrologerDashboard } from '../lib/types';
import { ErrorAlert } from './error-alert';
import { PageLoading } from './sign-in-prompt';

const SESSION_STATUS: Record<string, { label: string; tone: 'ok' | 'live' | 'pending' | 'off' }> = {
  completed: { label: 'Done', tone: 'ok' },
  active: { label: 'Live now', tone: 'live' },
  in_progress: { label: 'Live now', tone: 'live' },
  confirmed: { label: 'Upcoming', tone: 'pending' },
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
          <p className="eyebrow">Dashboard</p>
          <h2 id="dashboard-heading" className="h2">
            Namaste, {name}
          </h2>
          {data && (
            <p className="muted small">
              {dayLong(data.today)} · times in {data.timeZone}
            </p>
          )}
        </div>
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load()}>
          Refresh
        </button>
      </div>

      {error && (
        <ErrorAlert error={error} title="We couldn't load your dashboard.">
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load()}>
            Try again
          </button>
        </ErrorAlert>
      )}
      {!data && !error && <PageLoading label="Loading your dashboard…" />}

      {data && (
        <>
          <div className="earn-grid" data-testid="dashboard-tiles">
            <Tile
              label="Waiting for you"
              value={String(waiting)}
              detail={`${data.pending.instantCount} instant · ${data.pending.scheduledCount} booked`}
              href="/astrologer/requests"
            />
            <Tile
              label="Sessions today"
              value={String(data.todaySessions.completed)}
              detail={`${data.todaySessions.minutes} min · ${data.todaySessions.upcoming} still to come`}
            />
            <Tile
              label="Earned today"
              value={rupees(data.todayEarnings.netPaise)}
              detail={`${rupees(data.todayEarnings.grossPaise)} gross − ${rupees(data.todayEarnings.commissionPaise)} commission`}
            />
            <Tile
              label="Your rating"
              value={data.rating.average === null ? '—' : data.rating.average.toFixed(1)}
              detail={data.rating.count === 1 ? '1 review' : `${data.rating.count} reviews`}
            />
          </div>

          <div className="earn-layout">
            <section className="panel" aria-labelledby="dash-pending">
              <h2 id="dash-pending" className="h3 panel__title">
                Requests waiting
              </h2>
              {data.pending.items.length === 0 ? (
                <p className="muted">Nothing is waiting for your answer.</p>
              ) : (
                <ul className="consult-list" style={{ padding: 0 }} aria-label="Requests waiting">
                  {data.pending.items.map((r) => (
                    <li key={r.id} className="consult consult--new">
                      <div className="consult__main">
                        <p className="consult__title">
                          <span>{r.customerName}</span>
                          <span className="status-badge status-badge--pending">{r.kind === 'instant' ? 'Instant' : 'Booking'}</span>
                        </p>
                        <p className="consult__meta">
                          <span className="consult__mode">{MODE_LABEL[r.mode]}</span>
                          <span className="small">
                            {r.kind === 'scheduled' && r.scheduledStart ? whenIn(r.scheduledStart, data.timeZone) : `asked ${timeAgo(r.requestedAt)}`}
                          </span>
                        </p>
                      </div>
                      <div className="consult__side">
                        <strong className="consult__price">{r.kind === 'scheduled' ? rupees(r.pricePaise) : `${rupees(r.ratePaise)}/min`}</strong>
                      </div>
                    </li>
                  ))}
                </ul>
              )}
              {data.pending.scheduledCount > 0 && (
                <p className="panel__foot small">
                  <Link href="/astrologer/requests">Answer booking requests</Link>
                </p>
              )}
            </section>

            <section className="panel" aria-labelledby="dash-today">
              <h2 id="dash-today" className="h3 panel__title">
                Today&apos;s sessions
              </h2>
              {data.todaySessions.items.length === 0 ? (
                <p className="muted">No sessions today yet.</p>
              ) : (
                <ul className="consult-list" style={{ padding: 0 }} aria-label="Today's sessions">
                  {data.todaySessions.items.map((s) => {
                    const st = SESSION_STATUS[s.status] ?? { label: s.status, tone: 'off' as const };
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
                        <div className="consult__side">{s.minutes !== null && <strong className="consult__price">{s.minutes} min</strong>}</div>
                      </li>
                    );
                  })}
                </ul>
              )}
            </section>
          </div>

          <section className="panel" aria-labelledby="dash-reviews">
            <h2 id="dash-reviews" className="h3 panel__title">
              Recent reviews
            </h2>
            {data.recentReviews.length === 0 ? (
              <p className="muted">No reviews yet. Customers can rate a session once it is complete.</p>
            ) : (
              <ul className="reviews" aria-label="Recent reviews">
                {data.recentReviews.map((r) => (
                  <li key={r.id} className="review">
                    <div className="review__head">
                      <DashboardStars value={r.rating} label={`${r.rating} out of 5`} />
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
