'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useState } from 'react';
import { PortalNav } from '../../../components/astrologer-work';
import { ErrorAlert } from '../../../components/error-alert';
import { RatingDistribution, StarsShown, type Distribution, type ReviewReply } from '../../../components/review-form';
import { PageLoading } from '../../../components/sign-in-prompt';
import { api, isApiError, type ApiError } from '../../../lib/api';
import { timeAgo } from '../../../lib/format';

const FEEDBACK = '/api/communication/feedback';

interface AstrologerReview {
  id: string;
  consultationId: string;
  customerName: string;
  rating: number;
  comment: string | null;
  createdAt: string;
  editedAt: string | null;
  hidden: boolean;
  reply: ReviewReply | null;
}

interface ReviewPage {
  summary: { ratingAvg: number; ratingCount: number; distribution: Distribution };
  items: AstrologerReview[];
  nextCursor: string | null;
}

type Filter = 'all' | 'unreplied';

function ReplyBox({ review, onSaved }: { review: AstrologerReview; onSaved: (r: AstrologerReview) => void }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const t = useTranslations('astroReviews');

  async function send(e: React.FormEvent) {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    setError(null);
    try {
      onSaved(await api<AstrologerReview>(`${FEEDBACK}/reviews/${encodeURIComponent(review.id)}/reply`, { method: 'POST', auth: 'astrologer', body: { reply: text.trim() } }));
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <button type="button" className="btn btn--outline btn--sm" onClick={() => setOpen(true)}>
        {t('reply')}
      </button>
    );
  }
  const id = `reply-${review.id}`;
  return (
    <form className="stack" onSubmit={(e) => void send(e)} aria-label={t('replyTo', { name: review.customerName })}>
      <div className="field">
        <label htmlFor={id}>{t('yourReply')}</label>
        <textarea id={id} className="input textarea" maxLength={2000} value={text} onChange={(e) => setText(e.target.value)}
          placeholder={t('placeholder')} />
      </div>
      {error && <ErrorAlert error={error} title={t('sendError')} />}
      <div className="row">
        <button type="submit" className="btn btn--primary btn--sm" disabled={busy || !text.trim()}>
          {busy ? t('sending') : t('publish')}
        </button>
        <button type="button" className="link-button small" onClick={() => setOpen(false)}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

export function AstrologerReviews() {
  const [filter, setFilter] = useState<Filter>('all');
  const [data, setData] = useState<ReviewPage | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const t = useTranslations('astroReviews');

  const load = useCallback(async (after: string | null) => {
    setError(null);
    if (!after) setData(null);
    try {
      const q = new URLSearchParams({ filter });
      if (after) q.set('cursor', after);
      const page = await api<ReviewPage>(`${FEEDBACK}/astrologer/reviews?${q}`, { auth: 'astrologer' });
      setData((prev) => (after && prev ? { ...page, items: [...prev.items, ...page.items] } : page));
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    }
  }, [filter]);

  useEffect(() => {
    void load(null);
  }, [load]);

  const replace = (r: AstrologerReview) => setData((d) => (d ? { ...d, items: d.items.map((x) => (x.id === r.id ? r : x)) } : d));

  return (
    <div className="stack-lg">
      <div className="page-head">
        <p className="eyebrow">{t('eyebrow')}</p>
        <h1 className="h2">{t('title')}</h1>
        <p className="muted small">{t('lead')}</p>
      </div>
      <PortalNav />
      {data && data.summary.ratingCount > 0 && (
        <section className="panel row" style={{ gap: 24, alignItems: 'center', flexWrap: 'wrap' }} aria-label={t('yourRating')}>
          <div>
            <strong style={{ fontSize: '2rem', lineHeight: 1 }}>{data.summary.ratingAvg.toFixed(2)}</strong>
            <div>
              <StarsShown value={data.summary.ratingAvg} />
            </div>
            <span className="small muted">
              {t('ratings', { count: data.summary.ratingCount })}
            </span>
          </div>
          <div style={{ flex: '1 1 240px' }}>
            <RatingDistribution distribution={data.summary.distribution} />
          </div>
        </section>
      )}
      <div className="tabs tabs--inline" role="tablist" aria-label={t('which')}>
        {(['all', 'unreplied'] as const).map((f) => (
          <button key={f} type="button" role="tab" aria-selected={filter === f} className="tabs__tab" onClick={() => setFilter(f)}>
            {f === 'all' ? t('all') : t('awaiting')}
          </button>
        ))}
      </div>
      {error && (
        <ErrorAlert error={error} title={t('loadError')}>
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load(null)}>
            {t('retry')}
          </button>
        </ErrorAlert>
      )}
      {!data && !error && <PageLoading label={t('loading')} />}
      {data && data.items.length === 0 && (
        <div className="panel center empty">
          <h2 className="h3">{filter === 'all' ? t('none') : t('noneAwaiting')}</h2>
          <p className="muted">{t('emptyHint')}</p>
        </div>
      )}
      {data && data.items.length > 0 && (
        <div className="panel">
        <ul className="reviews" aria-label={t('reviews')}>
          {data.items.map((r) => (
            <li key={r.id} className="review stack" aria-label={t('reviewBy', { name: r.customerName })}>
              <div className="review__head">
                <span className="row" style={{ gap: 8, alignItems: 'center' }}>
                  <StarsShown value={r.rating} />
                  <strong className="small">{r.customerName}</strong>
                  {r.hidden && <span className="status-badge status-badge--off">{t('hidden')}</span>}
                </span>
                <span className="muted small">{timeAgo(r.createdAt)}{r.editedAt ? ` · ${t('edited')}` : ''}</span>
              </div>
              {r.comment ? <p>{r.comment}</p> : <p className="muted small">{t('noComment')}</p>}
              {r.reply ? (
                <div className="small" style={{ padding: '8px 12px', borderLeft: '3px solid var(--gold)', background: 'var(--cream)', borderRadius: 4 }}>
                  <strong>{t('yourReply')}</strong> <span className="muted">· {timeAgo(r.reply.repliedAt)}</span>
                  <p style={{ margin: '2px 0 0' }}>{r.reply.text}</p>
                </div>
              ) : (
                !r.hidden && <ReplyBox review={r} onSaved={replace} />
              )}
            </li>
          ))}
        </ul>
        </div>
      )}
      {data?.nextCursor && (
        <div className="center">
          <button type="button" className="btn btn--outline" onClick={() => void load(data.nextCursor)}>
            {t('loadMore')}
          </button>
        </div>
      )}
    </div>
  );
}
