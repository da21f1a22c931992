/** Shapes of the astrology API (/api/user/horoscope, /kundli, /kundli/match, /panchang) and display helpers. */
import { pageIntlTag } from './locale';

export const SIGNS = ['aries', 'taurus', 'gemini', 'cancer', 'leo', 'virgo', 'libra', 'scorpio', 'sagittarius', 'capricorn', 'aquarius', 'pisces'] as const;
export type Sign = (typeof SIGNS)[number];
export type Period = 'daily' | 'weekly' | 'monthly';
export type Graha = 'sun' | 'moon' | 'mars' | 'mercury' | 'jupiter' | 'venus' | 'saturn' | 'rahu' | 'ketu';

export const SIGN_INFO: Record<Sign, { en: string; sanskrit: string; hi: string; glyph: string; dates: string }> = {
  aries: { en: 'Aries', sanskrit: 'Mesha', hi: 'मेष', glyph: '♈', dates: 'Mar 21 – Apr 19' },
  taurus: { en: 'Taurus', sanskrit: 'Vrishabha', hi: 'वृषभ', glyph: '♉', dates: 'Apr 20 – May 20' },
  gemini: { en: 'Gemini', sanskrit: 'Mithuna', hi: 'मिथुन', glyph: '♊', dates: 'May 21 – Jun 20' },
  cancer: { en: 'Cancer', sanskrit: 'Karka', hi: 'कर्क', glyph: '♋', dates: 'Jun 21 – Jul 22' },
  leo: { en: 'Leo', sanskrit: 'Simha', hi: 'सिंह', glyph: '♌', dates: 'Jul 23 – Aug 22' },
  virgo: { en: 'Virgo', sanskrit: 'Kanya', hi: 'कन्या', glyph: '♍', dates: 'Aug 23 – Sep 22' },
  libra: { en: 'Libra', sanskrit: 'Tula', hi: 'तुला', glyph: '♎', dates: 'Sep 23 – Oct 22' },
  scorpio: { en: 'Scorpio', sanskrit: 'Vrishchika', hi: 'वृश्चिक', glyph: '♏', dates: 'Oct 23 – Nov 21' },
  sagittarius: { en: 'Sagittarius', sanskrit: 'Dhanu', hi: 'धनु', glyph: '♐', dates: 'Nov 22 – Dec 21' },
  capricorn: { en: 'Capricorn', sanskrit: 'Makara', hi: 'मकर', glyph: '♑', dates: 'Dec 22 – Jan 19' },
  aquarius: { en: 'Aquarius', sanskrit: 'Kumbha', hi: 'कुंभ', glyph: '♒', dates: 'Jan 20 – Feb 18' },
  pisces: { en: 'Pisces', sanskrit: 'Meena', hi: 'मीन', glyph: '♓', dates: 'Feb 19 – Mar 20' },
};

export const GRAHA_INFO: Record<Graha, { en: string; abbr: string }> = {
  sun: { en: 'Sun', abbr: 'Su' }, moon: { en: 'Moon', abbr: 'Mo' }, mars: { en: 'Mars', abbr: 'Ma' }, mercury: { en: 'Mercury', abbr: 'Me' },
  jupiter: { en: 'Jupiter', abbr: 'Ju' }, venus: { en: 'Venus', abbr: 'Ve' }, saturn: { en: 'Saturn', abbr: 'Sa' }, rahu: { en: 'Rahu', abbr: 'Ra' }, ketu: { en: 'Ketu', abbr: 'Ke' },
};

export const isSign = (s: string): s is Sign => (SIGNS as readonly string[]).includes(s);

export interface Nakshatra { number: number; name: string; nameHi: string; pada: number }

export interface Horoscope {
  sign: Sign;
  period: Period;
  start: string;
  end: string;
  text: { en: string; hi: string | null };
  source: 'published' | 'external' | 'builtin';
  author: { name: string } | null;
  lucky: { colour: { en: string; hi: string }; number: number; time: { start: string; end: string } | null };
  transits: { moonSign: Sign; nakshatra: string; events: { graha: Graha; kind: 'ingress' | 'retrograde' | 'direct'; date: string; sign: Sign; house: number }[] };
}

export interface PlanetRow {
  graha: Graha; sidereal: number; sign: Sign; degreeInSign: number; house: number; nakshatra: Nakshatra; retrograde: boolean; navamsaSign: Sign;
}
export interface DashaPeriod { lord: Graha; start: string; end: string }

export interface Kundli {
  id: string | null;
  name: string;
  birth: { date: string; time: string; place: string | null; lat: number; lon: number; timeZone: string; utc: string; offsetMinutes: number; basis: string };
  ayanamsa: { name: string; degrees: number };
  ascendant: { sidereal: number; sign: Sign; degreeInSign: number; nakshatra: Nakshatra; navamsaSign: Sign };
  planets: PlanetRow[];
  d1: { ascendant: number; signs: Graha[][] };
  d9: { ascendant: number; signs: Graha[][] };
  moonSign: Sign; sunSign: Sign; westernSunSign: Sign;
  nakshatra: Nakshatra;
  tithi: { number: number; paksha: string; name: string };
  yoga: { name: string };
  karana: { name: string };
  vara: string;
  sunrise: string | null;
  sunset: string | null;
  dasha: { balance: { lord: Graha; y: number; m: number; d: number }; mahadashas: (DashaPeriod & { antardashas: DashaPeriod[] })[] };
  manglik: { fromLagna: boolean; fromMoon: boolean; manglik: boolean };
}

export interface ChartSummary { id: string; name: string; date: string; time: string; place: string | null; moonSign: Sign; createdAt: string }

export interface Match {
  boy: { name: string; moonSign: Sign; nakshatra: Nakshatra; manglik: { manglik: boolean } };
  girl: { name: string; moonSign: Sign; nakshatra: Nakshatra; manglik: { manglik: boolean } };
  kootas: { key: string; name: string; max: number; points: number; boy: string; girl: string; note: string }[];
  total: number;
  max: number;
  verdict: 'excellent' | 'good' | 'average' | 'not_recommended';
  summary: string;
}

export interface Panchang {
  date: string;
  vara: { en: string; hi: string };
  sunrise: string | null; sunset: string | null; moonrise: string | null; moonset: string | null;
  tithi: { name: string; paksha: string; endsAt: string };
  nakshatra: { name: string; pada: number; endsAt: string };
  yoga: { name: string; endsAt: string };
  karana: { name: string };
  rahuKaal: { start: string; end: string } | null;
}

/** 12.5 → "12°30′" */
export function dms(deg: number): string {
  const whole = Math.floor(deg);
  let minutes = Math.round((deg - whole) * 60);
  let d = whole;
  if (minutes === 60) {
    d += 1;
    minutes = 0;
  }
  return `${d}°${String(minutes).padStart(2, '0')}′`;
}

/** "1990-07-15T10:30:00+05:30" → "15 Jul 1990" (the date as written, whatever the viewer's zone). */
export function dateOf(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(pageIntlTag(), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** "…T06:52:10+05:30" → "6:52 am" (the wall time as written). */
export function clockOf(iso: string | null): string {
  if (!iso) return '—';
  const h = Number(iso.slice(11, 13));
  const m = iso.slice(14, 16);
  return `${((h + 11) % 12) + 1}:${m} ${h < 12 ? 'am' : 'pm'}`;
}

export const points = (n: number) => (Number.isInteger(n) ? String(n) : `${Math.floor(n)}½`);
