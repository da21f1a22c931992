'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { compactCount } from '../lib/format';
import type { AstrologerStatus } from '../lib/session';
import type { AstrologerCard, Presence } from '../lib/types';
import { ErrorAlert } from './error-alert';
import { HeartIcon } from './icons';

const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/**
 * The astrologer's "open for business" switch and follower count. The profile API does not say whether the
 * astrologer is online, so an approved astrologer's presence is read from their public card.
 */
export function PracticePanel({ astrologerId, status }: { astrologerId: string; status: AstrologerStatus | undefined }) {
  const ids = useId();
  const t = useTranslations('practice');
  const [presence, setPresence] = useState<Presence | null>(null);
  const [followers, setFollowers] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    api<{ count: number }>('/api/astrologer/followers', { auth: 'astrologer' })
      .then((r) => setFollowers(r.count))
      .catch(() => setFollowers(null));
  }, []);

  useEffect(() => {
    if (status !== 'approved') {
      setPresence('offline');
      return;
    }
    api<AstrologerCard>(`/api/user/astrologers/${encodeURIComponent(astrologerId)}`)
      .then((card) => setPresence(card.presence))
      .catch(() => setPresence('offline'));
  }, [astrologerId, status]);

  async function toggle() {
    const next = presence === 'online' ? 'offline' : 'online';
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ presence: Presence }>('/api/astrologer/status', { method: 'PUT', auth: 'astrologer', body: { presence: next } });
      setPresence(res.presence);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const online = presence === 'online';
  return (
    <section className="panel practice" aria-label={t('label')}>
      <div className="practice__presence">
        <div>
          <p className="practice__label" id={`${ids}-presence`}>
            {t('available')}
          </p>
          <p className={`presence presence--${presence ?? 'offline'}`} aria-live="polite">
            <span className={`presence-dot presence-dot--inline presence-dot--${presence ?? 'offline'}`} aria-hidden />
            {presence === null ? t('checking') : presence === 'online' ? t('online') : presence === 'busy' ? t('busy') : t('offline')}
          </p>
        </div>
        <button
          type="button"
          role="switch"
          className="switch"
          aria-checked={online}
          aria-labelledby={`${ids}-presence`}
          disabled={busy || presence === null || presence === 'busy'}
          onClick={() => void toggle()}
        >
          <span className="switch__track" aria-hidden>
            <span className="switch__thumb" />
          </span>
          <span className="switch__text">{online ? t('on') : t('off')}</span>
        </button>
      </div>
      <div className="practice__stat">
        <HeartIcon width={20} height={20} />
        <p>
          <strong>{followers === null ? '—' : compactCount(followers)}</strong>{' '}
          <span className="muted">{t('followers', { count: followers ?? 0 })}</span>
        </p>
      </div>
      {error && (
        <div className="practice__error">
          <ErrorAlert error={error} title={presence === 'online' ? t('offlineError') : t('onlineError')} />
        </div>
      )}
    </section>
  );
}

/** Chooses a photo and sends its bytes as the request body (the API takes raw JPEG, PNG or WebP). */
export function PhotoUpload({ hasPhoto, onUploaded }: { hasPhoto: boolean; onUploaded: (photoUrl: string) => void }) {
  const ids = useId();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const t = useTranslations('photo');
  const [error, setError] = useState('');
  const [done, setDone] = useState(false);

  const upload = useCallback(
    async (file: File) => {
      setError('');
      setDone(false);
      if (file.size > MAX_PHOTO_BYTES) {
        setError(t('tooBig'));
        return;
      }
      if (file.type && !file.type.startsWith('image/')) {
        setError(t('type'));
        return;
      }
      setBusy(true);
      try {
        const res = await api<{ photoUrl: string; thumbnailUrl: string }>('/api/astrologer/profile/photo', {
          method: 'POST',
          auth: 'astrologer',
          rawBody: file,
          headers: { 'content-type': file.type || 'application/octet-stream' },
        });
        onUploaded(res.photoUrl);
        setDone(true);
      } catch (err) {
        if (!isApiError(err)) throw err;
        if (err.status === 413) setError(t('tooBig'));
        else if (err.code === 'unsupported_image') {
          const why = (err.errors[0]?.message ?? 'must be a JPEG, PNG or WebP image').replace(/\.$/, '');
          setError(t('rejected', { why: `${why.charAt(0).toLowerCase()}${why.slice(1)}` }));
        } else setError(err.detail);
      } finally {
        setBusy(false);
        if (input.current) input.current.value = '';
      }
    },
    [onUploaded, t],
  );

  return (
    <div className="photo-upload">
      <input
        ref={input}
        id={`${ids}-photo`}
        type="file"
        accept={PHOTO_TYPES.join(',')}
        className="visually-hidden"
        disabled={busy}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void upload(file);
        }}
      />
      <label htmlFor={`${ids}-photo`} className={`btn btn--ghost btn--sm photo-upload__button${busy ? ' is-busy' : ''}`}>
        {busy ? t('uploading') : hasPhoto ? t('change') : t('add')}
        <span className="visually-hidden"> {t('hint')}</span>
      </label>
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      {done && !error && (
        <p className="photo-upload__ok" role="status">
          {t('updated')}
        </p>
      )}
    </div>
  );
}
