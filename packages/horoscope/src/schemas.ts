import { AYANAMSAS, SIGNS, isValidWall } from '@ap/astro';
import { timeZoneSchema } from '@ap/core';
import { z } from '@ap/http';
import { PERIODS } from './rules.js';

const instant = z.iso.datetime({ offset: true });
const sign = z.enum(SIGNS);
const graha = z.enum(['sun', 'moon', 'mars', 'mercury', 'jupiter', 'venus', 'saturn', 'rahu', 'ketu']);

/** A calendar date the engine supports: real (no 31 February) and within 1800–2200. */
const supportedDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((d) => isValidWall(d, '00:00'), 'not a real calendar date')
  .refine((d) => d >= '1800-01-01' && d <= '2200-12-31', 'between 1800-01-01 and 2200-12-31')
  .openapi({ example: '1990-07-15' });

const lat = z.coerce.number().min(-90).max(90).openapi({ example: 28.6139 });
const lon = z.coerce.number().min(-180).max(180).openapi({ example: 77.209 });

export const horoscopeQuery = z
  .strictObject({
    sign: sign.optional().openapi({ description: "Defaults to the signed-in customer's moon sign (from a saved chart or their profile's birth details)" }),
    period: z.enum(PERIODS).default('daily'),
    date: supportedDate.optional().openapi({ description: 'Any day in the period; default today (India)' }),
  });

const bilingual = z.object({ en: z.string(), hi: z.string().nullable() });

export const horoscopeOutput = z
  .object({
    sign, period: z.enum(PERIODS),
    start: z.string().openapi({ description: 'First day of the period' }),
    end: z.string(),
    text: bilingual,
    source: z.enum(['published', 'external', 'builtin']),
    author: z.object({ name: z.string() }).nullable().openapi({ description: 'Who published the text (published only)' }),
    lucky: z.object({
      colour: z.object({ en: z.string(), hi: z.string() }),
      number: z.int(),
      time: z.object({ start: instant, end: instant }).nullable().openapi({ description: 'Abhijit muhurta at New Delhi' }),
    }),
    transits: z.object({
      moonSign: sign, nakshatra: z.string(),
      events: z.array(z.object({ graha, kind: z.enum(['ingress', 'retrograde', 'direct']), date: z.string(), sign, house: z.int() })),
    }),
  })
  .openapi('Horoscope');

export const publishInput = z
  .strictObject({
    sign, period: z.enum(PERIODS), date: supportedDate,
    text: z.strictObject({ en: z.string().trim().min(20).max(4000), hi: z.string().trim().min(20).max(4000).optional() }),
  })
  .openapi('PublishHoroscope');

const time = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'a time as HH:MM or HH:MM:SS (24 h)')
  .openapi({ example: '10:30' });

export const birthInput = z
  .strictObject({
    name: z.string().trim().min(1).max(100).openapi({ example: 'Asha' }),
    date: supportedDate,
    time,
    place: z.string().trim().min(2).max(200).optional().openapi({ description: 'A city (offline Indian list); or send lat and lon', example: 'New Delhi' }),
    lat: lat.optional(),
    lon: lon.optional(),
    timeZone: timeZoneSchema().optional()
      .openapi({ description: "IANA zone the birth time was read in (history applied); default the zone of the place, from its coordinates. Before 1900 local mean time is used" }),
    utcOffsetMinutes: z.number().min(-900).max(900).optional()
      .openapi({ description: 'The offset the birth time was recorded in, when the zone database does not know it (Bombay time) or to settle an ambiguous hour' }),
    ayanamsa: z.enum(AYANAMSAS).default('lahiri'),
  })
  .superRefine((b, ctx) => {
    if (b.lat === undefined && b.lon === undefined && b.place === undefined) ctx.addIssue({ code: 'custom', path: ['place'], message: 'send a place, or lat and lon' });
    if ((b.lat === undefined) !== (b.lon === undefined)) ctx.addIssue({ code: 'custom', path: [b.lat === undefined ? 'lat' : 'lon'], message: 'send lat and lon together' });
  });

export const kundliInput = birthInput.openapi('BirthDetails');

const nakshatra = z.object({ number: z.int(), name: z.string(), nameHi: z.string(), pada: z.int() });
const period = z.object({ lord: graha, start: instant, end: instant });

