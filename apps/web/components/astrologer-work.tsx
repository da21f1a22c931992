'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { usePathname } from 'next/navigation';
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import {
  DEFAULT_TDS_BPS, MODE_LABEL, MODES, PAYOUT_LABEL, minFromDetail, newKey, tdsOn, whenIn,
  type AstrologerBooking, type BookingStatus, type EarningsPeriod, type EarningsSummary, type Payout,
} from '../lib/bookings';
import { paiseFromRupees, rupees } from '../lib/format';
import { useHydrated, useSession } from '../lib/session';
import { browserTimeZone, dayShort } from '../lib/time';
import { percent } from '../lib/wallet';
import { ErrorAlert, Notice } from './error-alert';
import { CalendarIcon } from './icons';
import { StatusBadge } from './my-consultations';
import { PageLoading, SignInPrompt } from './sign-in-prompt';

const PORTAL_LINKS = [
  { href: '/astrologer', label: 'dashboard' },
  { href: '/astrologer/requests', label: 'requests' },
  { href: '/astrologer/clients', label: 'clients' },
  { href: '/astrologer/analytics', label: 'analytics' },
  { href: '/astrologer/earnings', label: 'earnings' },
] as const;

export function PortalNav() {
  const pathname = usePathname();
  const t = useTranslations('portalNav');
  return (
    <nav className="portal-nav" aria-label={t('label')}>
      {PORTAL_LINKS.map((l) => (
        <Link key={l.href} href={l.href} className="portal-nav__link" aria-current={pathname === l.href ? 'page' : undefined}>
          {t(l.label)}
        </Link>
      ))}
    </nav>
  );
}

/** Astrologer-only pages: a sign-in prompt when signed out. */
export function AstrologerOnly({ title, next, children }: { title: string; next: string; children: ReactNode }) {
  const hydrated = useHydrated();
  const session = useSession('astrologer');
  const t = useTranslations('portalNav');
  if (!hydrated) return <PageLoading />;
  if (!session) {
    return (
      <div className="panel center stack narrow-box">
        <h1 className="h2">{title}</h1>
        <p className="muted">{t('signIn')}</p>
        <div className="row center-row">
          <Link href={`/astrologer?next=${encodeURIComponent(next)}`} className="btn btn--primary">
            {t('logIn')}
          </Link>
        </div>
      </div>
    );
  }
  return <>{children}</>;
}

/* ---------------- requests ---------------- */

type Action = { to: BookingStatus; label: 'accept' | 'decline' | 'start' | 'noShow' | 'cancel' | 'complete'; tone: 'primary' | 'ghost' | 'danger' };

const ACTIONS: Partial<Record<BookingStatus, Action[]>> = {
  pending: [
    { to: 'confirmed', label: 'accept', tone: 'primary' },
    { to: 'declined', label: 'decline', tone: 'ghost' },
  ],
  confirmed: [
    { to: 'in_progress', label: 'start', tone: 'primary' },
    { to: 'no_show', label: 'noShow', tone: 'ghost' },
    { to: 'cancelled', label: 'cancel', tone: 'danger' },
  ],
  in_progress: [{ to: 'completed', label: 'complete', tone: 'primary' }],
};


