import { vimshottari, type Vimshottari } from './dasha.js';
import { GRAHAS, siderealOf, skyAt, type Ayanamsa, type Graha } from './ephemeris.js';
import { isManglikFrom, type MoonPlacement } from './matching.js';
import { SIGNS, signAt, type Sign } from './names.js';
import { karanaOf, nakshatraOf, tithiOf, yogaOf, type NakshatraPosition } from './panchang.js';

export interface PlanetPosition {
  graha: Graha;
  tropical: number;
  sidereal: number;
  sign: Sign;
  degreeInSign: number;
  /** Whole-sign house counted from the ascendant's sign (1…12). */
  house: number;
  nakshatra: NakshatraPosition;
  retrograde: boolean;
  speed: number;
  navamsaSign: Sign;
}

export interface Kundli {
  utc: number;
  lat: number;
  lon: number;
  ayanamsa: { name: Ayanamsa; degrees: number };
  ascendant: { tropical: number; sidereal: number; sign: Sign; degreeInSign: number; nakshatra: NakshatraPosition; navamsaSign: Sign };
  planets: PlanetPosition[];
  /** D1 and D9 charts: for each sign (Aries first), the grahas in it; `ascendant` is the lagna's sign index. */
  d1: { ascendant: number; signs: Graha[][] };
  d9: { ascendant: number; signs: Graha[][] };
  moonSign: Sign;
  /** Sidereal (Vedic) sun sign. */
  sunSign: Sign;
  /** Tropical (Western) sun sign, what newspaper horoscopes use. */
  westernSunSign: Sign;
  nakshatra: NakshatraPosition;
  tithi: ReturnType<typeof tithiOf>;
  yoga: ReturnType<typeof yogaOf>;
  karana: ReturnType<typeof karanaOf>;
  dasha: Vimshottari;
  manglik: { fromLagna: boolean; fromMoon: boolean; manglik: boolean };
}

export interface ChartInput { utcMs: number; lat: number; lon: number; ayanamsa?: Ayanamsa }

const navamsaIndex = (sidereal: number) => Math.floor((sidereal * 9) / 30) % 12;

export function computeKundli({ utcMs, lat, lon, ayanamsa = 'lahiri' }: ChartInput): Kundli {
  const sky = skyAt(utcMs, ayanamsa, { lat, lon });
  const ascSid = siderealOf(sky.ascendant!, sky.ayanamsa);
  const ascSign = Math.floor(ascSid / 30);
  const d1: Graha[][] = SIGNS.map(() => []);
  const d9: Graha[][] = SIGNS.map(() => []);
  const planets = GRAHAS.map((graha): PlanetPosition => {
    const sidereal = siderealOf(sky.tropical[graha], sky.ayanamsa);
    const signIdx = Math.floor(sidereal / 30);
    d1[signIdx]!.push(graha);
    d9[navamsaIndex(sidereal)]!.push(graha);
    return {
      graha, tropical: sky.tropical[graha], sidereal, sign: SIGNS[signIdx]!, degreeInSign: sidereal - signIdx * 30,
      house: ((signIdx - ascSign + 12) % 12) + 1, nakshatra: nakshatraOf(sidereal),
      retrograde: sky.speed[graha] < 0, speed: sky.speed[graha], navamsaSign: SIGNS[navamsaIndex(sidereal)]!,
    };
  });
  const at = (g: Graha) => planets.find((p) => p.graha === g)!;
  const moon = at('moon');
  const sun = at('sun');
  const mars = at('mars');
  const marsSign = SIGNS.indexOf(mars.sign);
  const fromLagna = isManglikFrom(ascSign, marsSign);
  const fromMoon = isManglikFrom(SIGNS.indexOf(moon.sign), marsSign);
  return {
    utc: utcMs, lat, lon,
    ayanamsa: { name: ayanamsa, degrees: sky.ayanamsa },
    ascendant: {
      tropical: sky.ascendant!, sidereal: ascSid, sign: SIGNS[ascSign]!, degreeInSign: ascSid - ascSign * 30,
      nakshatra: nakshatraOf(ascSid), navamsaSign: SIGNS[navamsaIndex(ascSid)]!,
    },
    planets,
    d1: { ascendant: ascSign, signs: d1 },
    d9: { ascendant: navamsaIndex(ascSid), signs: d9 },
    moonSign: moon.sign, sunSign: sun.sign, westernSunSign: signAt(sun.tropical),
    nakshatra: moon.nakshatra,
    tithi: tithiOf(sun.tropical, moon.tropical),
    yoga: yogaOf(sun.sidereal, moon.sidereal),
    karana: karanaOf(sun.tropical, moon.tropical),
    dasha: vimshottari(utcMs, moon.sidereal),
    manglik: { fromLagna, fromMoon, manglik: fromLagna },
  };
}

/** What matching needs from a chart. */
export const moonPlacement = (k: Kundli): MoonPlacement => {
  const moon = k.planets.find((p) => p.graha === 'moon')!;
  return { sign: SIGNS.indexOf(moon.sign), nakshatra: moon.nakshatra.number, longitude: moon.sidereal };
};
