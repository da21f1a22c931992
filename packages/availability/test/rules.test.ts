import { describe, expect, it } from 'vitest';
import {
  computeSlots, defaultSettings, findRangeProblems, resolveWindow, windowProblem, type AvailabilitySettings, type Interval, type Weekday,
} from '../src/rules.js';
import { formatInZone } from '@ap/core';

const at = (iso: string) => new Date(iso);

function settings(overrides: Partial<AvailabilitySettings> & { hours?: Partial<Record<Weekday, [string, string][]>> } = {}): AvailabilitySettings {
  const { hours = {}, ...rest } = overrides;
  const base = defaultSettings();
  for (const [day, ranges] of Object.entries(hours) as [Weekday, [string, string][]][]) {
    base.weekly[day] = ranges.map(([start, end]) => ({ start, end }));
  }
  return { ...base, minNoticeMinutes: 0, ...rest };
}

/** Slot starts (or start–end pairs) as ISO strings with the offset of `zone`. */
const starts = (slots: Interval[], zone: string) => slots.map((s) => formatInZone(s.start.getTime(), zone));
const spans = (slots: Interval[], zone: string) =>
  slots.map((s) => `${formatInZone(s.start.getTime(), zone)}/${formatInZone(s.end.getTime(), zone)}`);

/** A whole local day as the window. */
const day = (date: string, zone: string): { from: Date; to: Date } => resolveWindow({ from: date, to: date }, zone, at('2000-01-01T00:00:00Z'));

// 2026-12-07 is a Monday; "now" is the Sunday before, so nothing is cut by notice unless a test says so.
const KOLKATA = 'Asia/Kolkata';
const SUNDAY_NOON_IST = at('2026-12-06T12:00:00+05:30');

