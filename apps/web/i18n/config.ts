/** The languages of the web app. The locale is the visitor's choice (cookie), else their browser's, else English. */
export const LOCALES = ['en', 'hi'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';
export const LOCALE_COOKIE = 'NEXT_LOCALE';

export const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);

/**
 * The tag given to Intl for dates, times and numbers. Hindi uses hi-IN, whose default numbering system is Latin
 * digits with Indian grouping (1,00,000), as Indian apps and bank statements write amounts.
 */
export const intlTag = (locale: string): string => (locale === 'hi' ? 'hi-IN' : 'en-IN');

/** The best of our locales for an Accept-Language header ("hi-IN,hi;q=0.9,en;q=0.8" → "hi"). */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), i };
    })
    .filter((r) => r.lang && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked.map((r) => r.lang).find(isLocale) ?? DEFAULT_LOCALE;
}
