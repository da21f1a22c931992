import { AstroTime, Body, DeltaT_EspenakMeeus, Ecliptic, GeoVector, SiderealTime, e_tilt } from 'astronomy-engine';
import { installDeltaT } from './delta-t.js';

installDeltaT(DeltaT_EspenakMeeus);

/**
 * Geocentric apparent longitudes of date (DESIGN §8), on astronomy-engine (VSOP87 planets, Brown/ILE Moon, IAU 2000B
 * nutation). Angles in degrees, times as epoch milliseconds UTC. Everything here is pure.
 */

export const GRAHAS = ['sun', 'moon', 'mars', 'mercury', 'jupiter', 'venus', 'saturn', 'rahu', 'ketu'] as const;
export type Graha = (typeof GRAHAS)[number];

export const AYANAMSAS = ['lahiri', 'raman', 'kp'] as const;
export type Ayanamsa = (typeof AYANAMSAS)[number];

const BODY: Record<Exclude<Graha, 'rahu' | 'ketu'>, Body> = {
  sun: Body.Sun, moon: Body.Moon, mars: Body.Mars, mercury: Body.Mercury, jupiter: Body.Jupiter, venus: Body.Venus, saturn: Body.Saturn,
};

const DEG = Math.PI / 180;
const ARCSEC = DEG / 3600;

export const norm360 = (x: number) => ((x % 360) + 360) % 360;

export const astroTime = (ms: number) => new AstroTime(new Date(ms));

/** Apparent tropical longitude of date of one body (light time and aberration included). */
function tropicalAt(body: Body, t: AstroTime): number {
  return Ecliptic(GeoVector(body, t, true)).elon;
}

/**
 * Mean lunar node, tropical, of date: Chapront et al. (ELP 2000-82B as in Meeus, Astronomical Algorithms ch. 47)
 * plus nutation in longitude, so it is referred to the true equinox like the planets.
 */
function meanNode(t: AstroTime, dpsiDeg: number): number {
  const T = t.tt / 36525;
  const omega = 125.0445479 - 1934.1362891 * T + 0.0020754 * T * T + (T * T * T) / 467441 - (T * T * T * T) / 60616000;
  return norm360(omega + dpsiDeg);
}

// IAU 2006 (Capitaine et al. 2003) equatorial precession angles ζA, zA, θA in arcseconds; T in Julian centuries TT.
function precessionAngles(T: number) {
  const zeta = 2.650545 + T * (2306.083227 + T * (0.2988499 + T * (0.01801828 + T * (-0.000005971 + T * -0.0000003173))));
  const z = -2.650545 + T * (2306.077181 + T * (1.0927348 + T * (0.01826837 + T * (-0.000028596 + T * -0.0000002904))));
  const theta = T * (2004.191903 + T * (-0.4294934 + T * (-0.04182264 + T * (-0.000007089 + T * -0.0000001274))));
  return { zeta: zeta * ARCSEC, z: z * ARCSEC, theta: theta * ARCSEC };
}

type Vec = [number, number, number];

const r3 = (a: number, [x, y, w]: Vec): Vec => [Math.cos(a) * x + Math.sin(a) * y, -Math.sin(a) * x + Math.cos(a) * y, w];
const r2 = (a: number, [x, y, w]: Vec): Vec => [Math.cos(a) * x - Math.sin(a) * w, y, Math.sin(a) * x + Math.cos(a) * w];

/** J2000 mean equator → mean equator of date: R3(−zA) · R2(θA) · R3(−ζA). */
function precessFromJ2000(v: Vec, T: number): Vec {
  const { zeta, z, theta } = precessionAngles(T);
  return r3(-z, r2(theta, r3(-zeta, v)));
}

/** Mean equator of date → J2000 mean equator (the inverse rotation). */
function precessToJ2000(v: Vec, T: number): Vec {
  const { zeta, z, theta } = precessionAngles(T);
  return r3(zeta, r2(-theta, r3(z, v)));
}

/** IAU 2006 mean obliquity (radians). */
const meanObliquity = (T: number) => (84381.406 + T * (-46.836769 + T * (-0.0001831 + T * (0.0020034 + T * (-0.000000576 + T * -0.0000000434))))) * ARCSEC;

/**
 * Sidereal modes as Swiss Ephemeris defines them (SE_SIDM_LAHIRI, SE_SIDM_RAMAN, SE_SIDM_KRISHNAMURTI): the
 * ayanamsa at the epoch t0 (Julian day, TT), carried to other dates by precessing the equinox of date into the
 * ecliptic of t0. The epoch values are SE 2.10's; Raman and KP (both at J1900) carry a −0.000233° correction measured
 * against SE, which counts their epoch in UT. Checked against SE to < 0.0001° over 1800–2200 (see README).
 */
