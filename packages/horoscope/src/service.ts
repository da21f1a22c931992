import {
  ashtakoota, birthInstant, computeKundli, dayPanchang, moonPlacement, riseSetAfter, SIGN_NAMES, VARAS, verdict,
  type Kundli, type Sign,
} from '@ap/astro';
import { forbidden, formatDay, formatInZone, formatWithOffset, invalid, localDayAt, notFound, parseDay, wallToInstant } from '@ap/core';
import { asCaller, asService, type Pool } from '@ap/db';
import type { Geocoder } from '@ap/geo';
import type { Caller } from '@ap/http';
import { ExternalUnavailable, type HoroscopeProvider } from './providers.js';
import * as repo from './repo.js';
import { composeHoroscope, datedDasha, luckyFor, periodBounds, periodSky, type Period } from './rules.js';
import type { z } from '@ap/http';
import type * as s from './schemas.js';
import { zoneAt } from './time-zone.js';

type BirthInput = z.output<typeof s.birthInput>;
type MatchInput = z.output<typeof s.matchInput>;
type KundliOut = z.input<typeof s.kundliOutput>;
type HoroscopeOut = z.input<typeof s.horoscopeOutput>;

export interface HoroscopeDeps {
  pool: Pool;
  /**
   * Where public horoscope reads go (DATABASE_READ_URL's replica; the main pool by default). A text just published
   * is answered from the primary, so its author sees it at once whatever the replica's lag.
   */
  readPool?: Pool;
  geocoder: Geocoder;
  /** The external provider when HOROSCOPE_PROVIDER=external; the builtin text is the fallback either way. */
  external?: HoroscopeProvider | null;
  now?: () => Date;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
}

const INDIA = 'Asia/Kolkata';
/** Where lucky times are computed for: New Delhi (horoscopes are per sign, not per place). */
const DELHI = { lat: 28.6139, lon: 77.209 };
const MAX_CHARTS_LISTED = 100;

/** Small bounded memo: the builtin text and a day's panchang are pure functions of their key. */
function memo<V>(size: number, compute: (key: string) => V): (key: string) => V {
  const cache = new Map<string, V>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const v = compute(key);
    cache.set(key, v);
    if (cache.size > size) cache.delete(cache.keys().next().value!);
    return v;
  };
}

const fieldError = (code: string, where: 'body' | 'query', path: string, message: string, extra: Record<string, unknown> = {}) =>
  invalid(code, message, { errors: [{ in: where, path, message, code }], ...extra });

