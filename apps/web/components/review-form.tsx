'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useState, type CSSProperties } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { useSession } from '../lib/session';
import { ErrorAlert } from './error-alert';
import { StarIcon } from './icons';

/* Feedback types and helpers shared by the review, reply and moderation screens. */

const FEEDBACK = '/api/communication/feedback';

export type Distribution = Record<1 | 2 | 3 | 4 | 5, number>;

export interface ReviewReply {
  text: string;
  repliedAt: string;
}

export interface MyReview {
  id: string;
  consultationId: string;
  astrologerId: string;
  rating: number;
  comment: string | null;
  createdAt: string;
  editedAt: string | null;
  editableUntil: string;
  hidden: boolean;
  reply: ReviewReply | null;
}


/** My reviews of these consultations, keyed by consultation id (one request for a whole list). */
export function useMyReviews(consultationIds: string[]) {
  const [reviews, setReviews] = useState<Record<string, MyReview>>({});
  const key = [...new Set(consultationIds)].sort().join(',');

  useEffect(() => {
    if (!key) return;
    let live = true;
    const ids = key.split(',');
    const chunks = Array.from({ length: Math.ceil(ids.length / 50) }, (_, i) => ids.slice(i * 50, i * 50 + 50));
    Promise.all(chunks.map((c) => api<{ items: MyReview[] }>(`${FEEDBACK}/reviews/mine?consultationIds=${c.join(',')}`, { auth: 'customer' })))
      .then((pages) => {
        if (!live) return;
        const found = Object.fromEntries(pages.flatMap((p) => p.items).map((r) => [r.consultationId, r]));
        setReviews((prev) => ({ ...prev, ...found }));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [key]);

  const remember = useCallback((r: MyReview) => setReviews((prev) => ({ ...prev, [r.consultationId]: r })), []);
  return { reviews, remember };
}

const starButton: CSSProperties = { background: 'none', border: 0, padding: 2, cursor: 'pointer', lineHeight: 0 };

/** Five stars as a radio group: arrow keys move, Enter/Space or a click picks. */
export function StarPicker({ value, onChange, disabled }: { value: number; onChange: (n: number) => void; disabled?: boolean }) {
  const [hover, setHover] = useState(0);
  const t = useTranslations('review');
  const shown = hover || value;
  return (
    <div className="row" style={{ alignItems: 'center', gap: 10 }}>
      <div role="radiogroup" aria-label={t('yourRating')} style={{ display: 'inline-flex' }} onMouseLeave={() => setHover(0)}>
        {[1, 2, 3, 4, 5].map((n) => (
          <button
            key={n}
            type="button"
            role="radio"
            aria-checked={value === n}
            aria-label={t('nStars', { n })}
            tabIndex={value === n || (value === 0 && n === 1) ? 0 : -1}
            disabled={disabled}
            style={starButton}
            onMouseEnter={() => setHover(n)}
            onClick={() => onChange(n)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight' || e.key === 'ArrowUp') {
                e.preventDefault();
                onChange(Math.min(5, (value || 0) + 1));
              } else if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') {
                e.preventDefault();
                onChange(Math.max(1, (value || 2) - 1));
              }
            }}
          >
            <StarIcon width={30} height={30} className={n <= shown ? 'stars__on' : 'stars__off'} />
          </button>
        ))}
      </div>
      <span className="small muted" aria-live="polite">
        {shown ? t(`words.${shown as 1}`) : t('tap')}
      </span>
    </div>
  );
}

/** Read-only stars. */
export function StarsShown({ value, size = 14 }: { value: number; size?: number }) {
  const full = Math.round(value);
  const t = useTranslations('review');
  return (
    <span className="stars" role="img" aria-label={t('outOf5', { value })}>
      {Array.from({ length: 5 }, (_, i) => (
        <StarIcon key={i} width={size} height={size} className={i < full ? 'stars__on' : 'stars__off'} />
      ))}
    </span>
  );
}

