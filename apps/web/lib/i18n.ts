import { useTranslations } from 'next-intl';

type Keyed = (key: string) => string;

/**
 * Astrologers' languages are stored as English names ("Hindi", "Tamil"): shown in the viewer's language when we
 * know the name, else as the astrologer typed it. Works in server and client components.
 */
export function useLanguageName(): (name: string) => string {
  const t = useTranslations('common');
  return (name: string) => {
    const trimmed = name.trim();
    const key = `languages.${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1).toLowerCase()}`;
    return t.has(key as 'languages.Hindi') ? (t as unknown as Keyed)(key) : name;
  };
}

/** A specialty of the fixed list by its slug in the viewer's language, else its stored name. */
export function useSpecialtyName(): (s: { slug: string; name: string }) => string {
  const t = useTranslations('common');
  return (s: { slug: string; name: string }) => {
    const key = `specialties.${s.slug}`;
    return t.has(key as 'specialties.vedic') ? (t as unknown as Keyed)(key) : s.name;
  };
}