export function createHoroscopeService({ pool, readPool = pool, geocoder, external = null, now = () => new Date(), log }: HoroscopeDeps) {
  const skyOf = memo(500, (key) => {
    const [period, start] = key.split('|') as [Period, string];
    return periodSky(period, start);
  });
  const abhijitOn = memo(200, (date) => dayPanchang(date, DELHI.lat, DELHI.lon, INDIA).abhijit);
  const today = (zone: string) => formatDay(localDayAt(now().getTime(), zone));

  async function defaultSign(caller: Caller): Promise<Sign | null> {
    const own = await asCaller(pool, caller.claims, (tx) => repo.findOwnMoonSign(tx, caller.id));
    if (own) return own as Sign;
    const birth = await asCaller(pool, caller.claims, (tx) => repo.findProfileBirth(tx, caller.id));
    if (!birth) return null;
    const at = birthInstant({ date: birth.date, time: birth.time, timeZone: birth.timeZone ?? zoneAt(birth.lat, birth.lon), lat: birth.lat, lon: birth.lon });
    return at.ok ? computeKundli({ utcMs: at.utcMs, lat: birth.lat, lon: birth.lon }).moonSign : null;
  }

  async function horoscope(caller: Caller | null, q: z.output<typeof s.horoscopeQuery>, from: Pool = readPool): Promise<HoroscopeOut> {
    const sign = q.sign ?? (caller ? await defaultSign(caller) : null);
    if (!sign) throw fieldError('sign_required', 'query', 'sign', 'choose a sign (or sign in and save your birth chart to get your moon sign)');
    const { start, end } = periodBounds(q.period, q.date ?? today(INDIA));
    const sky = skyOf(`${q.period}|${start}`);
    const composed = composeHoroscope(sign, q.period, sky);
    const first = sky.moonDays[0]!;
    const lucky = luckyFor(sign, start, first.nakshatraNumber, abhijitOn(start));
    const base = {
      sign, period: q.period, start, end,
      lucky: { ...lucky, time: lucky.time && { start: formatInZone(lucky.time.start, INDIA), end: formatInZone(lucky.time.end, INDIA) } },
      transits: { moonSign: first.sign, nakshatra: first.nakshatra, events: composed.events },
    };
    const published = await asCaller(from, caller?.claims ?? null, (tx) => repo.findPublished(tx, sign, q.period, start));
    if (published) return { ...base, text: { en: published.textEn, hi: published.textHi }, source: 'published', author: { name: published.authorName } };
    if (external) {
      try {
        return { ...base, text: await external.text(sign, q.period, start), source: 'external', author: null };
      } catch (err) {
        if (!(err instanceof ExternalUnavailable)) throw err;
        log?.('horoscope provider unavailable, using builtin text', { error: err.message });
      }
    }
    return { ...base, text: composed.text, source: 'builtin', author: null };
  }

  async function placeOf(b: BirthInput, path: string): Promise<{ lat: number; lon: number; place: string | null }> {
    if (b.lat !== undefined && b.lon !== undefined) return { lat: b.lat, lon: b.lon, place: b.place ?? null };
    const [found] = await geocoder.geocode(b.place!);
    if (!found) throw fieldError('place_not_found', 'body', path, `no place called "${b.place}" was found; pick one from the suggestions or send lat and lon`);
    return { lat: found.lat, lon: found.lon, place: found.state ? `${found.name}, ${found.state}` : found.name };
  }

  /** The chart for birth details, or a 400 naming the field when the local time is ambiguous or never happened. */
  async function chartFor(b: BirthInput, pathPrefix = '') {
    const where = await placeOf(b, `${pathPrefix}place`);
    const timeZone = b.timeZone ?? zoneAt(where.lat, where.lon);
    const at = birthInstant({ date: b.date, time: b.time, timeZone, lat: where.lat, lon: where.lon, ...(b.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: b.utcOffsetMinutes } : {}) });
    if (!at.ok) {
      const candidates = at.candidates.map((c) => ({ utc: new Date(c.utcMs).toISOString(), utcOffsetMinutes: c.offsetMinutes }));
      throw at.problem === 'ambiguous'
        ? fieldError('birth_time_ambiguous', 'body', `${pathPrefix}time`, `${b.time} on ${b.date} happened twice in ${timeZone} (the clocks were set back that night); say which one you mean`, { candidates })
        : fieldError('birth_time_nonexistent', 'body', `${pathPrefix}time`, `${b.time} on ${b.date} never happened in ${timeZone} (the clocks were set forward); check the time, or say which reading you mean`, { candidates });
    }
    const kundli = computeKundli({ utcMs: at.utcMs, lat: where.lat, lon: where.lon, ayanamsa: b.ayanamsa });
    return { kundli, at, where, timeZone };
  }

  function present(id: string | null, b: BirthInput, r: Awaited<ReturnType<typeof chartFor>>): KundliOut {
    const { kundli: k, at, where, timeZone } = r;
    const offset = at.offsetMinutes * 60_000;
    const iso = (t: number) => formatWithOffset(t, offset);
    const midnight = b.utcOffsetMinutes !== undefined || at.basis === 'local_mean_time' ? parseDay(b.date) - offset : wallToInstant(parseDay(b.date), timeZone);
    const sun = riseSetAfter(midnight, where.lat, where.lon, { moon: false });
    const weekday = new Date(parseDay(b.date)).getUTCDay();
    // The Vedic day runs sunrise to sunrise: a birth before sunrise belongs to the previous vara.
    const vara = VARAS[(weekday + (sun.sunrise !== null && k.utc < sun.sunrise ? 6 : 0)) % 7]!;
    return {
      id, name: b.name,
      birth: { date: b.date, time: b.time, place: where.place, lat: where.lat, lon: where.lon, timeZone, utc: new Date(at.utcMs).toISOString(), offsetMinutes: at.offsetMinutes, basis: at.basis },
      ayanamsa: k.ayanamsa, ascendant: k.ascendant, planets: k.planets, d1: k.d1, d9: k.d9,
      moonSign: k.moonSign, sunSign: k.sunSign, westernSunSign: k.westernSunSign, nakshatra: k.nakshatra, tithi: k.tithi, yoga: k.yoga, karana: k.karana,
      vara: vara.en, sunrise: sun.sunrise === null ? null : iso(sun.sunrise), sunset: sun.sunset === null ? null : iso(sun.sunset),
      dasha: datedDasha(k.dasha, timeZone),
      manglik: k.manglik,
    };
  }

  const isCustomer = (caller: Caller | null): caller is Caller => !!caller && caller.roles.includes('user');

  async function kundli(caller: Caller | null, b: BirthInput): Promise<KundliOut> {
    const r = await chartFor(b);
    let id: string | null = null;
    if (isCustomer(caller)) {
      id = await asCaller(pool, caller.claims, (tx) => repo.insertChart(tx, {
        userId: caller.id, name: b.name, date: b.date, time: b.time, timeZone: r.timeZone, utcOffsetMinutes: b.utcOffsetMinutes ?? null,
        place: r.where.place, lat: r.where.lat, lon: r.where.lon, ayanamsa: b.ayanamsa, bornAt: new Date(r.at.utcMs), moonSign: r.kundli.moonSign,
      }));
    }
    return present(id, b, r);
  }

  const birthOf = (row: repo.ChartRow): BirthInput => ({
    name: row.name, date: row.date, time: row.time, place: row.place ?? undefined, lat: row.lat, lon: row.lon, timeZone: row.timeZone,
    ...(row.utcOffsetMinutes !== null ? { utcOffsetMinutes: row.utcOffsetMinutes } : {}), ayanamsa: row.ayanamsa,
  });

  async function savedBirth(caller: Caller | null, id: string, path: string): Promise<BirthInput> {
    if (!caller) throw fieldError('sign_in_for_saved_charts', 'body', path, 'sign in to use your saved charts');
    const row = await asCaller(pool, caller.claims, (tx) => repo.findChart(tx, caller.id, id));
    if (!row) throw notFound('chart_not_found', 'no such saved chart');
    return birthOf(row);
  }

  return {
    horoscope,
    kundli,

    async listCharts(caller: Caller) {
      const rows = await asCaller(pool, caller.claims, (tx) => repo.findCharts(tx, caller.id, MAX_CHARTS_LISTED));
      return { items: rows.map((r) => ({ id: r.id, name: r.name, date: r.date, time: r.time, place: r.place, lat: r.lat, lon: r.lon, timeZone: r.timeZone, moonSign: r.moonSign as Sign, createdAt: r.createdAt.toISOString() })) };
    },

    async chart(caller: Caller, id: string): Promise<KundliOut> {
      const b = await savedBirth(caller, id, 'id');
      return present(id, b, await chartFor(b));
    },

    async deleteChart(caller: Caller, id: string): Promise<void> {
      const gone = await asCaller(pool, caller.claims, (tx) => repo.deleteChart(tx, caller.id, id));
      if (!gone) throw notFound('chart_not_found', 'no such saved chart');
    },

    async match(caller: Caller | null, m: MatchInput) {
      const resolve = async (p: MatchInput['boy'], who: 'boy' | 'girl') => {
        const b = 'chartId' in p ? await savedBirth(caller, p.chartId, `${who}.chartId`) : p;
        return { name: b.name, k: (await chartFor(b, `${who}.`)).kundli };
      };
      const boy = await resolve(m.boy, 'boy');
      const girl = await resolve(m.girl, 'girl');
      const result = ashtakoota(moonPlacement(boy.k), moonPlacement(girl.k), { vashya: m.vashya });
      const v = verdict(result.total);
      const party = (x: { name: string; k: Kundli }) => ({ name: x.name, moonSign: x.k.moonSign, nakshatra: x.k.nakshatra, manglik: x.k.manglik });
      return { boy: party(boy), girl: party(girl), ...result, max: 36 as const, verdict: v.level, summary: matchSummary(boy.name, girl.name, result, v.text, boy.k, girl.k) };
    },

    async panchang(q: z.output<typeof s.panchangQuery>) {
      const date = q.date ?? today(q.timeZone);
      const p = dayPanchang(date, q.lat, q.lon, q.timeZone);
      const iso = (t: number) => formatInZone(t, q.timeZone);
      const maybe = (t: number | null) => (t === null ? null : iso(t));
      const span = (x: { start: number; end: number } | null) => x && { start: iso(x.start), end: iso(x.end) };
      return {
        ...p, sunrise: maybe(p.sunrise), sunset: maybe(p.sunset), moonrise: maybe(p.moonrise), moonset: maybe(p.moonset),
        tithi: { ...p.tithi, endsAt: iso(p.tithi.endsAt) }, nakshatra: { ...p.nakshatra, endsAt: iso(p.nakshatra.endsAt) }, yoga: { ...p.yoga, endsAt: iso(p.yoga.endsAt) },
        rahuKaal: span(p.rahuKaal), abhijit: span(p.abhijit),
      };
    },

    /** An astrologer or admin publishes the text for a sign and period; it replaces any earlier one. */
    async publish(caller: Caller, input: z.output<typeof s.publishInput>) {
      if (!caller.roles.includes('astrologer') && !caller.roles.includes('admin')) throw forbidden('astrologers_and_admins_only', 'only astrologers and admins publish horoscopes');
      const { start } = periodBounds(input.period, input.date);
      await asService(pool, async (tx) => {
        const authorName = await repo.findAuthorName(tx, caller.id);
        if (!authorName) throw forbidden('no_author_profile', 'complete your profile before publishing');
        await repo.upsertPublished(tx, { sign: input.sign, period: input.period, start, textEn: input.text.en, textHi: input.text.hi ?? null, authorId: caller.id, authorName });
      });
      return horoscope(caller, { sign: input.sign, period: input.period, date: start }, pool);
    },
  };
}

