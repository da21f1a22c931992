'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import {
  MODE_LABEL, STATUS_LABEL, STATUS_TONE, fetchPolicy, newKey, refundPreview, whenIn,
  type BookingPolicy, type BookingStatus, type CustomerBooking,
} from '../lib/bookings';
import { rupees } from '../lib/format';
import { useHydrated, useSession } from '../lib/session';
import { browserTimeZone } from '../lib/time';
import { walletChanged } from '../lib/wallet';
import { DisputeForm, disputeSummary, useMyDisputes, type Dispute } from './dispute-form';
import { ErrorAlert, Notice } from './error-alert';
import { CalendarIcon } from './icons';
import { ReviewForm, StarsShown, useMyReviews, type MyReview } from './review-form';
import { PageLoading, SignInPrompt } from './sign-in-prompt';

type Filter = 'upcoming' | 'past';

export function StatusBadge({ status, label }: { status: BookingStatus; label?: string }) {
  return <span className={`status-badge status-badge--${STATUS_TONE[status]}`}>{label ?? STATUS_LABEL[status]}</span>;
}

function moneyNote(b: CustomerBooking, t: ReturnType<typeof useTranslations<'consultations'>>): string | null {
  const m = b.money;
  if (!m) return null;
  if (b.status === 'pending' || b.status === 'confirmed' || b.status === 'in_progress') return t('reserved', { amount: rupees(m.heldPaise) });
  const parts: string[] = [];
  if (m.capturedPaise > 0) parts.push(t('charged', { amount: rupees(m.capturedPaise) }));
  if (m.releasedPaise > 0) parts.push(t('refunded', { amount: rupees(m.releasedPaise) }));
  return parts.length ? parts.join(' · ') : null;
}

// A problem can be reported about any session that has started or ended; upcoming ones can simply be cancelled.
const DISPUTABLE: BookingStatus[] = ['in_progress', 'completed', 'cancelled', 'no_show', 'declined', 'expired'];

interface Feedback {
  review: MyReview | undefined;
  dispute: Dispute | undefined;
  onReview: (r: MyReview) => void;
  onDispute: (d: Dispute) => void;
}