describe('computeSlots', () => {
  it('steps through a range by the slot length, in the zone\'s +05:30 offset', () => {
    const s = settings({ hours: { mon: [['09:00', '11:00']] } });
    expect(spans(computeSlots(s, [], day('2026-12-07', KOLKATA), SUNDAY_NOON_IST), KOLKATA)).toEqual([
      '2026-12-07T09:00:00+05:30/2026-12-07T09:30:00+05:30',
      '2026-12-07T09:30:00+05:30/2026-12-07T10:00:00+05:30',
      '2026-12-07T10:00:00+05:30/2026-12-07T10:30:00+05:30',
      '2026-12-07T10:30:00+05:30/2026-12-07T11:00:00+05:30',
    ]);
  });

  it('offers only the days with hours', () => {
    const s = settings({ hours: { mon: [['09:00', '10:00']], wed: [['18:00', '19:00']] } });
    const window = resolveWindow({ from: '2026-12-07', to: '2026-12-13' }, KOLKATA, SUNDAY_NOON_IST);
    expect(starts(computeSlots(s, [], window, SUNDAY_NOON_IST), KOLKATA)).toEqual([
      '2026-12-07T09:00:00+05:30', '2026-12-07T09:30:00+05:30', '2026-12-09T18:00:00+05:30', '2026-12-09T18:30:00+05:30',
    ]);
  });

  it('fits slots inside each of several ranges a day and never across a range end', () => {
    const s = settings({ slotMinutes: 45, hours: { mon: [['14:00', '15:30'], ['09:00', '10:00']] } });
    expect(starts(computeSlots(s, [], day('2026-12-07', KOLKATA), SUNDAY_NOON_IST), KOLKATA)).toEqual([
      '2026-12-07T09:00:00+05:30', '2026-12-07T14:00:00+05:30', '2026-12-07T14:45:00+05:30',
    ]);
  });

  it('treats touching ranges as one stretch of time', () => {
    const s = settings({ slotMinutes: 45, hours: { mon: [['12:00', '13:00'], ['11:00', '12:00']] } });
    expect(starts(computeSlots(s, [], day('2026-12-07', KOLKATA), SUNDAY_NOON_IST), KOLKATA)).toEqual([
      '2026-12-07T11:00:00+05:30', '2026-12-07T11:45:00+05:30',
    ]);
  });

  it('spaces consecutive slots by slot length plus buffer', () => {
    const s = settings({ bufferMinutes: 15, hours: { mon: [['09:00', '12:00']] } });
    expect(spans(computeSlots(s, [], day('2026-12-07', KOLKATA), SUNDAY_NOON_IST), KOLKATA)).toEqual([
      '2026-12-07T09:00:00+05:30/2026-12-07T09:30:00+05:30',
      '2026-12-07T09:45:00+05:30/2026-12-07T10:15:00+05:30',
      '2026-12-07T10:30:00+05:30/2026-12-07T11:00:00+05:30',
      '2026-12-07T11:15:00+05:30/2026-12-07T11:45:00+05:30',
    ]);
  });

  it('offers nothing that starts before now plus the minimum notice, keeping the grid', () => {
    const s = settings({ minNoticeMinutes: 60, hours: { mon: [['09:00', '11:00']] } });
    expect(starts(computeSlots(s, [], day('2026-12-07', KOLKATA), at('2026-12-07T08:50:00+05:30')), KOLKATA)).toEqual([
      '2026-12-07T10:00:00+05:30', '2026-12-07T10:30:00+05:30',
    ]);
    // a slot starting exactly at now + notice is still offered
    expect(starts(computeSlots(s, [], day('2026-12-07', KOLKATA), at('2026-12-07T09:00:00+05:30')), KOLKATA)).toEqual([
      '2026-12-07T10:00:00+05:30', '2026-12-07T10:30:00+05:30',
    ]);
  });

  it('ends the horizon with the last minute of the local day horizonDays ahead', () => {
    const every = { sun: [['09:00', '10:00']], mon: [['09:00', '10:00']], tue: [['09:00', '10:00']], wed: [['09:00', '10:00']] } as Partial<Record<Weekday, [string, string][]>>;
    const window = resolveWindow({ from: '2026-12-06', to: '2026-12-09' }, KOLKATA, SUNDAY_NOON_IST);
    const now = at('2026-12-06T10:00:00+05:30');
    expect(starts(computeSlots(settings({ slotMinutes: 60, horizonDays: 1, hours: every }), [], window, now), KOLKATA)).toEqual([
      '2026-12-07T09:00:00+05:30',
    ]);
    expect(starts(computeSlots(settings({ slotMinutes: 60, horizonDays: 2, hours: every }), [], window, now), KOLKATA)).toEqual([
      '2026-12-07T09:00:00+05:30', '2026-12-08T09:00:00+05:30',
    ]);
  });

  it('offers only slots starting inside the window', () => {
    const s = settings({ hours: { mon: [['09:00', '11:00']] } });
    const window = { from: at('2026-12-07T09:15:00+05:30'), to: at('2026-12-07T10:30:00+05:30') };
    expect(starts(computeSlots(s, [], window, SUNDAY_NOON_IST), KOLKATA)).toEqual(['2026-12-07T09:30:00+05:30', '2026-12-07T10:00:00+05:30']);
  });

  it('takes a day off from an override with no ranges, and only on that date', () => {
    const s = settings({ slotMinutes: 60, hours: { mon: [['09:00', '10:00']] }, overrides: [{ date: '2026-12-07', ranges: [] }] });
    const window = resolveWindow({ from: '2026-12-07', to: '2026-12-14' }, KOLKATA, SUNDAY_NOON_IST);
    expect(starts(computeSlots(s, [], window, SUNDAY_NOON_IST), KOLKATA)).toEqual(['2026-12-14T09:00:00+05:30']);
  });

  it('replaces a weekday\'s hours with an override, and adds hours on a day that has none', () => {
    const s = settings({
      slotMinutes: 60,
      hours: { tue: [['09:00', '10:00']] },
      overrides: [
        { date: '2026-12-08', ranges: [{ start: '15:00', end: '16:00' }] },
        { date: '2026-12-13', ranges: [{ start: '10:00', end: '11:00' }] },
      ],
    });
    const window = resolveWindow({ from: '2026-12-07', to: '2026-12-15' }, KOLKATA, SUNDAY_NOON_IST);
    expect(starts(computeSlots(s, [], window, SUNDAY_NOON_IST), KOLKATA)).toEqual([
      '2026-12-08T15:00:00+05:30', '2026-12-13T10:00:00+05:30', '2026-12-15T09:00:00+05:30',
    ]);
  });

  it('leaves out slots overlapping a busy interval; touching one is fine', () => {
    const s = settings({ hours: { mon: [['09:00', '12:00']] } });
    const busy = [{ start: at('2026-12-07T10:00:00+05:30'), end: at('2026-12-07T10:30:00+05:30') }];
    expect(starts(computeSlots(s, busy, day('2026-12-07', KOLKATA), SUNDAY_NOON_IST), KOLKATA)).toEqual([
      '2026-12-07T09:00:00+05:30', '2026-12-07T09:30:00+05:30', '2026-12-07T10:30:00+05:30', '2026-12-07T11:00:00+05:30', '2026-12-07T11:30:00+05:30',
    ]);
  });

  it('keeps buffer minutes clear on both sides of a busy interval', () => {
    const s = settings({ bufferMinutes: 10, hours: { mon: [['09:00', '12:00']] } });
    const busy = [{ start: at('2026-12-07T10:00:00+05:30'), end: at('2026-12-07T10:30:00+05:30') }];
    // grid 09:00, 09:40, 10:20, 11:00; blocked [09:50, 10:40)
    expect(starts(computeSlots(s, busy, day('2026-12-07', KOLKATA), SUNDAY_NOON_IST), KOLKATA)).toEqual([
      '2026-12-07T09:00:00+05:30', '2026-12-07T11:00:00+05:30',
    ]);
  });

  it('handles busy intervals given unsorted and overlapping', () => {
    const s = settings({ slotMinutes: 60, hours: { mon: [['09:00', '15:00']] } });
    const busy = [
      { start: at('2026-12-07T13:00:00+05:30'), end: at('2026-12-07T13:30:00+05:30') },
      { start: at('2026-12-07T09:00:00+05:30'), end: at('2026-12-07T11:30:00+05:30') },
      { start: at('2026-12-07T10:00:00+05:30'), end: at('2026-12-07T10:30:00+05:30') },
    ];
    expect(starts(computeSlots(s, busy, day('2026-12-07', KOLKATA), SUNDAY_NOON_IST), KOLKATA)).toEqual([
      '2026-12-07T12:00:00+05:30', '2026-12-07T14:00:00+05:30',
    ]);
  });

  it('renders the same instants with the viewer\'s offset', () => {
    const s = settings({ slotMinutes: 60, hours: { mon: [['09:00', '11:00']] } });
    const slots = computeSlots(s, [], day('2026-12-07', KOLKATA), SUNDAY_NOON_IST);
    expect(slots.map((x) => x.start.toISOString())).toEqual(['2026-12-07T03:30:00.000Z', '2026-12-07T04:30:00.000Z']);
    expect(starts(slots, 'America/New_York')).toEqual(['2026-12-06T22:30:00-05:00', '2026-12-06T23:30:00-05:00']);
    expect(starts(slots, 'Europe/London')).toEqual(['2026-12-07T03:30:00+00:00', '2026-12-07T04:30:00+00:00']);
    expect(starts(slots, 'Asia/Kathmandu')).toEqual(['2026-12-07T09:15:00+05:45', '2026-12-07T10:15:00+05:45']);
  });

  it('reads the viewer\'s dates in the viewer\'s zone', () => {
    const s = settings({ slotMinutes: 60, hours: { mon: [['09:00', '11:00']] } });
    // Monday 09:00 in Kolkata is still Sunday evening in New York
    const sunday = resolveWindow({ from: '2026-12-06', to: '2026-12-06' }, 'America/New_York', SUNDAY_NOON_IST);
    expect(starts(computeSlots(s, [], sunday, SUNDAY_NOON_IST), 'America/New_York')).toEqual(['2026-12-06T22:30:00-05:00', '2026-12-06T23:30:00-05:00']);
  });
});