/** How many ratings of each star count, as bars (5 at the top). */
export function RatingDistribution({ distribution }: { distribution: Distribution }) {
  const total = ([1, 2, 3, 4, 5] as const).reduce((s, n) => s + distribution[n], 0);
  const t = useTranslations('review');
  if (total === 0) return null;
  return (
    <ul aria-label={t('distribution')} style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 4, maxWidth: 360 }}>
      {([5, 4, 3, 2, 1] as const).map((n) => {
        const pct = Math.round((distribution[n] / total) * 100);
        return (
          <li key={n} className="small" style={{ display: 'grid', gridTemplateColumns: '2.4em 1fr 2.8em', alignItems: 'center', gap: 8 }}
            aria-label={t('distRow', { n, count: distribution[n] })}>
            <span className="nowrap">
              {n} <StarIcon width={11} height={11} className="stars__on" />
            </span>
            <span aria-hidden="true" style={{ height: 8, borderRadius: 4, background: 'var(--line-2)', overflow: 'hidden' }}>
              <span style={{ display: 'block', height: '100%', width: `${pct}%`, background: 'var(--gold)' }} />
            </span>
            <span className="muted" style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>{distribution[n]}</span>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * "Rate your session": stars and optional text for a completed consultation, or an edit of my review while
 * its 7-day window is open.
 */
export function ReviewForm({
  consultationId,
  astrologerName,
  existing,
  onSaved,
  onCancel,
}: {
  consultationId: string;
  astrologerName: string;
  existing?: MyReview | null;
  onSaved: (r: MyReview) => void;
  onCancel?: () => void;
}) {
  const [rating, setRating] = useState(existing?.rating ?? 0);
  const t = useTranslations('review');
  const tc = useTranslations('common');
  const [comment, setComment] = useState(existing?.comment ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!rating) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    const text = comment.trim();
    try {
      const saved = existing
        ? await api<MyReview>(`${FEEDBACK}/reviews/${encodeURIComponent(existing.id)}`, {
            method: 'PATCH', auth: 'customer', body: { rating, comment: text ? text : null },
          })
        : await api<MyReview>(`${FEEDBACK}/reviews`, {
            method: 'POST', auth: 'customer', body: { consultationId, rating, ...(text ? { comment: text } : {}) },
          });
      onSaved(saved);
    } catch (err) {
      if (!isApiError(err)) throw err;
      // Reviewed already (another tab, or a reload of a page that did not know): show that review instead.
      if (err.code === 'already_reviewed') {
        const mine = await api<{ items: MyReview[] }>(`${FEEDBACK}/reviews/mine?consultationIds=${encodeURIComponent(consultationId)}`, { auth: 'customer' }).catch(() => null);
        const found = mine?.items[0];
        if (found) return onSaved(found);
      }
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const fieldId = `review-${consultationId}`;
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} aria-label={t('formLabel', { name: astrologerName })} noValidate>
      <strong>{existing ? t('editTitle') : t('rateTitle')}</strong>
      <StarPicker value={rating} onChange={(n) => { setRating(n); setMissing(false); }} disabled={busy} />
      {missing && <span className="field__error">{t('pick')}</span>}
      <div className="field">
        <label htmlFor={fieldId}>
          {t('yourReview')} <span className="muted small">{t('optional')}</span>
        </label>
        <textarea
          id={fieldId}
          className="input textarea"
          maxLength={2000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          placeholder={t('placeholder', { name: astrologerName })}
        />
        <span className="hint small muted">
          {existing ? t('editHint') : t('newHint')}
        </span>
      </div>
      {error && <ErrorAlert error={error} title={t('saveError')} fieldLabels={{ rating: t('rating'), comment: t('review') }} />}
      <div className="row">
        <button type="submit" className="btn btn--primary btn--sm" disabled={busy}>
          {busy ? t('saving') : existing ? t('save') : t('submit')}
        </button>
        {onCancel && (
          <button type="button" className="link-button small" onClick={onCancel}>
            {tc('cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

const REPORT_REASONS = [
  ['abusive', 'Abusive or hateful'],
  ['spam', 'Spam or advertising'],
  ['personal_info', 'Shares personal information'],
  ['off_topic', 'Not about the session'],
  ['other', 'Something else'],
] as const;

/** "Report" on a public review, for anyone signed in (customer or astrologer). */
export function ReportReview({ reviewId }: { reviewId: string }) {
  const customer = useSession('customer');
  const astrologer = useSession('astrologer');
  const role = customer ? 'customer' : astrologer ? 'astrologer' : null;
  const t = useTranslations('review');
  const tc = useTranslations('common');
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<(typeof REPORT_REASONS)[number][0]>('abusive');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  if (!role) return null;
  if (done) return <p className="small muted" role="status">{t('reported')}</p>;

  async function send() {
    setBusy(true);
    setError(null);
    try {
      await api(`${FEEDBACK}/reviews/${encodeURIComponent(reviewId)}/report`, { method: 'POST', auth: role!, body: { reason } });
      setDone(true);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <button type="button" className="link-button small" style={{ color: 'var(--muted)', fontWeight: 500, marginTop: 4 }} onClick={() => setOpen(true)}>
        {t('report')}
      </button>
    );
  }
  return (
    <div className="row small" style={{ alignItems: 'center', gap: 8, flexWrap: 'wrap', marginTop: 6 }} role="group" aria-label={t('reportThis')}>
      <label className="visually-hidden" htmlFor={`report-${reviewId}`}>{t('why')}</label>
      <select id={`report-${reviewId}`} className="input input--sm" style={{ width: 'auto' }} value={reason} onChange={(e) => setReason(e.target.value as typeof reason)}>
        {REPORT_REASONS.map(([v]) => (
          <option key={v} value={v}>{t(`reasons.${v}`)}</option>
        ))}
      </select>
      <button type="button" className="btn btn--outline btn--sm" disabled={busy} onClick={() => void send()}>
        {busy ? t('sending') : t('send')}
      </button>
      <button type="button" className="link-button small" onClick={() => setOpen(false)}>{tc('cancel')}</button>
      {error && <ErrorAlert error={error} title={t('reportError')} />}
    </div>
  );
}
