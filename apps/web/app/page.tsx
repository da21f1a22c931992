'use client';

import { useCallback, useEffect, useState } from 'react';
import { AstrologerCard, AstrologerCardSkeleton } from '../components/astrologer-card';
import { ErrorAlert } from '../components/error-alert';
import { ClockIcon, RefundIcon, ShieldIcon } from '../components/icons';
import { api, isApiError, type ApiError } from '../lib/api';
import type { AstrologerCard as Card, Page } from '../lib/types';

const PAGE_SIZE = 24;

export default function HomePage() {
  const [items, setItems] = useState<Card[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async (after: string | null) => {
    setLoading(true);
    setError(null);
    try {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (after) query.set('cursor', after);
      const page = await api<Page<Card>>(`/api/user/astrologers?${query}`);
      setItems((prev) => {
        const seen = new Set(after ? prev.map((a) => a.id) : []);
        const fresh = page.items.filter((a) => !seen.has(a.id));
        return after ? [...prev, ...fresh] : fresh;
      });
      setCursor(page.nextCursor ?? null);
      setLoaded(true);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(null);
  }, [load]);

  const onlineCount = items.filter((a) => a.presence === 'online').length;

  return (
    <>
      <section className="hero">
        <div className="container hero__inner">
          <p className="eyebrow">Vedic · Tarot · Numerology · Vastu</p>
          <h1 className="hero__title">Talk to a trusted astrologer, anytime.</h1>
          <p className="hero__lead">
            Chat, call or video with verified astrologers. Pay by the minute, only while you are both connected.
          </p>
          <ul className="trust-points">
            <li>
              <ShieldIcon />
              Verified astrologers
            </li>
            <li>
              <ClockIcon />
              Billed only while connected
            </li>
            <li>
              <RefundIcon />
              Automatic refunds to your wallet
            </li>
          </ul>
        </div>
      </section>

      <section className="container section" aria-labelledby="astrologers-heading">
        <div className="section__head">
          <h2 id="astrologers-heading" className="h2">
            Astrologers
          </h2>
          {loaded && items.length > 0 && (
            <p className="muted small">
              {onlineCount > 0 ? `${onlineCount} online now · ` : ''}
              showing {items.length}
            </p>
          )}
        </div>

        {error && (
          <ErrorAlert error={error} title="We couldn't load astrologers.">
            <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load(items.length ? cursor : null)}>
              Try again
            </button>
          </ErrorAlert>
        )}

        {!loaded && !error && (
          <div className="astro-grid" aria-busy="true" aria-label="Loading astrologers">
            {Array.from({ length: 6 }, (_, i) => (
              <AstrologerCardSkeleton key={i} />
            ))}
          </div>
        )}

        {loaded && items.length === 0 && (
          <div className="panel center empty">
            <h3 className="h3">No astrologers yet</h3>
            <p className="muted">Our astrologers are getting ready. Please check back soon.</p>
          </div>
        )}

        {items.length > 0 && (
          <div className="astro-grid">
            {items.map((a) => (
              <AstrologerCard key={a.id} astrologer={a} />
            ))}
          </div>
        )}

        {cursor && (
          <div className="center load-more">
            <button type="button" className="btn btn--outline" onClick={() => void load(cursor)} disabled={loading}>
              {loading ? 'Loading…' : 'Load more'}
            </button>
          </div>
        )}
      </section>
    </>
  );
}
