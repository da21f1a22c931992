import type { Graha } from './ephemeris.js';
import { NAKSHATRA_SPAN } from './panchang.js';

/** Vimshottari order from Ashwini and each lord's years (DESIGN §8). */
export const DASHA_ORDER: readonly Graha[] = ['ketu', 'venus', 'sun', 'moon', 'mars', 'rahu', 'jupiter', 'saturn', 'mercury'];
export const DASHA_YEARS: Record<Graha, number> = { ketu: 7, venus: 20, sun: 6, moon: 10, mars: 7, rahu: 18, jupiter: 16, saturn: 19, mercury: 17 };
export const YEAR_MS = 365.25 * 86_400_000;

export interface DashaPeriod { lord: Graha; start: number; end: number }
export interface Mahadasha extends DashaPeriod { antardashas: DashaPeriod[] }

export interface Vimshottari {
  /** The mahadasha running at birth and how much of it was left. */
  balance: { lord: Graha; years: number; y: number; m: number; d: number };
  mahadashas: Mahadasha[];
}

/** Years as whole years, months of 30 days and days, the way dasha balances are printed in Indian almanacs. */
function ymd(years: number) {
  const y = Math.floor(years);
  const days = (years - y) * 365.25;
  const m = Math.floor(days / 30);
  return { y, m, d: Math.floor(days - m * 30) };
}

export function vimshottari(birthMs: number, moonSidereal: number): Vimshottari {
  const index = Math.min(26, Math.floor(moonSidereal / NAKSHATRA_SPAN));
  const elapsed = (moonSidereal - index * NAKSHATRA_SPAN) / NAKSHATRA_SPAN;
  const first = index % 9;
  const firstLord = DASHA_ORDER[first]!;
  const balanceYears = (1 - elapsed) * DASHA_YEARS[firstLord];
  let start = birthMs - elapsed * DASHA_YEARS[firstLord] * YEAR_MS;
  const mahadashas: Mahadasha[] = [];
  for (let i = 0; i < 9; i++) {
    const lord = DASHA_ORDER[(first + i) % 9]!;
    const length = DASHA_YEARS[lord] * YEAR_MS;
    const antardashas: DashaPeriod[] = [];
    let a = start;
    for (let j = 0; j < 9; j++) {
      const sub = DASHA_ORDER[(first + i + j) % 9]!;
      const subLength = (length * DASHA_YEARS[sub]) / 120;
      antardashas.push({ lord: sub, start: a, end: a + subLength });
      a += subLength;
    }
    mahadashas.push({ lord, start, end: start + length, antardashas });
    start += length;
  }
  return { balance: { lord: firstLord, years: balanceYears, ...ymd(balanceYears) }, mahadashas };
}