export type HoroscopeService = ReturnType<typeof createHoroscopeService>;

function matchSummary(boy: string, girl: string, r: ReturnType<typeof ashtakoota>, verdictText: string, bk: Kundli, gk: Kundli): string {
  const score = Number.isInteger(r.total) ? String(r.total) : `${Math.floor(r.total)}½`;
  const strongest = r.kootas.filter((k) => k.points === k.max).map((k) => k.name);
  const nil = r.kootas.filter((k) => k.points === 0).map((k) => k.name);
  const parts = [`${boy} and ${girl} score ${score} of 36 gunas: ${verdictText}.`];
  if (strongest.length) parts.push(`Full marks in ${strongest.join(', ')}.`);
  if (nil.length) parts.push(`No points in ${nil.join(', ')}${nil.includes('Nadi') ? ' (nadi dosha, which families usually take to an astrologer)' : ''}.`);
  const m = (n: string, k: Kundli) => (k.manglik.manglik ? `${n} is manglik` : `${n} is not manglik`);
  const both = bk.manglik.manglik === gk.manglik.manglik;
  parts.push(`${m(boy, bk)} and ${m(girl, gk)}${bk.manglik.manglik || gk.manglik.manglik ? (both ? '; both being manglik, the dosha is traditionally taken to cancel out.' : '; only one partner being manglik is worth discussing with an astrologer.') : '.'}`);
  parts.push(`Moon signs: ${SIGN_NAMES[bk.moonSign].en} and ${SIGN_NAMES[gk.moonSign].en}; birth stars: ${bk.nakshatra.name} and ${gk.nakshatra.name}.`);
  return parts.join(' ');
}
