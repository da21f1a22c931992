'use client';

import { LiveActions } from './live-actions';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { compactCount, rupees, timeAgo } from '../lib/format';
import { useLanguageName, useSpecialtyName } from '../lib/i18n';
import { useSession } from '../lib/session';
import { browserTimeZone } from '../lib/time';
import type { AstrologerDetail } from '../lib/types';
import { Avatar, offered, usePresenceLabel } from './astrologer-card';
import { ErrorAlert } from './error-alert';
import { FavoriteButton } from './favorite-button';
import { CallIcon, ChatIcon, ChevronIcon, ExperienceIcon, LanguageIcon, MapPinIcon, StarIcon, VerifiedIcon, VideoIcon } from './icons';
import { RatingDistribution, ReportReview } from './review-form';
import { PageLoading } from './sign-in-prompt';
import { SlotWeek } from './slot-week';

function Stars({ value, label }: { value: number; label?: string }) {
  const full = Math.round(value);
  const t = useTranslations('profile');
  return (
    <span className="stars" role="img" aria-label={label ?? t('stars', { value })}>
      {Array.from({ length: 5 }, (_, i) => (
        <StarIcon key={i} width={14} height={14} className={i < full ? 'stars__on' : 'stars__off'} />
      ))}
    </span>
  );
}

function PriceRow({ icon, label, paise }: { icon: ReactNode; label: string; paise: number | null }) {
  const t = useTranslations('profile');
  return (
    <li className={`mode-price${offered(paise) ? '' : ' mode-price--off'}`}>
      <span className="mode-price__icon">{icon}</span>
      <span className="mode-price__label">{label}</span>
      {offered(paise) ? (
        <span className="mode-price__value">
          {rupees(paise)}
          <span className="price__unit">{t('perMinUnit')}</span>
        </span>
      ) : (
        <span className="muted small">{t('notOffered')}</span>
      )}
    </li>
  );
}

