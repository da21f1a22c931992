import { DAY, MINUTE, formatDay, localDayAt, offsetsAround, parseDay, wallAt, wallToInstant } from '@ap/core';

/**
 * Slot rules. Pure: the clock is passed in, nothing is read or written.
 *
 * Wall-clock ranges become instants in the astrologer's zone day by day (see `wallToInstant` for DST), and slots
 * are stepped in real elapsed time from each range's real start, so a DST day has exactly the slots that fit in
 * its real minutes: fewer on spring-forward days, the repeated hour twice (as distinct instants) on fall-back days.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const SLOT_MINUTES = [15, 30, 45, 60] as const;
export type SlotMinutes = (typeof SLOT_MINUTES)[number];

/** Local wall-clock times "HH:MM"; `end` may be "24:00" (midnight at the end of the day). */
export interface TimeRange {
  start: string;
  end: string;
}

export interface DateOverride {
  /** A local date, YYYY-MM-DD, in the astrologer's zone. */
  date: string;
  /** Replaces that weekday's hours on this date; empty = a day off. */
  ranges: TimeRange[];
}

export interface AvailabilitySettings {
  timeZone: string;
  weekly: Record<Weekday, TimeRange[]>;
  overrides: DateOverride[];
  slotMinutes: SlotMinutes;
  pricePaise: number;
  bufferMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
}

export interface Interval {
  start: Date;
  end: Date;
}

/** The instants a query asks about: slots starting in [from, to). */
export interface SlotWindow {
  from: Date;
  to: Date;
}

export const emptyWeek = (): Record<Weekday, TimeRange[]> => ({ sun: [], mon: [], tue: [], wed: [], thu: [], fri: [], sat: [] });

/** What an astrologer who never saved their availability has: nothing bookable yet. */
export const defaultSettings = (): AvailabilitySettings => ({
  timeZone: 'Asia/Kolkata',
  weekly: emptyWeek(),
  overrides: [],
  slotMinutes: 30,
  pricePaise: 0,
  bufferMinutes: 0,
  minNoticeMinutes: 120,
  horizonDays: 30,
});

const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

/** Minutes after local midnight of "HH:MM" ("24:00" = 1440), or null when malformed. */
export function minuteOfDay(time: string): number | null {
  const m = TIME.exec(time);
  if (!m) return null;
  return m[3] ? 1440 : Number(m[1]) * 60 + Number(m[2]);
}

/**
 * Problems of one day's ranges, by index in the given order: a range must end after it starts, and may not
 * overlap another (touching is fine). An overlap is reported on the range that starts later.
 */
export function findRangeProblems(ranges: readonly TimeRange[]): { index: number; message: string }[] {
  const problems: { index: number; message: string }[] = [];
  const valid: { index: number; start: number; end: number }[] = [];
  ranges.forEach((r, index) => {
    const start = minuteOfDay(r.start);
    const end = minuteOfDay(r.end);
    if (start === null || end === null) return; // the format check reports these
    if (start === 1440) problems.push({ index, message: 'a range cannot start at 24:00' });
    else if (end <= start) problems.push({ index, message: `range ends (${r.end}) before it starts (${r.start})` });
    else valid.push({ index, start, end });
  });
  valid.sort((a, b) => a.start - b.start || a.index - b.index);
  let reach = -1;
  let reachIndex = -1;
  for (const r of valid) {
    if (r.start < reach) problems.push({ index: r.index, message: `overlaps range ${reachIndex}` });
    if (r.end > reach) {
      reach = r.end;
      reachIndex = r.index;
    }
  }
  return problems.sort((a, b) => a.index - b.index);
}

/**
 * Slots must start before this instant: the end of the local day `horizonDays` after today in the astrologer's zone
 * (so a 30-day horizon always offers whole days, as a calendar shows them).
 */
export function horizonEnd(settings: Pick<AvailabilitySettings, 'timeZone' | 'horizonDays'>, now: Date): number {
  const today = localDayAt(now.getTime(), settings.timeZone);
  return wallToInstant(today + (settings.horizonDays + 1) * DAY, settings.timeZone);
}