describe('computeSlots across daylight-saving changes', () => {
  const NY = 'America/New_York';
  const LONDON = 'Europe/London';

  it('New York spring forward (2026-03-08): a range over the skipped hour has one hour less', () => {
    const s = settings({ timeZone: NY, slotMinutes: 60, hours: { sun: [['00:00', '05:00']] } });
    expect(spans(computeSlots(s, [], day('2026-03-08', NY), at('2026-03-01T00:00:00Z')), NY)).toEqual([
      '2026-03-08T00:00:00-05:00/2026-03-08T01:00:00-05:00',
      '2026-03-08T01:00:00-05:00/2026-03-08T03:00:00-04:00',
      '2026-03-08T03:00:00-04:00/2026-03-08T04:00:00-04:00',
      '2026-03-08T04:00:00-04:00/2026-03-08T05:00:00-04:00',
    ]);
  });

  it('New York spring forward: steps in real minutes from the range start, never at a skipped time', () => {
    const s = settings({ timeZone: NY, slotMinutes: 45, hours: { sun: [['00:00', '05:00']] } });
    expect(starts(computeSlots(s, [], day('2026-03-08', NY), at('2026-03-01T00:00:00Z')), NY)).toEqual([
      '2026-03-08T00:00:00-05:00', '2026-03-08T00:45:00-05:00', '2026-03-08T01:30:00-05:00',
      '2026-03-08T03:15:00-04:00', '2026-03-08T04:00:00-04:00',
    ]);
  });

  it('New York spring forward: a range starting in the gap starts when the clock jumps; one inside it is empty', () => {
    const s = settings({ timeZone: NY, hours: { sun: [['02:30', '04:00']] } });
    expect(starts(computeSlots(s, [], day('2026-03-08', NY), at('2026-03-01T00:00:00Z')), NY)).toEqual([
      '2026-03-08T03:00:00-04:00', '2026-03-08T03:30:00-04:00',
    ]);
    const inside = settings({ timeZone: NY, slotMinutes: 15, hours: { sun: [['02:00', '02:45']] } });
    expect(computeSlots(inside, [], day('2026-03-08', NY), at('2026-03-01T00:00:00Z'))).toEqual([]);
  });

  it('New York fall back (2026-11-01): the repeated hour gives two real slots, none twice', () => {
    const s = settings({ timeZone: NY, slotMinutes: 60, hours: { sun: [['00:00', '03:00']] } });
    const slots = computeSlots(s, [], day('2026-11-01', NY), at('2026-10-25T00:00:00Z'));
    expect(spans(slots, NY)).toEqual([
      '2026-11-01T00:00:00-04:00/2026-11-01T01:00:00-04:00',
      '2026-11-01T01:00:00-04:00/2026-11-01T01:00:00-05:00',
      '2026-11-01T01:00:00-05:00/2026-11-01T02:00:00-05:00',
      '2026-11-01T02:00:00-05:00/2026-11-01T03:00:00-05:00',
    ]);
    expect(new Set(slots.map((x) => x.start.getTime())).size).toBe(4);
  });

  it('New York fall back: a range inside the repeated hour runs from its first 01:00 to 02:00', () => {
    const s = settings({ timeZone: NY, hours: { sun: [['01:00', '02:00']] } });
    expect(starts(computeSlots(s, [], day('2026-11-01', NY), at('2026-10-25T00:00:00Z')), NY)).toEqual([
      '2026-11-01T01:00:00-04:00', '2026-11-01T01:30:00-04:00', '2026-11-01T01:00:00-05:00', '2026-11-01T01:30:00-05:00',
    ]);
  });

  it('London spring forward (2026-03-29): 01:00–02:00 does not exist', () => {
    const s = settings({ timeZone: LONDON, slotMinutes: 60, hours: { sun: [['00:00', '04:00']] } });
    expect(spans(computeSlots(s, [], day('2026-03-29', LONDON), at('2026-03-20T00:00:00Z')), LONDON)).toEqual([
      '2026-03-29T00:00:00+00:00/2026-03-29T02:00:00+01:00',
      '2026-03-29T02:00:00+01:00/2026-03-29T03:00:00+01:00',
      '2026-03-29T03:00:00+01:00/2026-03-29T04:00:00+01:00',
    ]);
  });

  it('London fall back (2026-10-25): 01:00–02:00 happens twice', () => {
    const s = settings({ timeZone: LONDON, slotMinutes: 60, hours: { sun: [['00:00', '03:00']] } });
    expect(starts(computeSlots(s, [], day('2026-10-25', LONDON), at('2026-10-20T00:00:00Z')), LONDON)).toEqual([
      '2026-10-25T00:00:00+01:00', '2026-10-25T01:00:00+01:00', '2026-10-25T01:00:00+00:00', '2026-10-25T02:00:00+00:00',
    ]);
  });

  it('keeps ordinary days around a change on their usual local hours', () => {
    const s = settings({ timeZone: LONDON, slotMinutes: 60, hours: { sat: [['09:00', '10:00']], mon: [['09:00', '10:00']] } });
    const window = resolveWindow({ from: '2026-03-28', to: '2026-03-30' }, LONDON, at('2026-03-20T00:00:00Z'));
    expect(starts(computeSlots(s, [], window, at('2026-03-20T00:00:00Z')), LONDON)).toEqual([
      '2026-03-28T09:00:00+00:00', '2026-03-30T09:00:00+01:00',
    ]);
  });
});

