import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { avatarTone, compactCount, initials, rupees } from '../lib/format';
import { useLanguageName, useSpecialtyName } from '../lib/i18n';
import type { AstrologerCard as Card, Presence } from '../lib/types';
import { CallIcon, ChatIcon, ExperienceIcon, LanguageIcon, StarIcon, VerifiedIcon, VideoIcon } from './icons';

/** "Online", "Busy", "Offline" in the viewer's language. */
export function usePresenceLabel(): (p: Presence) => string {
  const t = useTranslations('common');
  return (p) => t(`presence.${p}`);
}

export function Avatar({ id, name, photoUrl, size = 64, presence }: { id: string; name: string; photoUrl?: string | null; size?: number; presence?: Presence }) {
  return (
    <div className="avatar" style={{ width: size, height: size }}>
      {photoUrl ? (
        // Photos come from any host the astrologer uses; next/image would need each one allow-listed.
        <img src={photoUrl} alt="" className="avatar__img" width={size} height={size} loading="lazy" />
      ) : (
        <span className="avatar__initials" style={{ background: avatarTone(id), fontSize: size * 0.36 }} aria-hidden>
          {initials(name)}
        </span>
      )}
      {presence && <span className={`presence-dot presence-dot--${presence}`} aria-hidden />}
    </div>
  );
}

// A price of 0 means the astrologer does not offer that mode.
export const offered = (paise: number | null | undefined): paise is number => typeof paise === 'number' && paise > 0;

function Price({ icon, label, paise }: { icon: ReactNode; label: string; paise: number | null }) {
  const t = useTranslations('card');
  if (!offered(paise)) return null;
  return (
    <li className="price">
      {icon}
      <span className="price__label">{label}</span>
      <span className="price__value">
        {rupees(paise)}
        <span className="price__unit">{t('perMinUnit')}</span>
      </span>
    </li>
  );
}

export const profileHref = (id: string) => `/astrologers/${encodeURIComponent(id)}`;

/**
 * An astrologer in a list. With `href` the whole card opens the profile (the name is the link, stretched over
 * the card); `action` (the favorite heart) sits above that link in the top corner; `note` is a line of context
 * such as the distance on the nearby map.
 */
export function AstrologerCard({
  astrologer: a,
  footer,
  href,
  action,
  note,
}: {
  astrologer: Card;
  footer?: ReactNode;
  href?: string;
  action?: ReactNode;
  note?: ReactNode;
}) {
  const t = useTranslations('card');
  const presenceLabel = usePresenceLabel();
  const languageName = useLanguageName();
  const specialtyName = useSpecialtyName();
  const specialties = a.specialties.map(specialtyName).join(', ');
  const hasPrices = [a.priceChatPaise, a.priceCallPaise, a.priceVideoPaise].some(offered);
  return (
    <article className={`astro-card${href ? ' astro-card--link' : ''}`} aria-label={a.displayName}>
      {action && <div className="astro-card__action">{action}</div>}
      <div className="astro-card__top">
        <Avatar id={a.id} name={a.displayName} photoUrl={a.photoUrl} presence={a.presence} />
        <div className="astro-card__id">
          <h3 className="astro-card__name">
            {href ? (
              <Link href={href} className="astro-card__link">
                {a.displayName}
              </Link>
            ) : (
              <span>{a.displayName}</span>
            )}
            {a.verified && (
              <span className="badge badge--verified" title={t('verifiedTitle')}>
                <VerifiedIcon width={14} height={14} />
                {t('verified')}
              </span>
            )}
          </h3>
          {specialties && <p className="astro-card__specialties">{specialties}</p>}
          <p className={`presence presence--${a.presence}`}>
            <span className={`presence-dot presence-dot--inline presence-dot--${a.presence}`} aria-hidden />
            {presenceLabel(a.presence)}
          </p>
        </div>
      </div>
      {note && <div className="astro-card__note">{note}</div>}

      <ul className="astro-card__facts">
        {a.languages.length > 0 && (
          <li>
            <LanguageIcon />
            {a.languages.map(languageName).join(', ')}
          </li>
        )}
        {typeof a.experienceYears === 'number' && a.experienceYears > 0 && (
          <li>
            <ExperienceIcon />
            {t('experience', { years: a.experienceYears })}
          </li>
        )}
        <li className="rating">
          <StarIcon className="rating__star" />
          {a.ratingCount > 0 && a.ratingAvg !== null ? (
            <>
              <strong>{a.ratingAvg.toFixed(1)}</strong>
              <span className="muted">({t('ratings', { count: a.ratingCount, shown: compactCount(a.ratingCount) })})</span>
            </>
          ) : (
            <span className="muted">{t('noRatings')}</span>
          )}
        </li>
      </ul>

      {hasPrices && (
        <ul className="astro-card__prices" aria-label={t('pricesPerMinute')}>
          <Price icon={<ChatIcon />} label={t('chat')} paise={a.priceChatPaise} />
          <Price icon={<CallIcon />} label={t('call')} paise={a.priceCallPaise} />
          <Price icon={<VideoIcon />} label={t('video')} paise={a.priceVideoPaise} />
        </ul>
      )}
      {footer && <div className="astro-card__footer">{footer}</div>}
    </article>
  );
}

export function AstrologerCardSkeleton() {
  return (
    <div className="astro-card astro-card--skeleton" aria-hidden>
      <div className="astro-card__top">
        <div className="skeleton skeleton--circle" />
        <div className="astro-card__id">
          <div className="skeleton skeleton--line" style={{ width: '70%' }} />
          <div className="skeleton skeleton--line" style={{ width: '50%' }} />
          <div className="skeleton skeleton--line" style={{ width: '30%' }} />
        </div>
      </div>
      <div className="skeleton skeleton--line" style={{ width: '85%' }} />
      <div className="skeleton skeleton--block" />
    </div>
  );
}