const SIDEREAL_EPOCH: Record<Ayanamsa, { t0: number; ayanT0: number }> = {
  lahiri: { t0: 2435553.5, ayanT0: 23.245524743 },
  raman: { t0: 2415020.0, ayanT0: 21.01444 - 0.000233 },
  kp: { t0: 2415020.0, ayanT0: 22.363889 - 0.000233 },
};

/** Mean ayanamsa (no nutation) at a TT Julian day. */
export function meanAyanamsaAt(jdTT: number, mode: Ayanamsa): number {
  const { t0, ayanT0 } = SIDEREAL_EPOCH[mode];
  const T = (jdTT - 2451545.0) / 36525;
  const T0 = (t0 - 2451545.0) / 36525;
  const atJ2000 = precessToJ2000([1, 0, 0], T);
  const [x, y, w] = precessFromJ2000(atJ2000, T0);
  const eps = meanObliquity(T0);
  const yEcl = Math.cos(eps) * y + Math.sin(eps) * w;
  const lon = Math.atan2(yEcl, x) / DEG;
  return ayanT0 - lon;
}

/** Everything the chart needs from the sky at one instant. */
export interface Sky {
  /** Apparent tropical longitudes of date. */
  tropical: Record<Graha, number>;
  /** Degrees per day (negative = retrograde). */
  speed: Record<Graha, number>;
  /** True ayanamsa: mean + nutation in longitude. */
  ayanamsa: number;
  /** Tropical ascendant, when a place is given. */
  ascendant: number | null;
  /** Local apparent sidereal time, degrees. */
  ramc: number | null;
  trueObliquity: number;
}

const SPEED_STEP_DAYS = 1 / 24;

/** Julian day (TT) of an AstroTime. */
const jdTT = (t: AstroTime) => t.tt + 2451545.0;

export function skyAt(ms: number, mode: Ayanamsa = 'lahiri', place?: { lat: number; lon: number }): Sky {
  const t = astroTime(ms);
  const t2 = t.AddDays(SPEED_STEP_DAYS);
  const tilt = e_tilt(t);
  const dpsi = tilt.dpsi / 3600;
  const tropical = {} as Record<Graha, number>;
  const speed = {} as Record<Graha, number>;
  for (const [name, body] of Object.entries(BODY) as [keyof typeof BODY, Body][]) {
    const a = tropicalAt(body, t);
    const b = tropicalAt(body, t2);
    tropical[name] = a;
    speed[name] = (((b - a + 540) % 360) - 180) / SPEED_STEP_DAYS;
  }
  tropical.rahu = meanNode(t, dpsi);
  tropical.ketu = norm360(tropical.rahu + 180);
  speed.rahu = speed.ketu = -1934.1362891 / 36525;
  const ayanamsa = meanAyanamsaAt(jdTT(t), mode) + dpsi;
  let ascendant: number | null = null;
  let ramc: number | null = null;
  if (place) {
    ramc = norm360(SiderealTime(t) * 15 + place.lon);
    ascendant = ascendantFrom(ramc, tilt.tobl, place.lat);
  }
  return { tropical, speed, ayanamsa, ascendant, ramc, trueObliquity: tilt.tobl };
}

/** The rising point of the ecliptic for a local sidereal time (degrees), true obliquity and latitude. */
export function ascendantFrom(ramcDeg: number, obliquityDeg: number, latDeg: number): number {
  const th = ramcDeg * DEG;
  const e = obliquityDeg * DEG;
  const phi = latDeg * DEG;
  const asc = Math.atan2(Math.cos(th), -(Math.sin(th) * Math.cos(e) + Math.tan(phi) * Math.sin(e))) / DEG;
  return norm360(asc);
}

/** Fast sidereal Moon and Sun only (panchang searches): tropical longitudes and the true ayanamsa. */
export function sunMoonAt(ms: number, mode: Ayanamsa = 'lahiri') {
  const t = astroTime(ms);
  const dpsi = e_tilt(t).dpsi / 3600;
  const ayanamsa = meanAyanamsaAt(jdTT(t), mode) + dpsi;
  return { sun: tropicalAt(Body.Sun, t), moon: tropicalAt(Body.Moon, t), ayanamsa };
}

export const siderealOf = (tropical: number, ayanamsa: number) => norm360(tropical - ayanamsa);