describe('findRangeProblems', () => {
  it('accepts separate and touching ranges, and 24:00 as an end', () => {
    expect(findRangeProblems([{ start: '09:00', end: '12:00' }, { start: '12:00', end: '13:00' }, { start: '22:00', end: '24:00' }])).toEqual([]);
  });

  it('names an inverted or empty range and the later of two overlapping ones', () => {
    expect(findRangeProblems([
      { start: '14:00', end: '16:00' }, { start: '12:00', end: '09:00' }, { start: '10:00', end: '10:00' }, { start: '15:30', end: '17:00' },
    ]).map((p) => p.index)).toEqual([1, 2, 3]);
  });
});

describe('resolveWindow', () => {
  const now = at('2026-12-06T12:00:00+05:30');

  it('defaults to seven days from the start of today in the zone', () => {
    expect(resolveWindow({}, KOLKATA, now)).toEqual({ from: at('2026-12-06T00:00:00+05:30'), to: at('2026-12-13T00:00:00+05:30') });
    expect(resolveWindow({}, 'America/New_York', now)).toEqual({ from: at('2026-12-06T00:00:00-05:00'), to: at('2026-12-13T00:00:00-05:00') });
  });

  it('takes a to date as inclusive and instants as given', () => {
    expect(resolveWindow({ from: '2026-12-07', to: '2026-12-07' }, KOLKATA, now)).toEqual({ from: at('2026-12-06T18:30:00Z'), to: at('2026-12-07T18:30:00Z') });
    expect(resolveWindow({ from: '2026-12-07T10:00:00+05:30', to: '2026-12-07T12:00:00Z' }, KOLKATA, now))
      .toEqual({ from: at('2026-12-07T04:30:00Z'), to: at('2026-12-07T12:00:00Z') });
  });

  it('allows 31 local days, even across a fall-back change, and no more', () => {
    const NY = 'America/New_York';
    expect(windowProblem(resolveWindow({ from: '2026-10-02', to: '2026-11-01' }, NY, now), NY)).toBeNull();
    expect(windowProblem(resolveWindow({ from: '2026-10-02', to: '2026-11-02' }, NY, now), NY)).toMatch(/31 days/);
    expect(windowProblem(resolveWindow({ from: '2026-12-07', to: '2026-12-06' }, KOLKATA, now), KOLKATA)).toMatch(/after from/);
  });
});
