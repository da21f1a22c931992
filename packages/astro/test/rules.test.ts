import { describe, expect, it } from 'vitest';
import {
  DASHA_YEARS, YEAR_MS, ashtakoota, birthInstant, computeKundli, dayPanchang, isManglikFrom, isValidWall, karanaOf, nakshatraOf, tithiOf, vimshottari, yogaOf,
} from '../src/index.js';

describe('nakshatra, tithi, yoga, karana', () => {
  it('numbers nakshatras from Ashwini at 0° and padas by quarter', () => {
    expect(nakshatraOf(0)).toMatchObject({ number: 1, name: 'Ashwini', pada: 1 });
    expect(nakshatraOf(13.3334)).toMatchObject({ number: 2, name: 'Bharani', pada: 1 });
    expect(nakshatraOf(359.99)).toMatchObject({ number: 27, name: 'Revati', pada: 4 });
    expect(nakshatraOf(10.1)).toMatchObject({ number: 1, pada: 4 });
  });

  it('names tithis by paksha with Purnima and Amavasya', () => {
    expect(tithiOf(100, 105)).toMatchObject({ number: 1, paksha: 'shukla', name: 'Pratipada' });
    expect(tithiOf(0, 179)).toMatchObject({ number: 15, name: 'Purnima' });
    expect(tithiOf(0, 181)).toMatchObject({ number: 16, paksha: 'krishna', name: 'Pratipada' });
    expect(tithiOf(10, 9)).toMatchObject({ number: 30, name: 'Amavasya' });
  });

  it('runs karanas Kimstughna, the movable seven, then the fixed three', () => {
    expect(karanaOf(0, 1).name).toBe('Kimstughna');
    expect(karanaOf(0, 7).name).toBe('Bava');
    expect(karanaOf(0, 6 * 8 - 1).name).toBe('Vishti');
    expect(karanaOf(0, 6 * 57 + 1).name).toBe('Shakuni');
    expect(karanaOf(0, 359).name).toBe('Naga');
  });

  it('counts yogas from the sum of the sidereal Sun and Moon', () => {
    expect(yogaOf(0, 1).name).toBe('Vishkambha');
    expect(yogaOf(180, 179.9).name).toBe('Vaidhriti');
  });
});

describe('Vimshottari', () => {
  it('gives the whole dasha of the lord when the Moon is at the start of a nakshatra', () => {
    const birth = Date.UTC(2000, 0, 1);
    const v = vimshottari(birth, 0); // Ashwini 0°: all of Ketu's 7 years remain
    expect(v.balance).toMatchObject({ lord: 'ketu', y: 7, m: 0, d: 0 });
    expect(v.mahadashas.map((m) => m.lord)).toEqual(['ketu', 'venus', 'sun', 'moon', 'mars', 'rahu', 'jupiter', 'saturn', 'mercury']);
    expect(v.mahadashas[0]!.start).toBe(birth);
    expect(v.mahadashas[8]!.end - birth).toBeCloseTo(120 * YEAR_MS, -3);
  });

  it('leaves half of Venus when the Moon is in the middle of Bharani', () => {
    const v = vimshottari(Date.UTC(2000, 0, 1), 13 + 1 / 3 + 20 / 3);
    expect(v.balance.lord).toBe('venus');
    expect(v.balance.years).toBeCloseTo(DASHA_YEARS.venus / 2, 9);
  });

  it('splits each mahadasha into nine antardashas in proportion, starting with its own lord', () => {
    const maha = vimshottari(Date.UTC(1990, 6, 15), 200).mahadashas[1]!;
    expect(maha.antardashas[0]!.lord).toBe(maha.lord);
    expect(maha.antardashas.at(-1)!.end).toBeCloseTo(maha.end, -1);
    const total = maha.antardashas.reduce((s, a) => s + (a.end - a.start), 0);
    expect(total).toBeCloseTo(maha.end - maha.start, -1);
  });
});