function RequestRow({ b, zone, onChanged }: { b: AstrologerBooking; zone: string; onChanged: (b: AstrologerBooking) => void }) {
  const [busy, setBusy] = useState<BookingStatus | null>(null);
  const t = useTranslations('requests');
  const [error, setError] = useState<ApiError | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);

  async function move(to: BookingStatus) {
    setBusy(to);
    setError(null);
    try {
      const next = await api<AstrologerBooking>(`/api/astrologer/consultation/${encodeURIComponent(b.id)}/status`, {
        method: 'PUT',
        auth: 'astrologer',
        body: { status: to },
      });
      setConfirmCancel(false);
      onChanged(next);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  const actions = ACTIONS[b.status] ?? [];
  const who = b.customer.name || 'A customer';
  return (
    <li className={`consult${b.status === 'pending' ? ' consult--new' : ''}`} aria-label={t('rowLabel', { mode: MODE_LABEL[b.mode], name: who })}>
      <div className="consult__main">
        <p className="consult__title">
          <span>{who}</span>
          <StatusBadge status={b.status} label={b.status === 'pending' ? t('new') : undefined} />
        </p>
        <p className="consult__meta">
          <CalendarIcon width={15} height={15} />
          <span>{whenIn(b.slotStart, zone, true)}</span>
          <span className="consult__mode">{MODE_LABEL[b.mode]}</span>
        </p>
        {b.status === 'pending' && b.expiresAt && <p className="muted small">{t('acceptBy', { when: whenIn(b.expiresAt, zone) })}</p>}
      </div>
      <div className="consult__side">
        <strong className="consult__price">{rupees(b.pricePaise)}</strong>
      </div>
      {actions.length > 0 && (
        <div className="consult__actions">
          {actions.map((a) =>
            a.to === 'cancelled' && !confirmCancel ? (
              <button key={a.to} type="button" className="btn btn--ghost btn--sm btn--danger-text" disabled={!!busy} onClick={() => setConfirmCancel(true)}>
                {t('actions.cancel')}
              </button>
            ) : (
              <button
                key={a.to}
                type="button"
                className={`btn btn--sm ${a.tone === 'primary' ? 'btn--primary' : a.tone === 'danger' ? 'btn--danger' : 'btn--outline'}`}
                disabled={!!busy}
                onClick={() => void move(a.to)}
              >
                {busy === a.to ? t('saving') : a.to === 'cancelled' ? t('confirmCancel') : t(`actions.${a.label}`)}
              </button>
            ),
          )}
        </div>
      )}
      {error && (
        <div className="consult__confirm">
          <ErrorAlert error={error} title={error.code === 'too_early' ? t('tooEarly') : t('notAllowed')} />
        </div>
      )}
    </li>
  );
}

const ORDER: Record<BookingStatus, number> = { pending: 0, in_progress: 1, confirmed: 2, declined: 3, expired: 3, cancelled: 3, completed: 3, no_show: 3 };

export function RequestsView() {
  const [filter, setFilter] = useState<'upcoming' | 'past'>('upcoming');
  const t = useTranslations('requests');
  const tc = useTranslations('common');
  const tp = useTranslations('portal');
  const [items, setItems] = useState<AstrologerBooking[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [zone, setZone] = useState('Asia/Kolkata');

  useEffect(() => setZone(browserTimeZone()), []);

  const load = useCallback(async () => {
    setError(null);
    try {
      const q = new URLSearchParams({ filter, limit: '100' });
      const page = await api<{ items: AstrologerBooking[] }>(`/api/astrologer/consultations?${q}`, { auth: 'astrologer' });
      setItems(page.items);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    }
  }, [filter]);

  useEffect(() => {
    setItems(null);
    void load();
  }, [load]);

  const sorted = items ? [...items].sort((a, b) => ORDER[a.status] - ORDER[b.status] || (filter === 'upcoming' ? a.slotStart.localeCompare(b.slotStart) : b.slotStart.localeCompare(a.slotStart))) : null;
  const pending = items?.filter((b) => b.status === 'pending').length ?? 0;

  return (
    <div className="stack-lg">
      <div className="section__head">
        <div>
          <p className="eyebrow">{tp('eyebrow')}</p>
          <h1 className="h2">{t('title')}</h1>
          <p className="muted small">{t('timesIn', { zone })}</p>
        </div>
        {filter === 'upcoming' && items && <span className="badge badge--count">{t('awaitingYou', { count: pending })}</span>}
      </div>
      <PortalNav />
      <div className="row row--between">
        <div className="tabs tabs--inline" role="tablist" aria-label={t('which')}>
          {(['upcoming', 'past'] as const).map((f) => (
            <button key={f} type="button" role="tab" aria-selected={filter === f} className="tabs__tab" onClick={() => setFilter(f)}>
              {f === 'upcoming' ? t('upcoming') : t('past')}
            </button>
          ))}
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
      {!sorted && !error && <PageLoading label={t('loading')} />}
      {sorted && sorted.length === 0 && (
        <div className="panel center empty">
          <h2 className="h3">{filter === 'upcoming' ? t('none') : t('nothing')}</h2>
          <p className="muted">{t('noneHint')}</p>
        </div>
      )}
      {sorted && sorted.length > 0 && (
        <ul className="consult-list panel" aria-label={t('list')}>
          {sorted.map((b) => (
            <RequestRow key={b.id} b={b} zone={zone} onChanged={(next) => setItems((list) => list?.map((x) => (x.id === next.id ? next : x)) ?? null)} />
          ))}
        </ul>
      )}
    </div>
  );
}

/* ---------------- earnings ---------------- */

const PERIODS: (keyof EarningsSummary['periods'])[] = ['today', 'thisWeek', 'thisMonth', 'allTime'];

function PeriodCard({ label, p }: { label: string; p: EarningsPeriod }) {
  const t = useTranslations('earnings');
  return (
    <section className="earn-card" aria-label={label}>
      <h2 className="earn-card__label">{label}</h2>
      <p className="earn-card__net">{rupees(p.netPaise)}</p>
      <p className="muted small">
        {t('grossCommission', { gross: rupees(p.grossPaise), commission: rupees(p.commissionPaise) })}
      </p>
      <ul className="earn-card__modes small">
        {MODES.map((m) => (
          <li key={m}>
            <span className="muted">{MODE_LABEL[m]}</span> {rupees(p.byMode[m].netPaise)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function SeriesChart({ series }: { series: EarningsSummary['series'] }) {
  const max = Math.max(1, ...series.map((d) => d.netPaise));
  const t = useTranslations('earnings');
  const W = 600;
  const H = 160;
  const gap = 4;
  const bw = (W - gap * (series.length - 1)) / Math.max(1, series.length);
  const total = series.reduce((s, d) => s + d.netPaise, 0);
  return (
    <figure className="earn-chart">
      <svg viewBox={`0 0 ${W} ${H + 20}`} role="img" aria-label={t('chartLabel', { days: series.length, total: rupees(total) })} preserveAspectRatio="none">
        <line x1="0" x2={W} y1={H} y2={H} className="earn-chart__axis" />
        {series.map((d, i) => {
          const h = d.netPaise > 0 ? Math.max(3, (d.netPaise / max) * (H - 8)) : 0;
          return (
            <rect key={d.date} x={i * (bw + gap)} y={H - h} width={bw} height={h} rx="2" className="earn-chart__bar">
              <title>{t('barTitle', { day: dayShort(d.date), amount: rupees(d.netPaise) })}</title>
            </rect>
          );
        })}
      </svg>
      {total === 0 && <p className="earn-chart__empty muted">{t('chartEmpty')}</p>}
      <figcaption className="earn-chart__caption muted small">
        <span>{series[0] ? dayShort(series[0].date) : ''}</span>
        <span>{t('highestDay', { amount: rupees(max === 1 && total === 0 ? 0 : max) })}</span>
        <span>{series.at(-1) ? dayShort(series.at(-1)!.date) : ''}</span>
      </figcaption>
    </figure>
  );
}

function PayoutForm({ available, tdsBps, minPaise, onDone }: { available: number; tdsBps: number | null; minPaise: number | null; onDone: () => void }) {
  const ids = useId();
  const t = useTranslations('earnings');
  const [amount, setAmount] = useState('');
  const [reviewing, setReviewing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [min, setMin] = useState<number | null>(minPaise);
  const [done, setDone] = useState<Payout | null>(null);
  const key = useRef<string | null>(null);
  const paise = paiseFromRupees(amount);
  const valid = paise !== null && !Number.isNaN(paise) && paise > 0;
  const local = !valid
    ? null
    : paise > available
      ? t('atMost', { amount: rupees(available) })
      : min !== null && paise < min
        ? t('minimum', { amount: rupees(min) })
        : null;
  const tds = valid && tdsBps !== null ? tdsOn(paise, tdsBps) : null;

  useEffect(() => setMin(minPaise), [minPaise]);

  function review(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    if (valid && !local) setReviewing(true);
  }

  async function submit() {
    if (!valid) return;
    setBusy(true);
    setError(null);
    key.current ??= newKey('payout');
    try {
      const p = await api<Payout>('/api/astrologer/payouts', {
        method: 'POST',
        auth: 'astrologer',
        body: { amountPaise: paise },
        headers: { 'Idempotency-Key': key.current },
      });
      key.current = null;
      setDone(p);
      setReviewing(false);
      setAmount('');
      onDone();
    } catch (err) {
      if (!isApiError(err)) throw err;
      if (err.status !== 0 && err.status < 500) key.current = null;
      const m = minFromDetail(err.detail) ?? minFromDetail(err.errors.map((x) => x.message).join(' '));
      if (m) setMin(m);
      setError(err);
      setReviewing(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={review} noValidate>
      <div className={`field${local ? ' field--invalid' : ''}`}>
        <label htmlFor={`${ids}-amount`}>{t('amount')}</label>
        <div className="money-input money-input--plain">
          <span className="money-input__symbol" aria-hidden>
            ₹
          </span>
          <input
            id={`${ids}-amount`}
            className="input"
            inputMode="decimal"
            value={amount}
            onChange={(e) => {
              setAmount(e.target.value);
              setReviewing(false);
              key.current = null;
            }}
          />
        </div>
        {local ? (
          <p className="field__error">{local}</p>
        ) : (
          <p className="hint">
            {available <= 0 ? t('nothing') : `${min !== null ? `${t('atLeast', { amount: rupees(min) })}; ` : ''}${t('upTo', { amount: rupees(available) })}`}
          </p>
        )}
      </div>
      {reviewing && valid && (
        <div className="bill" role="group" aria-label={t('summary')}>
          <dl className="bill__rows">
            <div className="bill__row">
              <dt>{t('withdrawal')}</dt>
              <dd>{rupees(paise)}</dd>
            </div>
            <div className="bill__row">
              <dt>{t('tds')}{tdsBps !== null ? ` (${percent(tdsBps)})` : ''}</dt>
              <dd>{tds !== null ? `− ${rupees(tds)}` : t('taxRules')}</dd>
            </div>
            <div className="bill__row bill__row--total">
              <dt>{t('paidToBank')}</dt>
              <dd>{tds !== null ? rupees(paise - tds) : '—'}</dd>
            </div>
          </dl>
        </div>
      )}
      {error && <ErrorAlert error={error} title={t('payoutError')} />}
      {done && (
        <Notice tone="success">
          <strong>{t('requested')}</strong>
          <span>
            {t('willSend', { net: rupees(done.netPaise), tds: rupees(done.tdsPaise) })}
          </span>
        </Notice>
      )}
      <div className="row">
        {reviewing ? (
          <>
            <button type="button" className="btn btn--primary" disabled={busy} onClick={() => void submit()}>
              {busy ? t('requesting') : t('confirm', { amount: rupees(paise) })}
            </button>
            <button type="button" className="link-button small" onClick={() => setReviewing(false)}>
              {t('change')}
            </button>
          </>
        ) : (
          <button type="submit" className="btn btn--outline" disabled={!valid || !!local || available <= 0}>
            {t('review')}
          </button>
        )}
      </div>
    </form>
  );
}

export function EarningsView() {
  const [data, setData] = useState<EarningsSummary | null>(null);
  const t = useTranslations('earnings');
  const tc = useTranslations('common');
  const tp = useTranslations('portal');
  const [payouts, setPayouts] = useState<Payout[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const [e, p] = await Promise.all([
        api<EarningsSummary>('/api/astrologer/earnings', { auth: 'astrologer' }),
        api<{ items: Payout[] }>('/api/astrologer/payouts?limit=50', { auth: 'astrologer' }),
      ]);
      setData(e);
      setPayouts(p.items);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const tdsBps = payouts?.[0]?.tdsBps ?? DEFAULT_TDS_BPS;

  return (
    <div className="stack-lg">
      <div>
        <p className="eyebrow">{tp('eyebrow')}</p>
        <h1 className="h2">{t('title')}</h1>
        <p className="muted small">{t('lead')}</p>
      </div>
      <PortalNav />
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
          <div className="earn-grid">
            {PERIODS.map((p) => (
              <PeriodCard key={p} label={t(`periods.${p}`)} p={data.periods[p]} />
            ))}
          </div>
          <section className="panel" aria-labelledby="series-heading">
            <h2 id="series-heading" className="h3 panel__title">
              {t('last30')}
            </h2>
            <SeriesChart series={data.series} />
          </section>
          <div className="earn-layout">
            <section className="panel stack" aria-labelledby="withdraw-heading">
              <h2 id="withdraw-heading" className="h3 panel__title">
                {t('withdraw')}
              </h2>
              <div className="earn-balance">
                <p>
                  <span className="muted small">{t('available')}</span>
                  <strong data-testid="earnings-available">{rupees(data.balance.availablePaise)}</strong>
                </p>
                <p>
                  <span className="muted small">{t('processing')}</span>
                  <strong>{rupees(data.balance.pendingPayoutsPaise)}</strong>
                </p>
              </div>
              <PayoutForm available={data.balance.availablePaise} tdsBps={tdsBps} minPaise={null} onDone={() => void load()} />
            </section>
            <section className="panel" aria-labelledby="payouts-heading">
              <h2 id="payouts-heading" className="h3 panel__title">
                {t('payouts')}
              </h2>
              {payouts && payouts.length === 0 && <p className="muted">{t('noPayouts')}</p>}
              {payouts && payouts.length > 0 && (
                <ul className="payout-list" aria-label={t('payouts')}>
                  {payouts.map((p) => (
                    <li key={p.id} className="payout">
                      <div>
                        <strong>{rupees(p.grossPaise)}</strong>
                        <span className="muted small">
                          {' '}
                          · {t('afterTds', { net: rupees(p.netPaise), tds: rupees(p.tdsPaise) })}
                        </span>
                        <p className="muted small">
                          {t('requestedAt', { when: whenIn(p.requestedAt, browserTimeZone(), true) })}
                          {p.reference ? ` · ${t('ref', { ref: p.reference })}` : ''}
                          {p.rejectReason ? ` · ${p.rejectReason}` : ''}
                        </p>
                      </div>
                      <span className={`status-badge status-badge--${p.status === 'paid' ? 'ok' : p.status === 'rejected' ? 'off' : 'pending'}`}>{PAYOUT_LABEL[p.status]}</span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
        </>
      )}
    </div>
  );
}
