export { GRAHAS, AYANAMSAS, skyAt, meanAyanamsaAt, ascendantFrom, siderealOf, norm360, type Graha, type Ayanamsa, type Sky } from './ephemeris.js';
export { SIGNS, SIGN_NAMES, SIGN_LORDS, NAKSHATRAS, NAKSHATRAS_HI, GRAHA_NAMES, VARAS, signAt, type Sign } from './names.js';
export { nakshatraOf, tithiOf, yogaOf, karanaOf, riseSetAfter, tithiEndsAfter, nakshatraEndsAfter, yogaEndsAfter, NAKSHATRA_SPAN, type NakshatraPosition, type Tithi, type RiseSet } from './panchang.js';
export { vimshottari, DASHA_ORDER, DASHA_YEARS, YEAR_MS, type Vimshottari, type Mahadasha, type DashaPeriod } from './dasha.js';
export { ashtakoota, isManglikFrom, verdict, type Koota, type MoonPlacement, type MatchOptions } from './matching.js';
export { computeKundli, moonPlacement, type Kundli, type PlanetPosition, type ChartInput } from './chart.js';
export { dayPanchang, type DayPanchang } from './day.js';
export { birthInstant, isValidWall, wallMs, type BirthMoment, type BirthInstant } from './birth-time.js';
