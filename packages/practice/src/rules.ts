import { DAY, formatDay, localDayAt, parseDay, wallToInstant } from '@ap/core';

/**
 * Practice rules, pure: no I/O, clock or env. Calendar days, weeks (ISO, from Monday) and months are those of
 * an IANA zone; instants are epoch milliseconds.
 */

export const BUCKETS = ['day', 'week', 'month'] as const;
export type Bucket = (typeof BUCKETS)[number];

/** Analytics answer at most this many buckets (a year and a bit of days, ten years of months). */
export const MAX_BUCKETS = 400;
export const DEFAULT_ANALYTICS_DAYS = 30;

/** The local date (YYYY-MM-DD) of an instant in a zone. */
export const localDate = (at: number, zone: string): string => formatDay(localDayAt(at, zone));

export const addDays = (date: string, days: number): string => formatDay(parseDay(date) + days * DAY);

/** The [start, end) instants of the local dates from..to inclusive: midnight to midnight, DST included. */
export function dayRange(from: string, to: string, zone: string): { start: number; end: number } {
  return { start: wallToInstant(parseDay(from), zone), end: wallToInstant(parseDay(to) + DAY, zone) };
}

/** The first date of the bucket a date falls in (the same truncation PostgreSQL's date_trunc does). */
export function bucketStart(date: string, bucket: Bucket): string {
  if (bucket === 'day') return date;
  if (bucket === 'month') return `${date.slice(0, 8)}01`;
  const weekday = new Date(parseDay(date)).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

function nextBucket(start: string, bucket: Bucket): string {
  if (bucket === 'day') return addDays(start, 1);
  if (bucket === 'week') return addDays(start, 7);
  const d = new Date(parseDay(start));
  d.setUTCMonth(d.getUTCMonth() + 1);
  return formatDay(d.getTime());
}

/** Every bucket touching from..to, oldest first, as its first date (the first may begin before `from`). */
export function bucketStarts(from: string, to: string, bucket: Bucket): string[] {
  const out: string[] = [];
  for (let b = bucketStart(from, bucket); b <= to; b = nextBucket(b, bucket)) out.push(b);
  return out;
}

/** A share in [0, 1], or null when there is nothing to divide (no requests is not a 0 % acceptance rate). */
export const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** Acceptance rate: accepted / (accepted + declined + expired); requests withdrawn by the customer do not count. */
export const acceptanceRate = (r: { accepted: number; declined: number; expired: number }) =>
  rate(r.accepted, r.accepted + r.declined + r.expired);

/** Ratings as sums, so buckets and totals are averaged from the same numbers; null without reviews. */
export const averageRating = (sum: number, count: number): number | null => (count > 0 ? Math.round((sum / count) * 100) / 100 : null);

