import { parseDay, wallToInstant } from '@ap/core';
import { siderealOf, sunMoonAt, type Ayanamsa } from './ephemeris.js';
import { VARAS } from './names.js';
import {
  abhijit, karanaOf, nakshatraEndsAfter, nakshatraOf, rahuKaal, riseSetAfter, tithiEndsAfter, tithiOf, yogaEndsAfter, yogaOf,
} from './panchang.js';

export interface DayPanchang {
  date: string;
  timeZone: string;
  lat: number;
  lon: number;
  vara: (typeof VARAS)[number];
  sunrise: number | null;
  sunset: number | null;
  moonrise: number | null;
  moonset: number | null;
  /** The five limbs at local sunrise (at local midnight where the Sun does not rise), each with when it ends. */
  tithi: ReturnType<typeof tithiOf> & { endsAt: number };
  nakshatra: ReturnType<typeof nakshatraOf> & { endsAt: number };
  yoga: ReturnType<typeof yogaOf> & { endsAt: number };
  karana: ReturnType<typeof karanaOf>;
  rahuKaal: { start: number; end: number } | null;
  abhijit: { start: number; end: number } | null;
}

/** The panchang of a local calendar date at a place (DESIGN §8: limbs at sunrise). */
export function dayPanchang(date: string, lat: number, lon: number, timeZone: string, ayanamsa: Ayanamsa = 'lahiri'): DayPanchang {
  const day = parseDay(date);
  const midnight = wallToInstant(day, timeZone);
  const rs = riseSetAfter(midnight, lat, lon);
  const at = rs.sunrise ?? midnight;
  const p = sunMoonAt(at, ayanamsa);
  const moonSid = siderealOf(p.moon, p.ayanamsa);
  const sunSid = siderealOf(p.sun, p.ayanamsa);
  const weekday = new Date(day).getUTCDay();
  const daylight = rs.sunrise !== null && rs.sunset !== null && rs.sunset > rs.sunrise;
  return {
    date, timeZone, lat, lon,
    vara: VARAS[weekday]!,
    ...rs,
    tithi: { ...tithiOf(p.sun, p.moon), endsAt: tithiEndsAfter(at) },
    nakshatra: { ...nakshatraOf(moonSid), endsAt: nakshatraEndsAfter(at, ayanamsa) },
    yoga: { ...yogaOf(sunSid, moonSid), endsAt: yogaEndsAfter(at, ayanamsa) },
    karana: karanaOf(p.sun, p.moon),
    rahuKaal: daylight ? rahuKaal(rs.sunrise!, rs.sunset!, weekday) : null,
    abhijit: daylight ? abhijit(rs.sunrise!, rs.sunset!) : null,
  };
}
