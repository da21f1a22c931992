'use client';

import { useLocale, useTranslations } from 'next-intl';
import { LOCALE_COOKIE, type Locale } from '../i18n/config';

const OTHER: Record<Locale, { locale: Locale; name: string; short: string; tag: string }> = {
  en: { locale: 'hi', name: 'हिन्दी', short: 'हिं', tag: 'hi' },
  hi: { locale: 'en', name: 'English', short: 'EN', tag: 'en' },
};

/** Offers the other language, named in that language; the choice is kept for a year in the locale cookie. */
export function LanguageSwitch() {
  const locale = useLocale();
  const t = useTranslations('header');
  const other = OTHER[locale];
  const choose = () => {
    document.cookie = `${LOCALE_COOKIE}=${other.locale}; path=/; max-age=31536000; samesite=lax`;
    // A full load: every page, including client-side state formatted with the old locale, starts over in the new one.
    window.location.reload();
  };
  return (
    <button type="button" className="lang-switch" lang={other.tag} title={t('languageTitle')} onClick={choose}>
      {/* On a phone the short form keeps the brand readable; the full name stays the button's name. */}
      <span className="lang-switch__full">{other.name}</span>
      <span className="lang-switch__short" aria-hidden>
        {other.short}
      </span>
    </button>
  );
}
