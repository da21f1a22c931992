'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { api, isApiError } from '../lib/api';
import { useSession } from '../lib/session';
import { HeartIcon } from './icons';

/**
 * The heart: follows or unfollows an astrologer for the signed-in customer, at once on screen and then on the
 * server; a refusal puts the heart back and says why. `compact` is the icon-only version for cards, shown only
 * to signed-in customers; the full version invites a signed-out visitor to log in.
 */
export function FavoriteButton({
  astrologerId,
  name,
  initial,
  compact = false,
  onChange,
}: {
  astrologerId: string;
  name: string;
  initial: boolean;
  compact?: boolean;
  onChange?: (favorite: boolean) => void;
}) {
  const session = useSession('customer');
  const pathname = usePathname();
  const [favorite, setFavorite] = useState(initial);
  const t = useTranslations('favorite');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const latest = useRef(0);

  useEffect(() => setFavorite(initial), [initial]);

  if (!session) {
    if (compact) return null;
    return (
      <Link href={`/login?next=${encodeURIComponent(pathname)}`} className="btn btn--ghost btn--sm fav-button">
        <HeartIcon width={18} height={18} />
        {t('logInToSave')}
      </Link>
    );
  }

  async function toggle() {
    const next = !favorite;
    const call = ++latest.current;
    setFavorite(next);
    setError('');
    setBusy(true);
    try {
      if (next) await api('/api/user/favorites', { method: 'POST', auth: 'customer', body: { astrologerId } });
      else await api(`/api/user/favorites/${encodeURIComponent(astrologerId)}`, { method: 'DELETE', auth: 'customer' });
      if (call === latest.current) onChange?.(next);
    } catch (err) {
      if (!isApiError(err)) throw err;
      if (call === latest.current) {
        setFavorite(!next);
        setError(err.status === 401 ? t('logInAgain') : err.detail);
      }
    } finally {
      if (call === latest.current) setBusy(false);
    }
  }

  // One name in both states (a toggle's state is aria-pressed, not a new label).
  const label = t('label', { name });
  return (
    <span className={`fav${compact ? ' fav--compact' : ''}`}>
      <button
        type="button"
        className={compact ? `fav-icon${favorite ? ' fav-icon--on' : ''}` : `btn btn--sm fav-button${favorite ? ' fav-button--on' : ' btn--ghost'}`}
        aria-pressed={favorite}
        aria-label={label}
        title={favorite ? t('remove', { name }) : t('add', { name })}
        onClick={() => void toggle()}
        data-busy={busy || undefined}
      >
        <HeartIcon filled={favorite} width={compact ? 20 : 18} height={compact ? 20 : 18} />
        {!compact && (favorite ? t('favorited') : t('favorite'))}
      </button>
      {error && (
        <span className="fav__error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
