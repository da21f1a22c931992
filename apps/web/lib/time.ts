/**
 * Calendar helpers. Dates are "YYYY-MM-DD" strings (a day on someone's wall calendar), and slot times come from
 * the API already written with the viewer's UTC offset, so the local date and time can be read off the string
 * itself: no conversion in the browser can disagree with the server.
 */

import { isHindiPage, pageIntlTag } from './locale';

export const FALLBACK_ZONE = 'Asia/Kolkata';

const DAY_MS = 86_400_000;
const WEEKDAY_SHORT = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const WEEKDAY_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// Browsers report some zones by their old names (Chrome says "Asia/Calcutta" for India); show today's names.
const MODERN_NAMES: Record<string, string> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Thimbu': 'Asia/Thimphu',
  'Asia/Dacca': 'Asia/Dhaka',
  'Europe/Kiev': 'Europe/Kyiv',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'America/Godthab': 'America/Nuuk',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Enderbury': 'Pacific/Kanton',
};

export const modernZone = (zone: string): string => MODERN_NAMES[zone] ?? zone;

/** The browser's IANA time zone, e.g. "America/New_York". */
export function browserTimeZone(): string {
  try {
    return modernZone(Intl.DateTimeFormat().resolvedOptions().timeZone || FALLBACK_ZONE);
  } catch {
    return FALLBACK_ZONE;
  }
}

/** Every zone this browser knows (by current names) and the `extra` ones, sorted. */
export function allTimeZones(...extra: string[]): string[] {
  let zones: string[] = [];
  try {
    zones = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  } catch {
    zones = [];
  }
  if (!zones.length) zones = ['Asia/Kolkata', 'Asia/Dubai', 'Asia/Singapore', 'Europe/London', 'America/New_York', 'America/Los_Angeles', 'Australia/Sydney', 'UTC'];
  const known = new Set(zones.map(modernZone));
  for (const z of extra) if (z) known.add(z);
  return [...known].sort((a, b) => a.localeCompare(b));
}

/** "America/New_York" → "New York"; "Asia/Kolkata" → "Kolkata". */
export function zoneCity(zone: string): string {
  return (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
}

/** "GMT-5", "GMT+5:30" for the zone right now; '' when the browser cannot tell. */
export function zoneOffsetLabel(zone: string, at = new Date()): string {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName');
    return part?.value === 'GMT' ? 'GMT+0' : (part?.value ?? '');
  } catch {
    return '';
  }
}

/** Today's date on the wall calendar of `zone`. */
export function todayIn(zone: string, at = new Date()): string {
  try {
    // en-CA writes dates as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  } catch {
    return at.toISOString().slice(0, 10);
  }
}

const toUtc = (date: string): Date => new Date(`${date}T00:00:00Z`);

export function addDays(date: string, days: number): string {
  return new Date(toUtc(date).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / DAY_MS);
}

export function isDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(toUtc(value).getTime()) && toUtc(value).toISOString().startsWith(value);
}

const hindi = (date: string, options: Intl.DateTimeFormatOptions): string =>
  new Intl.DateTimeFormat(pageIntlTag(), { ...options, timeZone: 'UTC' }).format(toUtc(date));

/** "Tue 14 Jul" */
export function dayShort(date: string): string {
  if (isHindiPage()) return hindi(date, { weekday: 'short', day: 'numeric', month: 'short' }).replace(/,/g, '');
  const d = toUtc(date);
  return `${WEEKDAY_SHORT[d.getUTCDay()]} ${d.getUTCDate()} ${MONTH_SHORT[d.getUTCMonth()]}`;
}

/** "Tuesday 14 July" */
export function dayLong(date: string): string {
  if (isHindiPage()) return hindi(date, { weekday: 'long', day: 'numeric', month: 'long' });
  const d = toUtc(date);
  return `${WEEKDAY_LONG[d.getUTCDay()]} ${d.getUTCDate()} ${MONTH_LONG[d.getUTCMonth()]}`;
}

/** "14 Jul 2026" */
export function dateMedium(date: string): string {
  if (isHindiPage()) return hindi(date, { day: 'numeric', month: 'short', year: 'numeric' });
  const d = toUtc(date);
  return `${d.getUTCDate()} ${MONTH_SHORT[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "14–20 Jul 2026", or across months "28 Jul – 3 Aug 2026". */
export function rangeLabel(from: string, to: string): string {
  if (isHindiPage()) return `${dateMedium(from)} – ${dateMedium(to)}`;
  const a = toUtc(from);
  const b = toUtc(to);
  if (a.getUTCFullYear() !== b.getUTCFullYear()) return `${dateMedium(from)} – ${dateMedium(to)}`;
  if (a.getUTCMonth() !== b.getUTCMonth()) {
    return `${a.getUTCDate()} ${MONTH_SHORT[a.getUTCMonth()]} – ${b.getUTCDate()} ${MONTH_SHORT[b.getUTCMonth()]} ${b.getUTCFullYear()}`;
  }
  return `${a.getUTCDate()}–${b.getUTCDate()} ${MONTH_SHORT[b.getUTCMonth()]} ${b.getUTCFullYear()}`;
}

/** The wall-clock date of an ISO time written with an offset: "2026-03-08T10:00:00-04:00" → "2026-03-08". */
export const localDateOf = (iso: string): string => iso.slice(0, 10);

/** "HH:MM" (24-hour) → "9:30 AM". */
export function clock12(hhmm: string): string {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  const hour = h % 24;
  const suffix = hour < 12 ? 'AM' : 'PM';
  return `${hour % 12 === 0 ? 12 : hour % 12}:${String(m).padStart(2, '0')} ${suffix}`;
}

/** The wall-clock time of an ISO time written with an offset, as "9:30 AM". */
export const localTimeOf = (iso: string): string => clock12(iso.slice(11, 16));
