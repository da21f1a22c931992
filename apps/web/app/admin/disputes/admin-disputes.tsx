'use client';

import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import { DISPUTE_REASON_LABEL, type Dispute } from '../../../components/dispute-form';
import { ErrorAlert, Notice } from '../../../components/error-alert';
import { StarsShown } from '../../../components/review-form';
import { PageLoading, SignInPrompt } from '../../../components/sign-in-prompt';
import { api, isApiError, type ApiError } from '../../../lib/api';
import { MODE_LABEL, newKey } from '../../../lib/bookings';
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

const SOURCE_LABEL = { earnings: "from the astrologer's earnings (and the commission)", platform: 'from platform revenue' } as const;

function DisputeCard({ d, onResolved }: { d: AdminDispute; onResolved: (d: AdminDispute) => void }) {
  const [mode, setMode] = useState<'refund' | 'reject' | null>(null);
  const [amount, setAmount] = useState(rupeesInput(d.refundablePaise));
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [local, setLocal] = useState<string | null>(null);
  // One key per attempt: a double click or a retry after a network error cannot refund twice.
  const key = useRef<string | null>(null);

  async function resolve() {
    setLocal(null);
    let body: Record<string, unknown>;
    if (mode === 'refund') {
      const paise = paiseFromRupees(amount);
      if (paise === null || Number.isNaN(paise) || paise <= 0) return setLocal('Enter the amount to refund in rupees, e.g. 250 or 99.50.');
      if (paise > d.refundablePaise) return setLocal(`At most ${rupees(d.refundablePaise)} can be refunded.`);
      body = { action: 'refund', ...(paise === d.refundablePaise ? {} : { amountPaise: paise }), ...(note.trim() ? { note: note.trim() } : {}) };
    } else {
      if (!note.trim()) return setLocal('Write a note for the customer explaining why.');
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
  return (
    <li className="consult" aria-label={`Dispute from ${d.customer.name}`}>
      <div className="consult__main stack" style={{ gap: 4 }}>
        <p className="consult__title">
          <strong>{d.customer.name}</strong>
          <span className="muted small"> about </span>
          <Link href={`/astrologers/${d.astrologer.id}`}>{d.astrologer.name}</Link>
          <span className={`status-badge status-badge--${d.status === 'open' ? 'pending' : d.status === 'refunded' ? 'ok' : 'off'}`}>
            {d.status === 'open' ? 'Open' : d.status === 'refunded' ? 'Refunded' : 'Rejected'}
          </span>
        </p>
        <p className="small muted">
          {c.kind === 'instant' ? 'Instant' : 'Booked'} {MODE_LABEL[c.mode].toLowerCase()} · session {c.status.replace('_', ' ')} · reported {timeAgo(d.createdAt)}
          {d.status === 'open' ? ` · ${rupees(d.refundablePaise)} refundable` : ''}
        </p>
        <p className="small"><strong>{DISPUTE_REASON_LABEL[d.reason]}</strong></p>
        <p>{d.description}</p>
        {d.status === 'refunded' && (
          <p className="small">
            {rupees(d.refundPaise)} refunded {d.refundSource ? SOURCE_LABEL[d.refundSource] : ''}.{d.resolutionNote ? ` Note: ${d.resolutionNote}` : ''}
          </p>
        )}
        {d.status === 'rejected' && <p className="small">Rejected: {d.resolutionNote}</p>}
      </div>
      <div className="consult__side">
        <strong className="consult__price">{rupees(d.chargedPaise)}</strong>
        <span className="small muted">charged</span>
        {d.status === 'open' && !mode && (
          <div className="consult__actions">
            <button type="button" className="btn btn--primary btn--sm" disabled={d.refundablePaise <= 0} onClick={() => setMode('refund')}>
              Refund
            </button>
            <button type="button" className="btn btn--ghost btn--sm" onClick={() => setMode('reject')}>
              Reject
            </button>
          </div>
        )}
      </div>
      {mode && d.status === 'open' && (
        <form className="consult__confirm stack" aria-label={mode === 'refund' ? 'Refund this dispute' : 'Reject this dispute'}
          onSubmit={(e) => { e.preventDefault(); void resolve(); }}>
          {mode === 'refund' && (
            <div className="field">
              <label htmlFor={`amount-${d.id}`}>Refund amount (₹)</label>
              <input id={`amount-${d.id}`} className="input" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
              <span className="hint small muted">Up to {rupees(d.refundablePaise)}. Goes to the customer&apos;s wallet; the astrologer&apos;s part is taken back from their earnings when they cover it.</span>
            </div>
          )}
          <div className="field">
            <label htmlFor={`note-${d.id}`}>{mode === 'refund' ? 'Note to the customer (optional)' : 'Why (sent to the customer)'}</label>
            <textarea id={`note-${d.id}`} className="input textarea" maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          {local && <span className="field__error">{local}</span>}
          {error && <ErrorAlert error={error} title="Could not resolve this dispute." />}
          <div className="row">
            <button type="submit" className={`btn btn--sm ${mode === 'refund' ? 'btn--primary' : 'btn--danger'}`} disabled={busy}>
              {busy ? 'Saving…' : mode === 'refund' ? 'Confirm refund' : 'Confirm rejection'}
            </button>
            <button type="button" className="link-button small" onClick={() => setMode(null)}>
              Cancel
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
  if (error) return <ErrorAlert error={error} title="We couldn't load disputes." />;
  if (!items) return <PageLoading label="Loading disputes…" />;
  return (
    <div className="stack">
      {done && <Notice tone="success">{done}</Notice>}
      {items.length === 0 ? (
        <div className="panel center empty">
          <h2 className="h3">{status === 'open' ? 'No open disputes' : 'No resolved disputes yet'}</h2>
          <p className="muted">Customers report problems from their consultations list.</p>
        </div>
      ) : (
        <ul className="consult-list panel" aria-label={status === 'open' ? 'Open disputes' : 'Resolved disputes'}>
          {items.map((d) => (
            <DisputeCard key={d.id} d={d} onResolved={(next) => {
              setItems((list) => list?.map((x) => (x.id === next.id ? next : x)) ?? null);
              setDone(next.status === 'refunded' ? `Refunded ${rupees(next.refundPaise)} to ${next.customer.name}.` : `Dispute from ${next.customer.name} rejected.`);
            }} />
          ))}
        </ul>
      )}
      {cursor && (
        <div className="center">
          <button type="button" className="btn btn--outline" onClick={() => void load(cursor)}>Load more</button>
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
    <li className="consult" aria-label={`Reported review of ${r.review.astrologerName}`}>
      <div className="consult__main stack" style={{ gap: 4 }}>
        <p className="consult__title">
          <StarsShown value={r.review.rating} />
          <span className="small">
            about <Link href={`/astrologers/${r.review.astrologerId}`}>{r.review.astrologerName}</Link>
          </span>
        </p>
        {r.review.comment ? <p>{r.review.comment}</p> : <p className="muted small">No text.</p>}
        <p className="small muted">
          {r.openReports} {r.openReports === 1 ? 'report' : 'reports'} ({r.reasons.map((x) => x.replace('_', ' ')).join(', ')}) · last {timeAgo(r.lastReportedAt)}
        </p>
        {r.notes.length > 0 && <p className="small">“{r.notes.join('” · “')}”</p>}
      </div>
      <div className="consult__side">
        {!hiding && (
          <div className="consult__actions">
            <button type="button" className="btn btn--danger btn--sm" onClick={() => setHiding(true)}>Hide</button>
            <button type="button" className="btn btn--ghost btn--sm" disabled={busy} onClick={() => void act('dismiss-reports', {}, 'Reports dismissed; the review stays up.')}>
              Dismiss reports
            </button>
          </div>
        )}
      </div>
      {hiding && (
        <form className="consult__confirm stack" aria-label="Hide this review"
          onSubmit={(e) => { e.preventDefault(); if (reason.trim()) void act('hide', { reason: reason.trim(), removeRating }, removeRating ? 'Review hidden and its rating removed.' : 'Review hidden; its rating still counts.'); }}>
          <div className="field">
            <label htmlFor={`hide-${r.review.id}`}>Reason (kept for the record)</label>
            <input id={`hide-${r.review.id}`} className="input" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <label className="field--check small">
            <input type="checkbox" checked={removeRating} onChange={(e) => setRemoveRating(e.target.checked)} /> Also remove its star rating from the averages (fake or retaliatory rating)
          </label>
          {error && <ErrorAlert error={error} title="Could not update this review." />}
          <div className="row">
            <button type="submit" className="btn btn--danger btn--sm" disabled={busy || !reason.trim()}>{busy ? 'Hiding…' : 'Hide review'}</button>
            <button type="button" className="link-button small" onClick={() => setHiding(false)}>Cancel</button>
          </div>
        </form>
      )}
      {!hiding && error && <div className="consult__confirm"><ErrorAlert error={error} title="Could not update this review." /></div>}
    </li>
  );
}

function ReportedReviews() {
  const { items, setItems, cursor, error, load } = usePaged<ReportedReview>(`${FEEDBACK}/admin/reports?limit=20`);
  const [done, setDone] = useState<string | null>(null);
  if (error) return <ErrorAlert error={error} title="We couldn't load reported reviews." />;
  if (!items) return <PageLoading label="Loading reports…" />;
  return (
    <div className="stack">
      {done && <Notice tone="success">{done}</Notice>}
      <p className="small muted">
        Hiding removes a review&apos;s text from the public profile; its stars still count unless you also remove the rating.
      </p>
      {items.length === 0 ? (
        <div className="panel center empty">
          <h2 className="h3">No reported reviews</h2>
          <p className="muted">Anyone signed in can report an abusive review.</p>
        </div>
      ) : (
        <ul className="consult-list panel" aria-label="Reported reviews">
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
          <button type="button" className="btn btn--outline" onClick={() => void load(cursor)}>Load more</button>
        </div>
      )}
    </div>
  );
}

function Console() {
  const [tab, setTab] = useState<Tab>('open');
  return (
    <div className="stack-lg">
      <div>
        <p className="eyebrow">
          <Link href="/admin">Admin</Link> · Disputes
        </p>
        <h1 className="h2">Disputes and reported reviews</h1>
      </div>
      <div className="tabs tabs--inline" role="tablist" aria-label="Queues">
        {([['open', 'Open disputes'], ['resolved', 'Resolved'], ['reports', 'Reported reviews']] as const).map(([t, label]) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className="tabs__tab" onClick={() => setTab(t)}>
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
  if (!hydrated) return <PageLoading />;
  if (!session) return <SignInPrompt title="Admin" text="Log in with an admin account to handle disputes." next="/admin/disputes" allowSignup={false} />;
  if (!isAdmin(session)) {
    return (
      <div className="panel center stack narrow-box">
        <h1 className="h2">Admins only</h1>
        <p className="muted">This area is for Anytime Pooja administrators.</p>
      </div>
    );
  }
  return <Console />;
}
