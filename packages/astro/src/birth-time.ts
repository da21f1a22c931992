import { offsetAt } from '@ap/core';

/**
 * Local birth date and time at a place → the UTC instant.
 *
 * - From 1900 on: the IANA zone's offset at that date, history included (the runtime's tz database: Asia/Kolkata
 *   is +05:21:10 Madras time until 1906, +06:30 war time 1942–45, +05:30 otherwise).
 * - Before 1900: local mean time from the longitude (4 minutes per degree), which is what birth records of that
 *   age were kept in.
 * - `utcOffsetMinutes`, when given, wins: for records kept in a time the tz database does not model (Bombay
 *   time until 1955, Calcutta time until 1948) or to settle an ambiguous hour.
 * A wall time that happened twice (clocks set back) or never (clocks set forward) is reported, not guessed.
 */

export interface BirthMoment {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM or HH:MM:SS */
  time: string;
  timeZone: string;
  lat: number;
  lon: number;
  utcOffsetMinutes?: number;
}

export type BirthInstant =
  | { ok: true; utcMs: number; offsetMinutes: number; basis: 'zone' | 'local_mean_time' | 'given_offset' }
  | { ok: false; problem: 'ambiguous' | 'nonexistent'; candidates: { utcMs: number; offsetMinutes: number }[] };

const LMT_BEFORE = Date.UTC(1900, 0, 1);

export function wallMs(date: string, time: string): number {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi, s = 0] = time.split(':').map(Number) as [number, number, number?];
  const wall = new Date(0);
  wall.setUTCFullYear(y, mo - 1, d);
  wall.setUTCHours(h, mi, s, 0);
  return wall.getTime();
}

/** True when the date and time name a real calendar moment (no 31 February, no 24:30). */
export function isValidWall(date: string, time: string): boolean {
  const dm = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const tm = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!dm || !tm) return false;
  const w = new Date(wallMs(date, time));
  return w.getUTCFullYear() === +dm[1]! && w.getUTCMonth() + 1 === +dm[2]! && w.getUTCDate() === +dm[3]! &&
    w.getUTCHours() === +tm[1]! && w.getUTCMinutes() === +tm[2]! && w.getUTCSeconds() === +(tm[3] ?? 0);
}

const round = (ms: number) => Math.round(ms / 60_000 * 1000) / 1000;

export function birthInstant(b: BirthMoment): BirthInstant {
  const wall = wallMs(b.date, b.time);
  if (b.utcOffsetMinutes !== undefined) return { ok: true, utcMs: wall - b.utcOffsetMinutes * 60_000, offsetMinutes: b.utcOffsetMinutes, basis: 'given_offset' };
  if (wall < LMT_BEFORE) {
    const offset = (b.lon / 15) * 3_600_000;
    return { ok: true, utcMs: Math.round(wall - offset), offsetMinutes: round(offset), basis: 'local_mean_time' };
  }
  // Every offset in force within a day of this wall time; a candidate is real when the zone agrees with it.
  const offsets = new Set([offsetAt(wall - 86_400_000, b.timeZone), offsetAt(wall, b.timeZone), offsetAt(wall + 86_400_000, b.timeZone)]);
  const candidates = [...offsets]
    .map((off) => ({ utcMs: wall - off, off }))
    .filter(({ utcMs, off }) => offsetAt(utcMs, b.timeZone) === off)
    .sort((a, c) => a.utcMs - c.utcMs)
    .map(({ utcMs, off }) => ({ utcMs, offsetMinutes: round(off) }));
  if (candidates.length === 1) return { ok: true, utcMs: candidates[0]!.utcMs, offsetMinutes: candidates[0]!.offsetMinutes, basis: 'zone' };
  if (candidates.length === 0) {
    // The clocks skipped this time: offer both readings (with the offset before and after the change).
    const around = [...offsets].sort((a, c) => a - c).map((off) => ({ utcMs: wall - off, offsetMinutes: round(off) }));
    return { ok: false, problem: 'nonexistent', candidates: around };
  }
  return { ok: false, problem: 'ambiguous', candidates };
}