export const kundliOutput = z
  .object({
    id: z.uuid().nullable().openapi({ description: 'Saved chart id (signed-in customers); null when not saved' }),
    name: z.string(),
    birth: z.object({
      date: z.string(), time: z.string(), place: z.string().nullable(), lat: z.number(), lon: z.number(),
      timeZone: z.string().openapi({ description: 'The zone the birth time was read in: the one sent, else the zone of the place' }),
      utc: instant, offsetMinutes: z.number(), basis: z.enum(['zone', 'local_mean_time', 'given_offset']),
    }),
    ayanamsa: z.object({ name: z.enum(AYANAMSAS), degrees: z.number() }),
    ascendant: z.object({ sidereal: z.number(), sign, degreeInSign: z.number(), nakshatra, navamsaSign: sign }),
    planets: z.array(z.object({
      graha, tropical: z.number(), sidereal: z.number(), sign, degreeInSign: z.number(), house: z.int(), nakshatra,
      retrograde: z.boolean(), speed: z.number().openapi({ description: 'Degrees per day' }), navamsaSign: sign,
    })),
    d1: z.object({ ascendant: z.int(), signs: z.array(z.array(graha)) }).openapi({ description: 'Grahas by sign, Aries first; ascendant = index of the lagna sign' }),
    d9: z.object({ ascendant: z.int(), signs: z.array(z.array(graha)) }),
    moonSign: sign, sunSign: sign, westernSunSign: sign,
    nakshatra,
    tithi: z.object({ number: z.int(), paksha: z.enum(['shukla', 'krishna']), name: z.string() }),
    yoga: z.object({ number: z.int(), name: z.string() }),
    karana: z.object({ number: z.int(), name: z.string() }),
    vara: z.string(),
    sunrise: instant.nullable(), sunset: instant.nullable(),
    dasha: z.object({
      balance: z.object({ lord: graha, years: z.number(), y: z.int(), m: z.int(), d: z.int() }),
      mahadashas: z.array(period.extend({ antardashas: z.array(period) })),
    }),
    manglik: z.object({ fromLagna: z.boolean(), fromMoon: z.boolean(), manglik: z.boolean() }),
  })
  .openapi('Kundli');

export const chartSummary = z.object({
  id: z.uuid(), name: z.string(), date: z.string(), time: z.string(), place: z.string().nullable(), lat: z.number(), lon: z.number(),
  timeZone: z.string(), moonSign: sign, createdAt: instant,
});
export const chartListOutput = z.object({ items: z.array(chartSummary) }).openapi('KundliList');
export const chartIdParams = z.strictObject({ id: z.uuid() });

const party = z.union([z.strictObject({ chartId: z.uuid() }), birthInput]);

export const matchInput = z
  .strictObject({
    boy: party.openapi({ description: "Birth details, or { chartId } of one of my saved charts" }),
    girl: party,
    vashya: z.enum(['half-sign', 'sign']).default('half-sign').openapi({ description: 'Vashya of Sagittarius and Capricorn by half-sign (default) or whole sign' }),
  })
  .openapi('MatchInput');

const partyOutput = z.object({
  name: z.string(), moonSign: sign, nakshatra, manglik: z.object({ fromLagna: z.boolean(), fromMoon: z.boolean(), manglik: z.boolean() }),
});

export const matchOutput = z
  .object({
    boy: partyOutput, girl: partyOutput,
    kootas: z.array(z.object({ key: z.string(), name: z.string(), max: z.number(), points: z.number(), boy: z.string(), girl: z.string(), note: z.string() })),
    total: z.number(), max: z.literal(36),
    verdict: z.enum(['excellent', 'good', 'average', 'not_recommended']),
    summary: z.string(),
  })
  .openapi('Match');

export const panchangQuery = z.strictObject({
  date: supportedDate.optional().openapi({ description: 'Local date; default today in the zone' }),
  lat, lon,
  timeZone: timeZoneSchema().default('Asia/Kolkata'),
});

const limb = (extra: z.ZodRawShape) => z.object({ number: z.int(), name: z.string(), ...extra });
export const panchangOutput = z
  .object({
    date: z.string(), timeZone: z.string(), lat: z.number(), lon: z.number(),
    vara: z.object({ en: z.string(), sanskrit: z.string(), hi: z.string() }),
    sunrise: instant.nullable(), sunset: instant.nullable(), moonrise: instant.nullable(), moonset: instant.nullable(),
    tithi: limb({ paksha: z.enum(['shukla', 'krishna']), endsAt: instant }),
    nakshatra: limb({ nameHi: z.string(), pada: z.int(), endsAt: instant }),
    yoga: limb({ endsAt: instant }),
    karana: limb({}),
    rahuKaal: z.object({ start: instant, end: instant }).nullable(),
    abhijit: z.object({ start: instant, end: instant }).nullable(),
  })
  .openapi('Panchang');

