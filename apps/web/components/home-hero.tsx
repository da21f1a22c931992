import { useTranslations } from 'next-intl';
import { ClockIcon, RefundIcon, ShieldIcon } from './icons';

/** The home page banner; compact while a search is showing, so results come sooner on a phone. */
export function HomeHero({ compact = false }: { compact?: boolean }) {
  const t = useTranslations('home');
  return (
    <section className={`hero hero--search${compact ? ' hero--compact' : ''}`}>
      <div className="container hero__inner">
        <p className="eyebrow">{t('eyebrow')}</p>
        <h1 className="hero__title">{t('title')}</h1>
        {!compact && (
          <>
            <p className="hero__lead">{t('lead')}</p>
            {/* Focusable: on a phone the row scrolls sideways, and keyboard users must be able to scroll it too. */}
            <ul className="trust-points" tabIndex={0} aria-label={t('why')}>
              <li>
                <ShieldIcon />
                {t('verified')}
              </li>
              <li>
                <ClockIcon />
                {t('billed')}
              </li>
              <li>
                <RefundIcon />
                {t('refunds')}
              </li>
            </ul>
          </>
        )}
      </div>
    </section>
  );
}
