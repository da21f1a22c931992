'use client';

import Link from 'next/link';
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

function moneyNote(b: CustomerBooking): string | null {
  const m = b.money;
  if (!m) return null;
  if (b.status === 'pending' || b.status === 'confirmed' || b.status === 'in_progress') return `${rupees(m.heldPaise)} reserved from your wallet`;
  const parts: string[] = [];
  if (m.capturedPaise > 0) parts.push(`${rupees(m.capturedPaise)} charged`);
  if (m.releasedPaise > 0) parts.push(`${rupees(m.releasedPaise)} refunded to your wallet`);
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

  const note = moneyNote(b);
  const { review, dispute } = feedback;
  const canEditReview = !!review && !review.hidden && Date.parse(review.editableUntil) > Date.now();
  return (
    <li className="consult" aria-label={`${MODE_LABEL[b.mode]} with ${b.astrologer.name}`}>
      <div className="consult__main">
        <p className="consult__title">
          <Link href={`/astrologers/${b.astrologer.id}`}>{b.astrologer.name}</Link>
          <StatusBadge status={b.status} label={b.status === 'cancelled' && b.cancelledBy === 'astrologer' ? 'Cancelled by astrologer' : undefined} />
        </p>
        <p className="consult__meta">
          <CalendarIcon width={15} height={15} />
          <span>{whenIn(b.slotStart, zone, true)}</span>
          <span className="consult__mode">{MODE_LABEL[b.mode]}</span>
        </p>
        {b.status === 'pending' && b.expiresAt && (
          <p className="muted small">The astrologer has until {whenIn(b.expiresAt, zone)} to accept; otherwise it is refunded in full.</p>
        )}
        {note && <p className="muted small">{note}</p>}
        {review && (
          <p className="small row" style={{ alignItems: 'center', gap: 6 }}>
            <span className="muted">You rated</span> <StarsShown value={review.rating} />
            {review.hidden && <span className="muted">(hidden by a moderator)</span>}
          </p>
        )}
        {review?.reply && <p className="small muted">Reply from {b.astrologer.name}: “{review.reply.text}”</p>}
        {dispute && <p className="small muted">{disputeSummary(dispute)}</p>}
      </div>
      <div className="consult__side">
        <strong className="consult__price">{rupees(b.pricePaise)}</strong>
        {cancellable && !confirming && (
          <button type="button" className="btn btn--ghost btn--sm btn--danger-text" onClick={() => setConfirming(true)}>
            Cancel
          </button>
        )}
        {b.status === 'completed' && (!review || canEditReview) && open !== 'rate' && (
          <button type="button" className={`btn btn--sm ${review ? 'btn--ghost' : 'btn--outline'}`} onClick={() => setOpen('rate')}>
            {review ? 'Edit review' : 'Rate'}
          </button>
        )}
        {DISPUTABLE.includes(b.status) && !dispute && open !== 'dispute' && (
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => setOpen('dispute')}>
            Report a problem
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
        <div className="consult__confirm" role="group" aria-label="Cancel this consultation">
          <p className="small">
            {preview
              ? preview.feePaise > 0
                ? `Cancelling now: ${rupees(preview.refundPaise)} back to your wallet, a late-cancellation fee of ${rupees(preview.feePaise)} is kept.`
                : `Cancelling now: the full ${rupees(preview.refundPaise)} goes back to your wallet.`
              : 'The refund follows the cancellation rules.'}
          </p>
          <div className="row">
            <button type="button" className="btn btn--danger btn--sm" disabled={busy} onClick={() => void cancel()}>
              {busy ? 'Cancelling…' : 'Confirm cancel'}
            </button>
            <button type="button" className="link-button small" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </div>
      )}
      {error && (
        <div className="consult__confirm">
          <ErrorAlert error={error} title="Could not cancel." />
        </div>
      )}
    </li>
  );
}

function ConsultationList() {
  const [filter, setFilter] = useState<Filter>('upcoming');
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
        <p className="eyebrow">Bookings</p>
        <h1 className="h2">My consultations</h1>
        <p className="muted small">Times in your time zone: {zone}</p>
      </div>
      <div className="tabs tabs--inline" role="tablist" aria-label="Which consultations">
        {(['upcoming', 'past'] as const).map((f) => (
          <button key={f} type="button" role="tab" aria-selected={filter === f} className="tabs__tab" onClick={() => setFilter(f)}>
            {f === 'upcoming' ? 'Upcoming' : 'Past'}
          </button>
        ))}
      </div>
      {error && (
        <ErrorAlert error={error} title="We couldn't load your consultations.">
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load(null)}>
            Try again
          </button>
        </ErrorAlert>
      )}
      {!items && !error && <PageLoading label="Loading consultations…" />}
      {items && items.length === 0 && (
        <div className="panel center empty">
          <h2 className="h3">{filter === 'upcoming' ? 'No upcoming consultations' : 'No past consultations'}</h2>
          <p className="muted">Book a slot from an astrologer&apos;s profile; it shows up here.</p>
          <Link href="/" className="btn btn--outline btn--sm empty__action">
            Browse astrologers
          </Link>
        </div>
      )}
      {items && items.length > 0 && (
        <ul className="consult-list panel" aria-label="Consultations">
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
            Load more
          </button>
        </div>
      )}
      {policy && (
        <Notice tone="info">
          <strong>Refunds by rule</strong>
          <span>
            Cancel at least {policy.freeCancelHours} hours ahead for a full refund. If the astrologer declines, doesn&apos;t answer in {policy.requestTtlMinutes} minutes,
            cancels or doesn&apos;t show, everything comes back automatically.
          </span>
        </Notice>
      )}
    </div>
  );
}

export function MyConsultations() {
  const hydrated = useHydrated();
  const session = useSession('customer');
  if (!hydrated) return <PageLoading />;
  if (!session) return <SignInPrompt title="My consultations" text="Log in to see the consultations you booked." next="/consultations" />;
  return <ConsultationList />;
}