/** Ranges of one local date as instants, sorted, with touching or overlapping ones joined. */
function rangesOn(day: number, ranges: readonly TimeRange[], zone: string): [number, number][] {
  if (ranges.length === 0) return [];
  const offsets = offsetsAround(day, zone);
  const spans: [number, number][] = [];
  for (const r of ranges) {
    const start = wallToInstant(day + minuteOfDay(r.start)! * MINUTE, zone, offsets);
    const end = wallToInstant(day + minuteOfDay(r.end)! * MINUTE, zone, offsets);
    if (end > start) spans.push([start, end]);
  }
  return joinSpans(spans);
}

/** Busy intervals widened by the buffer on both sides, sorted and joined, so one forward sweep checks them. */
function blockedSpans(busy: readonly Interval[], bufferMs: number): [number, number][] {
  return joinSpans(busy.map((b): [number, number] => [b.start.getTime() - bufferMs, b.end.getTime() + bufferMs]).filter(([s, e]) => e > s));
}

/** Sorts [start, end) spans and joins those that touch or overlap. */
function joinSpans(spans: [number, number][]): [number, number][] {
  spans.sort((a, b) => a[0] - b[0]);
  const joined: [number, number][] = [];
  for (const s of spans) {
    const last = joined[joined.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else joined.push(s);
  }
  return joined;
}

/**
 * Free slots starting in [window.from, window.to), no earlier than now + minimum notice and no later than the
 * booking horizon. Within a range, slots start at the range's real start and every slot length + buffer after;
 * a slot must end by the range's end and keep `bufferMinutes` clear of every busy interval.
 */
export function computeSlots(settings: AvailabilitySettings, busy: readonly Interval[], window: SlotWindow, now: Date): Interval[] {
  const zone = settings.timeZone;
  const length = settings.slotMinutes * MINUTE;
  const buffer = settings.bufferMinutes * MINUTE;
  const step = length + buffer;
  const lower = Math.max(window.from.getTime(), now.getTime() + settings.minNoticeMinutes * MINUTE);
  const upper = Math.min(window.to.getTime(), horizonEnd(settings, now));
  if (!(lower < upper)) return [];

  const overrides = new Map(settings.overrides.map((o) => [o.date, o.ranges]));
  const blocked = blockedSpans(busy, buffer);
  let b = 0;
  const slots: Interval[] = [];
  const lastDay = localDayAt(upper - 1, zone);
  for (let day = localDayAt(lower, zone); day <= lastDay; day += DAY) {
    const date = formatDay(day);
    const ranges = overrides.get(date) ?? settings.weekly[WEEKDAYS[new Date(day).getUTCDay()]!];
    for (const [rangeStart, rangeEnd] of rangesOn(day, ranges, zone)) {
      let start = rangeStart < lower ? rangeStart + Math.ceil((lower - rangeStart) / step) * step : rangeStart;
      for (; start + length <= rangeEnd && start < upper; start += step) {
        const end = start + length;
        while (b < blocked.length && blocked[b]![1] <= start) b++;
        if (b < blocked.length && blocked[b]![0] < end) continue;
        slots.push({ start: new Date(start), end: new Date(end) });
      }
    }
  }
  return slots;
}

export const DEFAULT_WINDOW_DAYS = 7;
export const MAX_WINDOW_DAYS = 31;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The instants a slot query asks about. Dates are local to `zone`: `from` is the start of its day, `to` the end
 * of its day (inclusive); instants are taken as given (`to` exclusive). Defaults: from today, for 7 days.
 */
export function resolveWindow(query: { from?: string | undefined; to?: string | undefined }, zone: string, now: Date): SlotWindow {
  const from = query.from === undefined
    ? wallToInstant(localDayAt(now.getTime(), zone), zone)
    : DATE_ONLY.test(query.from) ? wallToInstant(parseDay(query.from), zone) : Date.parse(query.from);
  const to = query.to === undefined
    ? wallToInstant(wallAt(from, zone) + DEFAULT_WINDOW_DAYS * DAY, zone)
    : DATE_ONLY.test(query.to) ? wallToInstant(parseDay(query.to) + DAY, zone) : Date.parse(query.to);
  return { from: new Date(from), to: new Date(to) };
}

/** Why a window cannot be served, or null. The span is counted in local days, so DST never shortens it. */
export function windowProblem(window: SlotWindow, zone: string): string | null {
  const from = window.from.getTime();
  const to = window.to.getTime();
  if (to <= from) return 'to must be after from';
  if (to > wallToInstant(wallAt(from, zone) + MAX_WINDOW_DAYS * DAY, zone)) return `at most ${MAX_WINDOW_DAYS} days after from`;
  return null;
}