export function AstrologerProfileView({ id }: { id: string }) {
  const customer = useSession('customer');
  const signedIn = !!customer;
  const t = useTranslations('profile');
  const tc = useTranslations('common');
  const presenceLabel = usePresenceLabel();
  const languageName = useLanguageName();
  const specialtyName = useSpecialtyName();
  const [zone, setZone] = useState<string | null>(null);
  const [detail, setDetail] = useState<AstrologerDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => setZone(browserTimeZone()), []);

  const load = useCallback(
    async (tz: string, signal?: AbortSignal) => {
      setError(null);
      try {
        const q = new URLSearchParams({ tz });
        setDetail(await api<AstrologerDetail>(`/api/user/astrologers/${encodeURIComponent(id)}?${q}`, { auth: 'customer', signal }));
      } catch (err) {
        if (err instanceof DOMException && err.name === 'AbortError') return;
        if (!isApiError(err)) throw err;
        setError(err);
      }
    },
    [id],
  );

  useEffect(() => {
    if (!zone) return;
    const ctrl = new AbortController();
    void load(zone, ctrl.signal);
    return () => ctrl.abort();
  }, [zone, load, signedIn]);

  useEffect(() => {
    if (detail) document.title = `${detail.displayName} · Anytime Pooja`;
  }, [detail]);

  const back = (
    <Link href="/" className="back-link">
      <ChevronIcon direction="left" />
      {t('allAstrologers')}
    </Link>
  );

  if (error && (error.status === 404 || error.status === 400)) {
    return (
      <section className="container page-top stack-lg">
        {back}
        <div className="panel center empty">
          <h1 className="h2">{t('notFound')}</h1>
          <p className="muted">{t('notFoundHint')}</p>
          <Link href="/" className="btn btn--outline btn--sm empty__action">
            {t('browse')}
          </Link>
        </div>
      </section>
    );
  }

  if (!detail || !zone) {
    return (
      <section className="container page-top stack-lg">
        {back}
        {error ? (
          <ErrorAlert error={error} title={t('loadError')}>
            <button type="button" className="btn btn--ghost btn--sm" onClick={() => zone && void load(zone)}>
              {tc('retry')}
            </button>
          </ErrorAlert>
        ) : (
          <PageLoading label={t('loading')} />
        )}
      </section>
    );
  }

  const a = detail;
  const years = a.experienceYears ?? 0;
  return (
    <section className="container page-top stack-lg">
      {back}
      <article className="profile-card panel" aria-labelledby="astrologer-name">
        <Avatar id={a.id} name={a.displayName} photoUrl={a.photoUrl} size={112} presence={a.presence} />
        <div className="profile-card__body">
          <h1 id="astrologer-name" className="h2 profile-card__name">
            {a.displayName}
            {a.verified && (
              <span className="badge badge--verified" title={t('verifiedTitle')}>
                <VerifiedIcon width={14} height={14} />
                {t('verified')}
              </span>
            )}
          </h1>
          <p className={`presence presence--${a.presence}`}>
            <span className={`presence-dot presence-dot--inline presence-dot--${a.presence}`} aria-hidden />
            {presenceLabel(a.presence)}
            {a.presence === 'busy' && <span className="muted"> · {t('inConsultation')}</span>}
          </p>
          {a.specialties.length > 0 && (
            <ul className="tag-list" aria-label={t('specialties')}>
              {a.specialties.map((s) => (
                <li key={s.slug} className="tag">
                  {specialtyName(s)}
                </li>
              ))}
            </ul>
          )}
          <ul className="astro-card__facts profile-card__facts">
            <li className="rating">
              <StarIcon className="rating__star" />
              {a.ratingCount > 0 && a.ratingAvg !== null ? (
                <>
                  <strong>{a.ratingAvg.toFixed(1)}</strong>
                  <span className="muted">
                    ({t('ratings', { count: a.ratingCount, shown: compactCount(a.ratingCount) })})
                  </span>
                </>
              ) : (
                <span className="muted">{t('noRatings')}</span>
              )}
            </li>
            {years > 0 && (
              <li>
                <ExperienceIcon />
                {t('experience', { years })}
              </li>
            )}
            {a.languages.length > 0 && (
              <li>
                <LanguageIcon />
                {a.languages.map(languageName).join(', ')}
              </li>
            )}
            {a.city && (
              <li>
                <MapPinIcon />
                {a.city}
              </li>
            )}
          </ul>
        </div>
        <div className="profile-card__fav">
          <FavoriteButton astrologerId={a.id} name={a.displayName} initial={!!a.isFavorite} />
        </div>
      </article>

      <div className="profile-layout">
        <div className="profile-layout__main stack-lg">
          <section className="panel" aria-labelledby="about-heading">
            <h2 id="about-heading" className="h3 panel__title">
              {t('about', { name: a.displayName })}
            </h2>
            {a.bio ? <p className="prose">{a.bio}</p> : <p className="muted">{t('noBio')}</p>}
          </section>

          <section className="panel" aria-label={t('slots')}>
            <SlotWeek
              astrologerId={a.id}
              name={a.displayName}
              zone={zone}
              nextSlots={a.nextSlots}
              modes={(
                [
                  ['chat', a.priceChatPaise],
                  ['call', a.priceCallPaise],
                  ['video', a.priceVideoPaise],
                ] as const
              )
                .filter(([, p]) => offered(p))
                .map(([m]) => m)}
            />
          </section>

          <section className="panel" aria-labelledby="reviews-heading">
            <h2 id="reviews-heading" className="h3 panel__title">
              {t('reviews')}
            </h2>
            {a.ratingDistribution && a.ratingCount > 0 && a.ratingAvg !== null && (
              <div className="row" style={{ alignItems: 'center', gap: 20, marginBottom: 16, flexWrap: 'wrap' }}>
                <div>
                  <strong style={{ fontSize: '2rem', lineHeight: 1 }}>{a.ratingAvg.toFixed(1)}</strong>
                  <div>
                    <Stars value={a.ratingAvg} />
                  </div>
                  <span className="muted small">
                    {t('ratings', { count: a.ratingCount, shown: compactCount(a.ratingCount) })}
                  </span>
                </div>
                <div style={{ flex: '1 1 220px' }}>
                  <RatingDistribution distribution={a.ratingDistribution} />
                </div>
              </div>
            )}
            {a.reviews.length === 0 ? (
              <div className="reviews-empty">
                <StarIcon width={28} height={28} />
                <p>
                  <strong>{t('noReviews')}</strong>
                  <span className="muted"> {t('noReviewsHint')}</span>
                </p>
              </div>
            ) : (
              <ul className="reviews">
                {a.reviews.map((r) => (
                  <li key={r.id} className="review">
                    <div className="review__head">
                      <Stars value={r.rating} />
                      <span className="muted small">{timeAgo(r.createdAt)}</span>
                    </div>
                    {r.comment ? <p>{r.comment}</p> : <p className="muted small">{t('noComment')}</p>}
                    {r.reply && (
                      <div className="small" style={{ marginTop: 8, padding: '8px 12px', borderLeft: '3px solid var(--gold)', background: 'var(--cream)', borderRadius: 4 }}>
                        <strong>{t('replyFrom', { name: a.displayName })}</strong>
                        <p style={{ margin: '2px 0 0' }}>{r.reply.text}</p>
                      </div>
                    )}
                    <ReportReview reviewId={r.id} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>

        <aside className="profile-layout__side">
          <section className="panel" aria-labelledby="prices-heading">
            <h2 id="prices-heading" className="h3 panel__title">
              {t('prices')}
            </h2>
            <ul className="mode-prices">
              <PriceRow icon={<ChatIcon />} label={tc('modes.chat')} paise={a.priceChatPaise} />
              <PriceRow icon={<CallIcon />} label={tc('modes.call')} paise={a.priceCallPaise} />
              <PriceRow icon={<VideoIcon />} label={tc('modes.video')} paise={a.priceVideoPaise} />
            </ul>
            <p className="muted small panel__foot">
              {a.presence === 'online'
                ? t('isOnline', { name: a.displayName })
                : a.presence === 'busy'
                  ? t('isBusy', { name: a.displayName })
                  : t('isOffline', { name: a.displayName })}{' '}
              {t('payOnly')}
            </p>
            <LiveActions astrologerId={a.id} name={a.displayName} presence={a.presence} prices={{ chat: a.priceChatPaise, call: a.priceCallPaise, video: a.priceVideoPaise }} />
          </section>
        </aside>
      </div>
    </section>
  );
}