describe('Ashtakoota', () => {
  const at = (sign: number, nakshatra: number, longitude = sign * 30 + 5) => ({ sign, nakshatra, longitude });

  it('always totals the eight kootas out of 36', () => {
    for (let b = 1; b <= 27; b += 4) for (let g = 1; g <= 27; g += 3) {
      const boy = at(Math.floor(((b - 1) * 40) / 3 / 30), b, ((b - 1) * 40) / 3 + 1);
      const girl = at(Math.floor(((g - 1) * 40) / 3 / 30), g, ((g - 1) * 40) / 3 + 1);
      const m = ashtakoota(boy, girl);
      expect(m.kootas.map((k) => k.max)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(m.total).toBe(m.kootas.reduce((s, k) => s + k.points, 0));
      expect(m.total).toBeGreaterThanOrEqual(0);
      expect(m.total).toBeLessThanOrEqual(36);
    }
  });

  it('gives nadi nil and full bhakoot for the same nakshatra in the same sign', () => {
    const m = ashtakoota(at(0, 1), at(0, 1));
    const byKey = Object.fromEntries(m.kootas.map((k) => [k.key, k.points]));
    expect(byKey).toMatchObject({ varna: 1, vashya: 2, yoni: 4, graha_maitri: 5, gana: 6, bhakoot: 7, nadi: 0 });
  });

  it('scores sworn-enemy yonis nil (Ashwini horse, Hasta buffalo)', () => {
    expect(ashtakoota(at(0, 1), at(5, 13)).kootas.find((k) => k.key === 'yoni')!.points).toBe(0);
  });

  it('scores 6/8 Moon signs nil for bhakoot', () => {
    expect(ashtakoota(at(0, 1), at(7, 17)).kootas.find((k) => k.key === 'bhakoot')!.points).toBe(0);
  });

  it('lets Sagittarius vashya follow the half-sign or the whole sign', () => {
    const lateSag = at(8, 20, 8 * 30 + 20);
    const aries = at(0, 1);
    expect(ashtakoota(lateSag, aries).kootas[1]!.boy).toBe('Chatushpada');
    expect(ashtakoota(lateSag, aries, { vashya: 'sign' }).kootas[1]!.boy).toBe('Manava');
  });

  it('calls Mars in the 7th from the reference manglik and in the 3rd not', () => {
    expect(isManglikFrom(0, 6)).toBe(true);
    expect(isManglikFrom(0, 2)).toBe(false);
  });
});

describe('birth time and place to UTC', () => {
  const delhi = { timeZone: 'Asia/Kolkata', lat: 28.6139, lon: 77.209 };

  it('uses IST after independence', () => {
    expect(birthInstant({ ...delhi, date: '1990-07-15', time: '10:30' })).toMatchObject({ ok: true, utcMs: Date.UTC(1990, 6, 15, 5, 0), offsetMinutes: 330 });
  });

  it('uses war time (+06:30) in 1943', () => {
    expect(birthInstant({ ...delhi, date: '1943-05-10', time: '12:00' })).toMatchObject({ ok: true, offsetMinutes: 390 });
  });

  it('uses Madras time (+05:21:10) in 1901', () => {
    const r = birthInstant({ ...delhi, date: '1901-02-03', time: '09:26' });
    expect(r).toMatchObject({ ok: true, basis: 'zone' });
    expect(r.ok && r.offsetMinutes).toBeCloseTo(321 + 10 / 60, 3);
  });

  it('uses local mean time from the longitude before 1900', () => {
    const r = birthInstant({ ...delhi, date: '1890-01-01', time: '12:00' });
    expect(r).toMatchObject({ ok: true, basis: 'local_mean_time' });
    expect(r.ok && r.utcMs).toBe(Date.UTC(1890, 0, 1, 12) - Math.round((77.209 / 15) * 3_600_000));
  });

  it('reports the hour skipped when war time began (1 September 1942) instead of guessing', () => {
    expect(birthInstant({ ...delhi, date: '1942-09-01', time: '00:30' })).toMatchObject({ ok: false, problem: 'nonexistent' });
  });

  it('reports the hour that happened twice when war time ended (15 October 1945)', () => {
    const r = birthInstant({ ...delhi, date: '1945-10-14', time: '23:30' });
    expect(r).toMatchObject({ ok: false, problem: 'ambiguous' });
    expect(!r.ok && r.candidates.map((c) => c.offsetMinutes)).toEqual([390, 330]);
  });

  it('reports DST gaps and overlaps abroad', () => {
    expect(birthInstant({ timeZone: 'America/New_York', lat: 40.7, lon: -74, date: '2021-03-14', time: '02:30' })).toMatchObject({ ok: false, problem: 'nonexistent' });
    expect(birthInstant({ timeZone: 'America/New_York', lat: 40.7, lon: -74, date: '2021-11-07', time: '01:30' })).toMatchObject({ ok: false, problem: 'ambiguous' });
  });

  it('takes an explicit offset for times the zone database does not model (Bombay time)', () => {
    expect(birthInstant({ ...delhi, date: '1950-01-01', time: '12:00', utcOffsetMinutes: 291 })).toMatchObject({ ok: true, basis: 'given_offset', utcMs: Date.UTC(1950, 0, 1, 12) - 291 * 60_000 });
  });

  it('refuses impossible calendar dates and times', () => {
    expect(isValidWall('2023-02-29', '10:00')).toBe(false);
    expect(isValidWall('2024-02-29', '10:00')).toBe(true);
    expect(isValidWall('2024-01-01', '24:00')).toBe(false);
    expect(isValidWall('2024-01-01', '23:59:59')).toBe(true);
  });
});

describe('charts and the panchang', () => {
  it('draws a Delhi birth with whole-sign houses from the lagna', () => {
    const k = computeKundli({ utcMs: Date.UTC(1990, 6, 15, 5, 0), lat: 28.6139, lon: 77.209 });
    expect(k.ascendant.sign).toBe('virgo');
    expect(k.moonSign).toBe('pisces');
    expect(k.nakshatra).toMatchObject({ name: 'Revati', pada: 3 });
    for (const p of k.planets) expect(p.house).toBe(((['aries', 'taurus', 'gemini', 'cancer', 'leo', 'virgo', 'libra', 'scorpio', 'sagittarius', 'capricorn', 'aquarius', 'pisces'].indexOf(p.sign) - 5 + 12) % 12) + 1);
    expect(k.planets.find((p) => p.graha === 'rahu')!.retrograde).toBe(true);
    expect(k.d1.signs.flat()).toHaveLength(9);
    expect(k.d9.signs.flat()).toHaveLength(9);
  });

  it('gives the limbs at sunrise with their end times after sunrise', () => {
    const p = dayPanchang('2026-11-25', 28.6139, 77.209, 'Asia/Kolkata');
    expect(p.vara.en).toBe('Wednesday');
    expect(new Date(p.sunrise!).toISOString()).toMatch(/^2026-11-25T01:2/); // 06:5x IST
    for (const limb of [p.tithi, p.nakshatra, p.yoga]) expect(limb.endsAt).toBeGreaterThan(p.sunrise!);
    expect(p.rahuKaal!.end).toBeGreaterThan(p.rahuKaal!.start);
  });

  it('does not throw for polar night (no sunrise)', () => {
    const p = dayPanchang('2026-12-21', 78.22, 15.65, 'Arctic/Longyearbyen');
    expect(p.sunrise).toBeNull();
    expect(p.rahuKaal).toBeNull();
  });
});
