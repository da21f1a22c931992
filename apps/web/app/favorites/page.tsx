'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { AstrologerCard, AstrologerCardSkeleton, profileHref } from '../../components/astrologer-card';
import { ErrorAlert } from '../../components/error-alert';
import { FavoriteButton } from '../../components/favorite-button';
import { HeartIcon } from '../../components/icons';
import { PageLoading, SignInPrompt } from '../../components/sign-in-prompt';
import { api, isApiError, type ApiError } from '../../lib/api';
import { useHydrated, useSession } from '../../lib/session';
import type { AstrologerCard as Card, Page } from '../../lib/types';

const PAGE_SIZE = 24;

function FavoriteList() {
  const [items, setItems] = useState<Card[] | null>(null);
  const t = useTranslations('favorites');
  const tc = useTranslations('common');
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  // Unfollowed here: kept on screen (so a slip can be undone) but shown as removed.
  const [removed, setRemoved] = useState<Set<string>>(new Set());

  const load = useCallback(async (after: string | null) => {
    setError(null);
    setLoadingMore(!!after);
    try {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (after) query.set('cursor', after);
      const page = await api<Page<Card>>(`/api/user/favorites?${query}`, { auth: 'customer' });
      setItems((prev) => (after && prev ? [...prev, ...page.items.filter((a) => !prev.some((p) => p.id === a.id))] : page.items));
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

  const count = items ? items.filter((a) => !removed.has(a.id)).length : 0;

  return (
    <div className="stack-lg">
      <div className="section__head">
        <div>
          <p className="eyebrow">{t('eyebrow')}</p>
          <h1 className="h2">{t('title')}</h1>
        </div>
        {items && items.length > 0 && (
          <span className="badge badge--count">
            {count}
            {cursor ? '+' : ''} saved
          </span>
        )}
      </div>
      {error && (
        <ErrorAlert error={error} title={t('loadError')}>
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load(items?.length ? cursor : null)}>
            {tc('retry')}
          </button>
        </ErrorAlert>
      )}
      {!items && !error && (
        <div className="astro-grid" aria-busy="true" aria-label={t('loading')}>
          {Array.from({ length: 3 }, (_, i) => (
            <AstrologerCardSkeleton key={i} />
          ))}
        </div>
      )}
      {items && items.length === 0 && (
        <div className="panel center empty empty--illustrated">
          <span className="empty__icon" aria-hidden>
            <HeartIcon width={30} height={30} />
          </span>
          <h2 className="h3">{t('none')}</h2>
          <p className="muted">{t('noneHint')}</p>
          <Link href="/" className="btn btn--primary btn--sm empty__action">
            {t('find')}
          </Link>
        </div>
      )}
      {items && items.length > 0 && (
        <div className="astro-grid">
          {items.map((a) => (
            <AstrologerCard
              key={a.id}
              astrologer={a}
              href={profileHref(a.id)}
              action={
                <FavoriteButton
                  compact
                  astrologerId={a.id}
                  name={a.displayName}
                  initial={!removed.has(a.id)}
                  onChange={(fav) =>
                    setRemoved((s) => {
                      const next = new Set(s);
                      if (fav) next.delete(a.id);
                      else next.add(a.id);
                      return next;
                    })
                  }
                />
              }
              note={removed.has(a.id) ? <span className="muted small">{t('removed')}</span> : undefined}
            />
          ))}
        </div>
      )}
      {cursor && (
        <div className="center">
          <button type="button" className="btn btn--outline" onClick={() => void load(cursor)} disabled={loadingMore}>
            {loadingMore ? tc('loading') : t('loadMore')}
          </button>
        </div>
      )}
    </div>
  );
}

export default function FavoritesPage() {
  const hydrated = useHydrated();
  const session = useSession('customer');
  const t = useTranslations('favorites');
  let content;
  if (!hydrated) content = <PageLoading />;
  else if (!session) content = <SignInPrompt title={t('signInTitle')} text={t('signIn')} next="/favorites" />;
  else content = <FavoriteList />;
  return <section className="container page-top stack-lg">{content}</section>;
}
