'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useId, useState } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { PAYOUT_LABEL, whenIn, type AdminPayout, type PayoutStatus } from '../lib/bookings';
import { rupees } from '../lib/format';
import { browserTimeZone } from '../lib/time';
import { ErrorAlert } from './error-alert';
import { PageLoading } from './sign-in-prompt';

type Deciding = { id: string; kind: 'paid' | 'reject' } | null;

function PayoutRow({ p, onDecided }: { p: AdminPayout; onDecided: (p: AdminPayout) => void }) {
  const ids = useId();
  const [deciding, setDeciding] = useState<Deciding>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const t = useTranslations('adminPayouts');

  async function submit() {
    if (!deciding || !text.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const path = `/api/astrologer/admin/payouts/${encodeURIComponent(p.id)}/${deciding.kind === 'paid' ? 'paid' : 'reject'}`;
      const body = deciding.kind === 'paid' ? { reference: text.trim() } : { reason: text.trim() };
      const next = await api<AdminPayout>(path, { method: 'POST', auth: 'customer', body });
      setDeciding(null);
      setText('');
      onDecided(next);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="consult" aria-label={t('payoutTo', { name: p.astrologerName })}>
      <div className="consult__main">
        <p className="consult__title">
          <span>{p.astrologerName}</span>
          <span className={`status-badge status-badge--${p.status === 'paid' ? 'ok' : p.status === 'rejected' ? 'off' : 'pending'}`}>{PAYOUT_LABEL[p.status]}</span>
        </p>
        <p className="muted small">
          {t('detail', { when: whenIn(p.requestedAt, browserTimeZone(), true), gross: rupees(p.grossPaise), tds: rupees(p.tdsPaise) })}
          {p.reference ? ` · ${t('ref', { reference: p.reference })}` : ''}
          {p.rejectReason ? ` · ${p.rejectReason}` : ''}
        </p>
      </div>
      <div className="consult__side">
        <span className="muted small">{t('sendToBank')}</span>
        <strong className="consult__price">{rupees(p.netPaise)}</strong>
      </div>
      {p.status === 'requested' && !deciding && (
        <div className="consult__actions">
          <button type="button" className="btn btn--primary btn--sm" onClick={() => setDeciding({ id: p.id, kind: 'paid' })}>
            {t('markPaid')}
          </button>
          <button type="button" className="btn btn--ghost btn--sm btn--danger-text" onClick={() => setDeciding({ id: p.id, kind: 'reject' })}>
            {t('reject')}
          </button>
        </div>
      )}
      {deciding && (
        <form
          className="consult__confirm stack"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <div className="field">
            <label htmlFor={`${ids}-text`}>{deciding.kind === 'paid' ? t('reference') : t('reason')}</label>
            <input id={`${ids}-text`} className="input" maxLength={deciding.kind === 'paid' ? 200 : 500} value={text} onChange={(e) => setText(e.target.value)} autoFocus />
          </div>
          <div className="row">
            <button type="submit" className={`btn btn--sm ${deciding.kind === 'paid' ? 'btn--primary' : 'btn--danger'}`} disabled={busy || !text.trim()}>
              {busy ? t('saving') : deciding.kind === 'paid' ? t('confirmPaid', { amount: rupees(p.netPaise) }) : t('confirmReject')}
            </button>
            <button type="button" className="link-button small" onClick={() => setDeciding(null)}>
              {t('cancel')}
            </button>
          </div>
        </form>
      )}
      {error && (
        <div className="consult__confirm">
          <ErrorAlert error={error} title={t('updateError')} />
        </div>
      )}
    </li>
  );
}

export function AdminPayouts() {
  const [status, setStatus] = useState<PayoutStatus>('requested');
  const [items, setItems] = useState<AdminPayout[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const t = useTranslations('adminPayouts');

  const load = useCallback(
    async (after: string | null) => {
      setError(null);
      try {
        const q = new URLSearchParams({ status });
        if (after) q.set('cursor', after);
        const page = await api<{ items: AdminPayout[]; nextCursor: string | null }>(`/api/astrologer/admin/payouts?${q}`, { auth: 'customer' });
        setItems((prev) => (after && prev ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (err) {
        if (!isApiError(err)) throw err;
        setError(err);
      }
    },
    [status],
  );

  useEffect(() => {
    setItems(null);
    void load(null);
  }, [load]);

  return (
    <div className="stack-lg">
      <div className="section__head">
        <h2 className="h3 section-heading">{t('title')}</h2>
        <label className="field field--inline">
          <span className="small muted">{t('status')}</span>
          <select className="input input--sm" value={status} onChange={(e) => setStatus(e.target.value as PayoutStatus)}>
            <option value="requested">{PAYOUT_LABEL.requested}</option>
            <option value="paid">{PAYOUT_LABEL.paid}</option>
            <option value="rejected">{PAYOUT_LABEL.rejected}</option>
          </select>
        </label>
      </div>
      {error && (
        <ErrorAlert error={error} title={t('loadError')}>
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load(null)}>
            {t('retry')}
          </button>
        </ErrorAlert>
      )}
      {!items && !error && <PageLoading label={t('loading')} />}
      {items && items.length === 0 && (
        <div className="panel center empty">
          <h2 className="h3">{status === 'requested' ? t('noneWaiting') : t('noneYet')}</h2>
          <p className="muted">{status === 'requested' ? t('waitingHint') : t('noneStatus', { status })}</p>
        </div>
      )}
      {items && items.length > 0 && (
        <ul className="consult-list panel" aria-label={t('title')}>
          {items.map((p) => (
            <PayoutRow key={p.id} p={p} onDecided={(next) => setItems((list) => list?.map((x) => (x.id === next.id ? next : x)) ?? null)} />
          ))}
        </ul>
      )}
      {cursor && (
        <div className="center">
          <button type="button" className="btn btn--outline" onClick={() => void load(cursor)}>
            {t('loadMore')}
          </button>
        </div>
      )}
    </div>
  );
}
