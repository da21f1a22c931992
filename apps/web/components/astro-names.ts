'use client';

import { useLocale, useTranslations } from 'next-intl';
import { SIGN_INFO, type Graha, type Nakshatra, type Sign } from '../lib/astro';

/**
 * Astrology names in the page's language: grahas, signs, nakshatras, and the Sanskrit terms the API sends in
 * Latin letters (tithis, yogas, karanas, weekdays, koota values). An unknown term is shown as the API sent it.
 */
export function useAstroNames() {
  const t = useTranslations('astro');
  const hindi = useLocale() === 'hi';
  const term = (raw: string): string => {
    const key = `terms.${raw}`;
    return t.has(key as never) ? t(key as never) : raw;
  };
  return {
    hindi,
    graha: (g: Graha) => t(`graha.${g}`),
    abbr: (g: Graha) => t(`abbr.${g}`),
    sign: (s: Sign) => (hindi ? SIGN_INFO[s].hi : SIGN_INFO[s].en),
    nakshatra: (n: Pick<Nakshatra, 'name' | 'nameHi'>) => (hindi && n.nameHi ? n.nameHi : n.name),
    term,
    /** A koota cell: "Deva", "Janma (1)", "Jupiter", "5/9". */
    value: (raw: string): string => {
      if (!hindi) return raw;
      const tara = /^(.+) \((\d+)\)$/.exec(raw);
      if (tara) return `${term(tara[1]!)} (${tara[2]})`;
      const g = raw.toLowerCase();
      if (t.has(`graha.${g}` as never)) return t(`graha.${g}` as never);
      return term(raw);
    },
  };
}
