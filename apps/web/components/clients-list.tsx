'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { whenIn } from '../lib/bookings';
import { rupees } from '../lib/format';
import { browserTimeZone } from '../lib/time';
import type { Page, PracticeClient } from '../lib/types';
import { PortalNav } from './astrologer-work';
import { ErrorAlert } from './error-alert';
import { PageLoading } from './sign-in-prompt';

export const clientHref = (userId: string) => `/astrologer/clients/${encodeURIComponent(userId)}`;

/** Customers the astrologer has consulted with, most recently seen first; names only, never contact details. */
export function ClientsView() {
  const [items, setItems] = useState<PracticeClient[] | null>(null);
  const t = useTranslations('clients');
  const tc = useTranslations('common');
  const tp = useTranslations('portal');
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [zone, setZone] = useState('Asia/Kolkata');

  useEffect(() => setZone(browserTimeZone()), []);

  const load = useCallback(async (after: string | null) => {
    setError(null);
    setLoadingMore(!!after);
    try {
      const q = new URLSearchParams({ limit: '20' });
      if (after) q.set('cursor', after);
      const page = await api<Page<PracticeClient>>(`/api/astrologer/clients?${q}`, { auth: 'astrologer' });
      setItems((prev) => (after && prev ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor ?? null);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    } finally {
      setLoadingMore(false);
    }
  }, []);

  useEffect(() => {
    void load(null);
  }, [load]);

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
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load(null)}>
            {tc('retry')}
          </button>
        </ErrorAlert>
      )}
      {!items && !error && <PageLoading label={t('loading')} />}
      {items && items.length === 0 && (
        <div className="panel center empty">
          <h2 className="h3">{t('none')}</h2>
          <p className="muted">{t('noneHint')}</p>
        </div>
      )}
      {items && items.length > 0 && (
        <ul className="consult-list panel" aria-label={t('title')}>
          {items.map((c) => (
            <li key={c.userId} className="consult">
              <div className="consult__main">
                <p className="consult__title">
                  <Link href={clientHref(c.userId)}>{c.name}</Link>
                  {c.hasNote && <span className="status-badge status-badge--live">{t('note')}</span>}
                </p>
                <p className="consult__meta small">
                  <span>{t('sessions', { count: c.sessionCount })}</span>
                  {c.lastSessionAt && <span className="muted">· {t('last', { when: whenIn(c.lastSessionAt, zone, true) })}</span>}
                </p>
              </div>
              <div className="consult__side">
                <strong className="consult__price">{rupees(c.totalSpentPaise)}</strong>
                <span className="muted small">{t('spent')}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
      {cursor && (
        <div className="center">
          <button type="button" className="btn btn--outline" disabled={loadingMore} onClick={() => void load(cursor)}>
            {loadingMore ? tc('loading') : t('loadMore')}
          </button>
        </div>
      )}
    </div>
  );
}
