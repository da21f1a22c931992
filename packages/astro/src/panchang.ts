import { Body, Observer, SearchRiseSet } from 'astronomy-engine';
import { norm360, siderealOf, sunMoonAt, type Ayanamsa } from './ephemeris.js';
import { KARANAS_MOVABLE, NAKSHATRAS, NAKSHATRAS_HI, TITHIS, YOGAS } from './names.js';

export const NAKSHATRA_SPAN = 360 / 27;
const DAY_MS = 86_400_000;

export interface NakshatraPosition {
  /** 1…27 */
  number: number;
  name: string;
  nameHi: string;
  /** 1…4 */
  pada: number;
}

export function nakshatraOf(siderealLongitude: number): NakshatraPosition {
  const index = Math.min(26, Math.floor(siderealLongitude / NAKSHATRA_SPAN));
  const pada = Math.min(4, Math.floor((siderealLongitude - index * NAKSHATRA_SPAN) / (NAKSHATRA_SPAN / 4)) + 1);
  return { number: index + 1, name: NAKSHATRAS[index]!, nameHi: NAKSHATRAS_HI[index]!, pada };
}

export interface Tithi { number: number; paksha: 'shukla' | 'krishna'; name: string }

/** Tithi 1…30 from the Moon–Sun elongation (ayanamsa cancels out). */
export function tithiOf(sunLon: number, moonLon: number): Tithi {
  const n = Math.min(29, Math.floor(norm360(moonLon - sunLon) / 12)) + 1;
  const paksha = n <= 15 ? 'shukla' : 'krishna';
  const name = n === 15 ? 'Purnima' : n === 30 ? 'Amavasya' : TITHIS[(n - 1) % 15]!;
  return { number: n, paksha, name };
}

export function yogaOf(sunSidereal: number, moonSidereal: number) {
  const n = Math.min(26, Math.floor(norm360(sunSidereal + moonSidereal) / NAKSHATRA_SPAN)) + 1;
  return { number: n, name: YOGAS[n - 1]! };
}

/** Karana 1…60 (half tithis): Kimstughna, 8 rounds of the 7 movable ones, then Shakuni, Chatushpada, Naga. */
export function karanaOf(sunLon: number, moonLon: number) {
  const k = Math.min(59, Math.floor(norm360(moonLon - sunLon) / 6));
  const name = k === 0 ? 'Kimstughna' : k >= 57 ? (['Shakuni', 'Chatushpada', 'Naga'] as const)[k - 57]! : KARANAS_MOVABLE[(k - 1) % 7]!;
  return { number: k + 1, name };
}

/**
 * The instant after `from` when an angle that grows with time (elongation, Moon's longitude…) next reaches a
 * multiple of `step`: secant steps on the real positions, converging to well under a second.
 */
function nextBoundary(from: number, angleAt: (ms: number) => number, step: number, ratePerDay: number): number {
  const start = angleAt(from);
  const target = (Math.floor(start / step) + 1) * step;
  let t = from + ((target - start) / ratePerDay) * DAY_MS;
  for (let i = 0; i < 8; i++) {
    const miss = ((((target - angleAt(t)) % 360) + 540) % 360) - 180;
    if (Math.abs(miss) < 1e-7) break;
    t += (miss / ratePerDay) * DAY_MS;
  }
  return t;
}

export const tithiEndsAfter = (ms: number) => nextBoundary(ms, (t) => { const p = sunMoonAt(t); return norm360(p.moon - p.sun); }, 12, 12.19);
export const nakshatraEndsAfter = (ms: number, mode: Ayanamsa = 'lahiri') =>
  nextBoundary(ms, (t) => { const p = sunMoonAt(t, mode); return siderealOf(p.moon, p.ayanamsa); }, NAKSHATRA_SPAN, 13.18);
export const yogaEndsAfter = (ms: number, mode: Ayanamsa = 'lahiri') =>
  nextBoundary(ms, (t) => { const p = sunMoonAt(t, mode); return norm360(siderealOf(p.moon, p.ayanamsa) + siderealOf(p.sun, p.ayanamsa)); }, NAKSHATRA_SPAN, 14.17);

export interface RiseSet { sunrise: number | null; sunset: number | null; moonrise: number | null; moonset: number | null }

/**
 * Rise and set times (upper limb, standard refraction, sea level) in the 24 h from `fromMs`; null when the body
 * does not rise or set then (polar day or night, or the Moon skipping a day).
 */
export function riseSetAfter(fromMs: number, lat: number, lon: number, opts: { moon?: boolean } = {}): RiseSet {
  const obs = new Observer(lat, lon, 0);
  const at = (body: Body, dir: 1 | -1) => {
    const t = SearchRiseSet(body, obs, dir, new Date(fromMs), 1);
    return t ? t.date.getTime() : null;
  };
  const moon = opts.moon ?? true;
  return { sunrise: at(Body.Sun, 1), sunset: at(Body.Sun, -1), moonrise: moon ? at(Body.Moon, 1) : null, moonset: moon ? at(Body.Moon, -1) : null };
}

/** Rahu kaal: one eighth of the daylight, which one by weekday (Sunday first). */
const RAHU_KAAL_PART = [8, 2, 7, 5, 6, 4, 3];

export function rahuKaal(sunrise: number, sunset: number, weekday: number) {
  const part = (sunset - sunrise) / 8;
  const start = sunrise + (RAHU_KAAL_PART[weekday]! - 1) * part;
  return { start, end: start + part };
}

/** Abhijit muhurta: the eighth of fifteen daytime muhurtas, centred on local noon. */
export function abhijit(sunrise: number, sunset: number) {
  const part = (sunset - sunrise) / 15;
  return { start: sunrise + 7 * part, end: sunrise + 8 * part };
}
