'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Dispute } from '../../../components/dispute-form';
import { ErrorAlert, Notice } from '../../../components/error-alert';
import { StarsShown } from '../../../components/review-form';
import { PageLoading, SignInPrompt } from '../../../components/sign-in-prompt';
import { api, isApiError, type ApiError } from '../../../lib/api';
import { newKey } from '../../../lib/bookings';
import { paiseFromRupees, rupees, rupeesInput, timeAgo } from '../../../lib/format';
import { isAdmin, useHydrated, useSession } from '../../../lib/session';

const FEEDBACK = '/api/communication/feedback';

interface AdminDispute extends Dispute {
  customer: { id: string; name: string };
  consultation: { kind: 'instant' | 'scheduled'; mode: 'chat' | 'call' | 'video'; status: string; startedAt: string | null; endedAt: string | null };
  chargedPaise: number;
  refundablePaise: number;
  refundSource: 'earnings' | 'platform' | null;
}

interface ReportedReview {
  review: {
    id: string; rating: number; comment: string | null; createdAt: string; astrologerId: string; astrologerName: string; hidden: boolean;
    reply: { text: string } | null;
  };
  openReports: number;
  reasons: string[];
  notes: string[];
  lastReportedAt: string;
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type Tab = 'open' | 'resolved' | 'reports';

function usePaged<T>(path: string | null) {
  const [items, setItems] = useState<T[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const load = useCallback(async (after: string | null) => {
    if (!path) return;
    setError(null);
    if (!after) setItems(null);
    try {
      const page = await api<Page<T>>(`${path}${after ? `&cursor=${encodeURIComponent(after)}` : ''}`, { auth: 'customer' });
      setItems((prev) => (after && prev ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    }
  }, [path]);
  useEffect(() => {
    void load(null);
  }, [load]);
  return { items, setItems, cursor, error, load };
}

function DisputeCard({ d, onResolved }: { d: AdminDispute; onResolved: (d: AdminDispute) => void }) {
  const [mode, setMode] = useState<'refund' | 'reject' | null>(null);
  const [amount, setAmount] = useState(rupeesInput(d.refundablePaise));
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [local, setLocal] = useState<string | null>(null);
  // One key per attempt: a double click or a retry after a network error cannot refund twice.
  const key = useRef<string | null>(null);
  const t = useTranslations('adminDisputes');
  const tc = useTranslations('common');
  const tr = useTranslations('dispute');

  async function resolve() {
    setLocal(null);
    let body: Record<string, unknown>;
    if (mode === 'refund') {
      const paise = paiseFromRupees(amount);
      if (paise === null || Number.isNaN(paise) || paise <= 0) return setLocal(t('amountError'));
      if (paise > d.refundablePaise) return setLocal(t('atMost', { amount: rupees(d.refundablePaise) }));
      body = { action: 'refund', ...(paise === d.refundablePaise ? {} : { amountPaise: paise }), ...(note.trim() ? { note: note.trim() } : {}) };
    } else {
      if (!note.trim()) return setLocal(t('noteError'));
      body = { action: 'reject', note: note.trim() };
    }
    setBusy(true);
    setError(null);
    key.current ??= newKey('dispute');
    try {
      const next = await api<AdminDispute>(`${FEEDBACK}/admin/disputes/${encodeURIComponent(d.id)}/resolve`, {
        method: 'POST', auth: 'customer', body, headers: { 'Idempotency-Key': key.current },
      });
      key.current = null;
      onResolved(next);
    } catch (err) {
      if (!isApiError(err)) throw err;
      if (err.status !== 0 && err.status < 500) key.current = null;
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const c = d.consultation;
  const statusKey = `sessionStatus.${c.status}`;
  const sessionStatus = t.has(statusKey as never) ? t(statusKey as never) : c.status.replace('_', ' ');
  return (
    <li className="consult" aria-label={t('disputeFrom', { name: d.customer.name })}>
      <div className="consult__main stack" style={{ gap: 4 }}>
        <p className="consult__title">
          <strong>{d.customer.name}</strong>
          <span className="muted small"> {t('about')} </span>
          <Link href={`/astrologers/${d.astrologer.id}`}>{d.astrologer.name}</Link>
          <span className={`status-badge status-badge--${d.status === 'open' ? 'pending' : d.status === 'refunded' ? 'ok' : 'off'}`}>
            {d.status === 'open' ? t('open') : d.status === 'refunded' ? t('refunded') : t('rejected')}
          </span>
        </p>
        <p className="small muted">
          {t('summary', { kind: c.kind, mode: tc(`modes.${c.mode}`), status: sessionStatus, ago: timeAgo(d.createdAt) })}
          {d.status === 'open' ? ` · ${t('refundable', { amount: rupees(d.refundablePaise) })}` : ''}
        </p>
        <p className="small"><strong>{tr(`reasons.${d.reason}`)}</strong></p>
        <p>{d.description}</p>
        {d.status === 'refunded' && (
          <p className="small">
            {t('refundedFrom', { amount: rupees(d.refundPaise), source: d.refundSource ?? 'none' })}{d.resolutionNote ? ` ${t('note', { note: d.resolutionNote })}` : ''}
          </p>
        )}
        {d.status === 'rejected' && <p className="small">{t('rejectedNote', { note: d.resolutionNote ?? '' })}</p>}
      </div>
      <div className="consult__side">
        <strong className="consult__price">{rupees(d.chargedPaise)}</strong>
        <span className="small muted">{t('charged')}</span>
        {d.status === 'open' && !mode && (
          <div className="consult__actions">
            <button type="button" className="btn btn--primary btn--sm" disabled={d.refundablePaise <= 0} onClick={() => setMode('refund')}>
              {t('refund')}
            </button>
            <button type="button" className="btn btn--ghost btn--sm" onClick={() => setMode('reject')}>
              {t('reject')}
            </button>
          </div>
        )}
      </div>
      {mode && d.status === 'open' && (
        <form className="consult__confirm stack" aria-label={mode === 'refund' ? t('refundForm') : t('rejectForm')}
          onSubmit={(e) => { e.preventDefault(); void resolve(); }}>
          {mode === 'refund' && (
            <div className="field">
              <label htmlFor={`amount-${d.id}`}>{t('amount')}</label>
              <input id={`amount-${d.id}`} className="input" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
              <span className="hint small muted">{t('amountHint', { amount: rupees(d.refundablePaise) })}</span>
            </div>
          )}
          <div className="field">
            <label htmlFor={`note-${d.id}`}>{mode === 'refund' ? t('noteLabel') : t('whyLabel')}</label>
            <textarea id={`note-${d.id}`} className="input textarea" maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          {local && <span className="field__error">{local}</span>}
          {error && <ErrorAlert error={error} title={t('resolveError')} />}
          <div className="row">
            <button type="submit" className={`btn btn--sm ${mode === 'refund' ? 'btn--primary' : 'btn--danger'}`} disabled={busy}>
              {busy ? t('saving') : mode === 'refund' ? t('confirmRefund') : t('confirmReject')}
            </button>
            <button type="button" className="link-button small" onClick={() => setMode(null)}>
              {t('cancel')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}

function DisputeList({ status }: { status: 'open' | 'resolved' }) {
  const { items, setItems, cursor, error, load } = usePaged<AdminDispute>(`${FEEDBACK}/admin/disputes?status=${status}&limit=20`);
  const [done, setDone] = useState<string | null>(null);
  const t = useTranslations('adminDisputes');
  if (error) return <ErrorAlert error={error} title={t('loadError')} />;
  if (!items) return <PageLoading label={t('loading')} />;
  return (
    <div className="stack">
      {done && <Notice tone="success">{done}</Notice>}
      {items.length === 0 ? (
        <div className="panel center empty">
          <h2 className="h3">{status === 'open' ? t('noOpen') : t('noResolved')}</h2>
          <p className="muted">{t('emptyHint')}</p>
        </div>
      ) : (
        <ul className="consult-list panel" aria-label={status === 'open' ? t('openList') : t('resolvedList')}>
          {items.map((d) => (
            <DisputeCard key={d.id} d={d} onResolved={(next) => {
              setItems((list) => list?.map((x) => (x.id === next.id ? next : x)) ?? null);
              setDone(next.status === 'refunded' ? t('doneRefunded', { amount: rupees(next.refundPaise), name: next.customer.name }) : t('doneRejected', { name: next.customer.name }));
            }} />
          ))}
        </ul>
      )}
      {cursor && (
        <div className="center">
          <button type="button" className="btn btn--outline" onClick={() => void load(cursor)}>{t('loadMore')}</button>
        </div>
      )}
    </div>
  );
}

function ReportedCard({ r, onDone }: { r: ReportedReview; onDone: (id: string, message: string) => void }) {
  const [hiding, setHiding] = useState(false);
  const [reason, setReason] = useState('');
  const [removeRating, setRemoveRating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const t = useTranslations('adminDisputes');
  const tr = useTranslations('review');

  async function act(path: string, body: unknown, message: string) {
    setBusy(true);
    setError(null);
    try {
      await api(`${FEEDBACK}/admin/reviews/${encodeURIComponent(r.review.id)}/${path}`, { method: 'POST', auth: 'customer', body });
      onDone(r.review.id, message);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="consult" aria-label={t('reportedOf', { name: r.review.astrologerName })}>
      <div className="consult__main stack" style={{ gap: 4 }}>
        <p className="consult__title">
          <StarsShown value={r.review.rating} />
          <span className="small">
            {t('about')} <Link href={`/astrologers/${r.review.astrologerId}`}>{r.review.astrologerName}</Link>
          </span>
        </p>
        {r.review.comment ? <p>{r.review.comment}</p> : <p className="muted small">{t('noText')}</p>}
        <p className="small muted">
          {t('reports', {
            count: r.openReports,
            reasons: r.reasons.map((x) => (tr.has(`reasons.${x}` as never) ? tr(`reasons.${x}` as never) : x.replace('_', ' '))).join(', '),
            ago: timeAgo(r.lastReportedAt),
          })}
        </p>
        {r.notes.length > 0 && <p className="small">“{r.notes.join('” · “')}”</p>}
      </div>
      <div className="consult__side">
        {!hiding && (
          <div className="consult__actions">
            <button type="button" className="btn btn--danger btn--sm" onClick={() => setHiding(true)}>{t('hide')}</button>
            <button type="button" className="btn btn--ghost btn--sm" disabled={busy} onClick={() => void act('dismiss-reports', {}, t('dismissed'))}>
              {t('dismiss')}
            </button>
          </div>
        )}
      </div>
      {hiding && (
        <form className="consult__confirm stack" aria-label={t('hideForm')}
          onSubmit={(e) => { e.preventDefault(); if (reason.trim()) void act('hide', { reason: reason.trim(), removeRating }, removeRating ? t('hiddenNoRating') : t('hiddenRating')); }}>
          <div className="field">
            <label htmlFor={`hide-${r.review.id}`}>{t('reason')}</label>
            <input id={`hide-${r.review.id}`} className="input" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <label className="field--check small">
            <input type="checkbox" checked={removeRating} onChange={(e) => setRemoveRating(e.target.checked)} /> {t('removeRating')}
          </label>
          {error && <ErrorAlert error={error} title={t('reviewError')} />}
          <div className="row">
            <button type="submit" className="btn btn--danger btn--sm" disabled={busy || !reason.trim()}>{busy ? t('hiding') : t('hideReview')}</button>
            <button type="button" className="link-button small" onClick={() => setHiding(false)}>{t('cancel')}</button>
          </div>
        </form>
      )}
      {!hiding && error && <div className="consult__confirm"><ErrorAlert error={error} title={t('reviewError')} /></div>}
    </li>
  );
}

function ReportedReviews() {
  const { items, setItems, cursor, error, load } = usePaged<ReportedReview>(`${FEEDBACK}/admin/reports?limit=20`);
  const [done, setDone] = useState<string | null>(null);
  const t = useTranslations('adminDisputes');
  if (error) return <ErrorAlert error={error} title={t('reportsError')} />;
  if (!items) return <PageLoading label={t('loadingReports')} />;
  return (
    <div className="stack">
      {done && <Notice tone="success">{done}</Notice>}
      <p className="small muted">
        {t('hidingHint')}
      </p>
      {items.length === 0 ? (
        <div className="panel center empty">
          <h2 className="h3">{t('noReports')}</h2>
          <p className="muted">{t('noReportsHint')}</p>
        </div>
      ) : (
        <ul className="consult-list panel" aria-label={t('reportedReviews')}>
          {items.map((r) => (
            <ReportedCard key={r.review.id} r={r} onDone={(id, message) => {
              setItems((list) => list?.filter((x) => x.review.id !== id) ?? null);
              setDone(message);
            }} />
          ))}
        </ul>
      )}
      {cursor && (
        <div className="center">
          <button type="button" className="btn btn--outline" onClick={() => void load(cursor)}>{t('loadMore')}</button>
        </div>
      )}
    </div>
  );
}

function Console() {
  const [tab, setTab] = useState<Tab>('open');
  const t = useTranslations('adminDisputes');
  return (
    <div className="stack-lg">
      <div>
        <p className="eyebrow">
          <Link href="/admin">{t('admin')}</Link> · {t('disputes')}
        </p>
        <h1 className="h2">{t('title')}</h1>
      </div>
      <div className="tabs tabs--inline" role="tablist" aria-label={t('queues')}>
        {([['open', t('openList')], ['resolved', t('resolvedTab')], ['reports', t('reportedReviews')]] as const).map(([key, label]) => (
          <button key={key} type="button" role="tab" aria-selected={tab === key} className="tabs__tab" onClick={() => setTab(key)}>
            {label}
          </button>
        ))}
      </div>
      {tab === 'reports' ? <ReportedReviews /> : <DisputeList key={tab} status={tab} />}
    </div>
  );
}

export function AdminDisputes() {
  const hydrated = useHydrated();
  const session = useSession('customer');
  const t = useTranslations('adminDisputes');
  if (!hydrated) return <PageLoading />;
  if (!session) return <SignInPrompt title={t('admin')} text={t('signIn')} next="/admin/disputes" allowSignup={false} />;
  if (!isAdmin(session)) {
    return (
      <div className="panel center stack narrow-box">
        <h1 className="h2">{t('adminsOnly')}</h1>
        <p className="muted">{t('adminsOnlyText')}</p>
      </div>
    );
  }
  return <Console />;
}
