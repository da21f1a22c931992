/**
 * Wall clock ↔ instant in an IANA zone, on the runtime's own tz database (Intl). Pure: no clock, no I/O.
 *
 * Times are epoch milliseconds. A "wall" value is a local date and time written as if it were UTC
 * (`Date.UTC(y, m, d, h, min)`), which makes day arithmetic on local calendars plain addition.
 */

export const MINUTE = 60_000;
export const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}



/** How far the zone's wall clock is ahead of UTC at instant t (ms; negative west of Greenwich). */
export function offsetAt(t: number, zone: string): number {
  let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  for (const p of formatter(zone).formatToParts(t)) {
    switch (p.type) {
      case 'year': y = +p.value; break;
      case 'month': mo = +p.value; break;
      case 'day': d = +p.value; break;
      case 'hour': h = +p.value; break;
      case 'minute': mi = +p.value; break;
      case 'second': s = +p.value; break;
    }
  }
  const wholeSecond = t - (((t % 1000) + 1000) % 1000);
  return Date.UTC(y, mo - 1, d, h, mi, s) - wholeSecond;
}

/** The wall value of instant t in the zone. */
export const wallAt = (t: number, zone: string): number => t + offsetAt(t, zone);

/** Midnight (as a wall value) of the local date that instant t falls on. */
export const localDayAt = (t: number, zone: string): number => {
  const wall = wallAt(t, zone);
  return wall - (((wall % DAY) + DAY) % DAY);
};

/**
 * The offsets in force around one local date: before its first and after its last wall minute. Equal on every
 * day without a transition, which lets `wallToInstant` skip all further look-ups on ordinary days.
 */
export interface DayOffsets {
  before: number;
  after: number;
}

export function offsetsAround(day: number, zone: string): DayOffsets {
  // Zone offsets lie within −12 h … +14 h, so these instants bracket the whole local day.
  return { before: offsetAt(day - 15 * 3_600_000, zone), after: offsetAt(day + DAY + 13 * 3_600_000, zone) };
}

/**
 * The first instant at which the zone's clock shows `wall` or, when that wall time is skipped (spring forward),
 * has passed it. So an ambiguous time (fall back) is its first occurrence, a skipped time is the transition
 * itself, and the mapping never goes backwards: a range covering a gap keeps only its real minutes, and a
 * range wholly inside a gap becomes empty rather than being shifted into existing time.
 */
export function wallToInstant(wall: number, zone: string, offsets: DayOffsets = offsetsAround(wall - (((wall % DAY) + DAY) % DAY), zone)): number {
  const { before, after } = offsets;
  if (before === after) return wall - before;
  const early = wall - Math.max(before, after);
  const late = wall - Math.min(before, after);
  if (offsetAt(early, zone) === Math.max(before, after)) return early;
  if (offsetAt(late, zone) === Math.min(before, after)) return late;
  return transitionBetween(early, late, zone);
}

/** The instant in (lo, hi] where the offset changes, to the second. */
function transitionBetween(lo: number, hi: number, zone: string): number {
  const from = offsetAt(lo, zone);
  let a = Math.floor(lo / 1000), b = Math.ceil(hi / 1000);
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (offsetAt(mid * 1000, zone) === from) a = mid;
    else b = mid;
  }
  return b * 1000;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO 8601 with the zone's offset at that instant, e.g. `2026-03-08T10:00:00-04:00`. */
export function formatInZone(t: number, zone: string): string {
  return formatWithOffset(t, offsetAt(t, zone));
}

/** `YYYY-MM-DD` of a wall-midnight value, and back. */
export const formatDay = (day: number): string => new Date(day).toISOString().slice(0, 10);
export const parseDay = (date: string): number => Date.parse(`${date}T00:00:00Z`);

/**
 * The zone's offset over [from, to] as a piecewise-constant function: one Intl look-up per day to find the
 * transitions (at most a couple a year; a zone never changes offset twice within a day), then a binary search
 * for each transition's exact minute. Formatting a month of slots then costs a few dozen look-ups, not thousands.
 */
export function offsetsBetween(zone: string, from: number, to: number): (t: number) => number {
  const changes: { at: number; offset: number }[] = [];
  let prevT = from - DAY;
  let prev = offsetAt(prevT, zone);
  const first = prev;
  for (let t = from; t <= to + DAY; t += DAY) {
    const off = offsetAt(t, zone);
    if (off !== prev) {
      let lo = prevT, hi = t; // offset(lo) = prev, offset(hi) = off
      while (hi - lo > MINUTE) {
        const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
        if (offsetAt(mid, zone) === prev) lo = mid;
        else hi = mid;
      }
      changes.push({ at: hi, offset: off });
      prev = off;
    }
    prevT = t;
  }
  return (t) => {
    let offset = first;
    for (const c of changes) if (t >= c.at) offset = c.offset;
    return offset;
  };
}

/** formatInZone with a precomputed offset function (see offsetsBetween). */
export function formatWithOffset(t: number, offset: number): string {
  const local = new Date(t + offset).toISOString().slice(0, 19);
  const minutes = Math.round(Math.abs(offset) / MINUTE);
  return `${local}${offset < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}