function ConsultationRow({ b, zone, policy, onChanged, feedback }: { b: CustomerBooking; zone: string; policy: BookingPolicy | null; onChanged: (b: CustomerBooking) => void; feedback: Feedback }) {
  const [open, setOpen] = useState<'rate' | 'dispute' | null>(null);
  const t = useTranslations('consultations');
  const tDispute = useTranslations('dispute');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const key = useRef<string | null>(null);
  const cancellable = b.status === 'pending' || b.status === 'confirmed';
  const preview = policy ? refundPreview(b, policy) : null;

  async function cancel() {
    setBusy(true);
    setError(null);
    key.current ??= newKey('cancel');
    try {
      const next = await api<CustomerBooking>(`/api/user/consultations/${encodeURIComponent(b.id)}/cancel`, {
        method: 'POST',
        auth: 'customer',
        headers: { 'Idempotency-Key': key.current },
      });
      key.current = null;
      setConfirming(false);
      onChanged(next);
      walletChanged();
    } catch (err) {
      if (!isApiError(err)) throw err;
      if (err.status !== 0 && err.status < 500) key.current = null;
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const note = moneyNote(b, t);
  const { review, dispute } = feedback;
  const canEditReview = !!review && !review.hidden && Date.parse(review.editableUntil) > Date.now();
  return (
    <li className="consult" aria-label={t('rowLabel', { mode: MODE_LABEL[b.mode], name: b.astrologer.name })}>
      <div className="consult__main">
        <p className="consult__title">
          <Link href={`/astrologers/${b.astrologer.id}`}>{b.astrologer.name}</Link>
          <StatusBadge status={b.status} label={b.status === 'cancelled' && b.cancelledBy === 'astrologer' ? t('cancelledByAstrologer') : undefined} />
        </p>
        <p className="consult__meta">
          <CalendarIcon width={15} height={15} />
          <span>{whenIn(b.slotStart, zone, true)}</span>
          <span className="consult__mode">{MODE_LABEL[b.mode]}</span>
        </p>
        {b.status === 'pending' && b.expiresAt && (
          <p className="muted small">{t('until', { when: whenIn(b.expiresAt, zone) })}</p>
        )}
        {note && <p className="muted small">{note}</p>}
        {review && (
          <p className="small row" style={{ alignItems: 'center', gap: 6 }}>
            <span className="muted">{t('youRated')}</span> <StarsShown value={review.rating} />
            {review.hidden && <span className="muted">{t('hidden')}</span>}
          </p>
        )}
        {review?.reply && <p className="small muted">{t('reply', { name: b.astrologer.name, text: review.reply.text })}</p>}
        {dispute && <p className="small muted">{disputeSummary(dispute, tDispute)}</p>}
      </div>
      <div className="consult__side">
        <strong className="consult__price">{rupees(b.pricePaise)}</strong>
        {cancellable && !confirming && (
          <button type="button" className="btn btn--ghost btn--sm btn--danger-text" onClick={() => setConfirming(true)}>
            {t('cancel')}
          </button>
        )}
        {b.status === 'completed' && (!review || canEditReview) && open !== 'rate' && (
          <button type="button" className={`btn btn--sm ${review ? 'btn--ghost' : 'btn--outline'}`} onClick={() => setOpen('rate')}>
            {review ? t('editReview') : t('rate')}
          </button>
        )}
        {DISPUTABLE.includes(b.status) && !dispute && open !== 'dispute' && (
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => setOpen('dispute')}>
            {t('report')}
          </button>
        )}
      </div>
      {open === 'rate' && (
        <div className="consult__confirm">
          <ReviewForm
            consultationId={b.id}
            astrologerName={b.astrologer.name}
            existing={review}
            onCancel={() => setOpen(null)}
            onSaved={(r) => {
              feedback.onReview(r);
              setOpen(null);
            }}
          />
        </div>
      )}
      {open === 'dispute' && (
        <div className="consult__confirm">
          <DisputeForm
            consultationId={b.id}
            onCancel={() => setOpen(null)}
            onSaved={(d) => {
              feedback.onDispute(d);
              setOpen(null);
            }}
          />
        </div>
      )}
      {confirming && (
        <div className="consult__confirm" role="group" aria-label={t('cancelThis')}>
          <p className="small">
            {preview
              ? preview.feePaise > 0
                ? t('cancelFee', { refund: rupees(preview.refundPaise), fee: rupees(preview.feePaise) })
                : t('cancelFull', { refund: rupees(preview.refundPaise) })
              : t('cancelRules')}
          </p>
          <div className="row">
            <button type="button" className="btn btn--danger btn--sm" disabled={busy} onClick={() => void cancel()}>
              {busy ? t('cancelling') : t('confirmCancel')}
            </button>
            <button type="button" className="link-button small" onClick={() => setConfirming(false)}>
              {t('keep')}
            </button>
          </div>
        </div>
      )}
      {error && (
        <div className="consult__confirm">
          <ErrorAlert error={error} title={t('cancelError')} />
        </div>
      )}
    </li>
  );
}

function ConsultationList() {
  const [filter, setFilter] = useState<Filter>('upcoming');
  const t = useTranslations('consultations');
  const tc = useTranslations('common');
  const [items, setItems] = useState<CustomerBooking[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [policy, setPolicy] = useState<BookingPolicy | null>(null);
  const [zone, setZone] = useState('Asia/Kolkata');
  const { reviews, remember: rememberReview } = useMyReviews(items?.filter((b) => b.status === 'completed').map((b) => b.id) ?? []);
  const { disputes, remember: rememberDispute } = useMyDisputes();

  useEffect(() => {
    setZone(browserTimeZone());
    fetchPolicy().then(setPolicy, () => undefined);
  }, []);

  const load = useCallback(
    async (after: string | null) => {
      setError(null);
      if (!after) setItems(null);
      try {
        const q = new URLSearchParams({ filter });
        if (after) q.set('cursor', after);
        const page = await api<{ items: CustomerBooking[]; nextCursor: string | null }>(`/api/user/consultations?${q}`, { auth: 'customer' });
        setItems((prev) => (after && prev ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (err) {
        if (!isApiError(err)) throw err;
        setError(err);
      }
    },
    [filter],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  return (
    <div className="stack-lg">
      <div className="page-head">
        <p className="eyebrow">{t('eyebrow')}</p>
        <h1 className="h2">{t('title')}</h1>
        <p className="muted small">{t('zone', { zone })}</p>
      </div>
      <div className="tabs tabs--inline" role="tablist" aria-label={t('which')}>
        {(['upcoming', 'past'] as const).map((f) => (
          <button key={f} type="button" role="tab" aria-selected={filter === f} className="tabs__tab" onClick={() => setFilter(f)}>
            {f === 'upcoming' ? t('upcoming') : t('past')}
          </button>
        ))}
      </div>
      {error && (
        <ErrorAlert error={error} title={t('loadError')}>
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load(null)}>
            {tc('retry')}
          </button>
        </ErrorAlert>
      )}
      {!items && !error && <PageLoading label={t('loading')} />}
      {items && items.length === 0 && (
        <div className="panel center empty">
          <h2 className="h3">{filter === 'upcoming' ? t('noUpcoming') : t('noPast')}</h2>
          <p className="muted">{t('emptyHint')}</p>
          <Link href="/" className="btn btn--outline btn--sm empty__action">
            {t('browse')}
          </Link>
        </div>
      )}
      {items && items.length > 0 && (
        <ul className="consult-list panel" aria-label={t('list')}>
          {items.map((b) => (
            <ConsultationRow
              key={b.id}
              b={b}
              zone={zone}
              policy={policy}
              onChanged={(next) => setItems((list) => list?.map((x) => (x.id === next.id ? next : x)) ?? null)}
              feedback={{ review: reviews[b.id], dispute: disputes[b.id], onReview: rememberReview, onDispute: rememberDispute }}
            />
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
      {policy && (
        <Notice tone="info">
          <strong>{t('refundsByRule')}</strong>
          <span>
            {t('refundsText', { hours: policy.freeCancelHours, minutes: policy.requestTtlMinutes })}
          </span>
        </Notice>
      )}
    </div>
  );
}

export function MyConsultations() {
  const hydrated = useHydrated();
  const session = useSession('customer');
  const t = useTranslations('consultations');
  if (!hydrated) return <PageLoading />;
  if (!session) return <SignInPrompt title={t('title')} text={t('signIn')} next="/consultations" />;
  return <ConsultationList />;
}
