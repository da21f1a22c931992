import { invalid, notFound } from '@ap/core';
import { asCaller, asService, type JwtClaims, type Pool } from '@ap/db';
import * as repo from './repo.js';
import { DAY, MINUTE, formatWithOffset, offsetsBetween } from '@ap/core';
import {
  computeSlots, defaultSettings, horizonEnd, resolveWindow, windowProblem, type AvailabilitySettings, type Interval, type SlotWindow,
} from './rules.js';
import type { ReplaceAvailabilityInput, Slot, SlotList, SlotsQuery } from './schemas.js';

interface Caller {
  id: string;
  claims: JwtClaims;
}

/** A read-through cache keyed by database cache versions (the catalogue's ReadCache fits). */
export interface SlotInputsCache {
  read<T>(name: 'slots', versionKeys: string[], key: string, load: () => Promise<T>): Promise<T>;
  /** read() with the astrologer's version already read (by the profile page, with other live data). */
  readAt<T>(name: 'slots', versions: string, key: string, load: () => Promise<T>): Promise<T>;
  versions(keys: string[]): Promise<string>;
}

/** A slot list as rendered for one window and zone at some instant, with each slot's start to trim it later. */
interface RenderedSlots {
  horizon: number;
  starts: number[];
  slots: Slot[];
}

/** What slots are computed from, as cached: settings and busy time as epoch milliseconds over [from, to). */
interface SlotInputs {
  settings: AvailabilitySettings | null;
  from: number;
  to: number;
  busy: [number, number][];
}

export interface AvailabilityDeps {
  pool: Pool;
  /** Caches an astrologer's settings and booked time (invalidated by the database on any change to either). */
  cache?: SlotInputsCache;
  /** The clock; tests freeze it. */
  now?: () => Date;
}

/** Slots as the viewer sees them: ISO 8601 with the viewer's offset at each instant. */
function toSlots(slots: Interval[], settings: AvailabilitySettings, zone: string): Slot[] {
  if (slots.length === 0) return [];
  const offset = offsetsBetween(zone, slots[0]!.start.getTime(), slots.at(-1)!.end.getTime());
  const format = (t: number) => formatWithOffset(t, offset(t));
  return slots.map((s) => ({
    start: format(s.start.getTime()), end: format(s.end.getTime()), pricePaise: settings.pricePaise, durationMinutes: settings.slotMinutes,
  }));
}

/**
 * An astrologer's bookable hours and the free slots they leave. Settings are read and written under the
 * astrologer's claims so RLS enforces ownership a second time; slots are public, for approved astrologers only.
 */
export function createAvailabilityService({ pool, cache, now = () => new Date() }: AvailabilityDeps) {
  /** Public inputs, read as anon: settings of an approved astrologer and their booked time over [from, to). */
  const loadInputs = (astrologerId: string, span: (settings: AvailabilitySettings) => { from: number; to: number }) =>
    asCaller(pool, null, async (tx): Promise<SlotInputs> => {
      const settings = await repo.findBookableSettings(tx, astrologerId);
      if (!settings) return { settings: null, from: 0, to: 0, busy: [] };
      const { from, to } = span(settings);
      const busy = await repo.findBusyIntervals(tx, astrologerId, new Date(from), new Date(to));
      return { settings, from, to, busy: busy.map((b) => [b.start.getTime(), b.end.getTime()]) };
    });

  /**
   * Settings and busy time for a window. A day either side of it covers every buffer and slot length that can reach
   * into it. The cached inputs span everything bookable from now (a day before now to two days after the horizon,
   * which covers a day rolling over while the entry lives); a window they do not cover is read directly.
   */
  async function bookable(astrologerId: string, window: (settings: AvailabilitySettings) => SlotWindow, versions?: string) {
    const at = now().getTime();
    const wide = () => loadInputs(astrologerId, (settings) => ({ from: at - DAY, to: horizonEnd(settings, new Date(at)) + 2 * DAY }));
    let inputs = !cache ? null
      : versions === undefined ? await cache.read('slots', [astrologerId], astrologerId, wide) : await cache.readAt('slots', versions, astrologerId, wide);
    // Pending, suspended and unknown astrologers look alike.
    const settings = inputs ? inputs.settings : await asCaller(pool, null, (tx) => repo.findBookableSettings(tx, astrologerId));
    if (!settings) throw notFound('astrologer_not_found', 'no such astrologer');
    const w = window(settings);
    const need = { from: Math.max(w.from.getTime(), at) - DAY, to: Math.min(w.to.getTime(), horizonEnd(settings, new Date(at))) + DAY };
    if (!inputs || need.from < inputs.from || (need.to > inputs.to && need.from < need.to)) {
      inputs = await loadInputs(astrologerId, () => ({ from: w.from.getTime() - DAY, to: w.to.getTime() + DAY }));
      if (!inputs.settings) throw notFound('astrologer_not_found', 'no such astrologer');
    }
    const busy: Interval[] = inputs.busy.map(([start, end]) => ({ start: new Date(start), end: new Date(end) }));
    return { settings, window: w, busy };
  }

  return {
    async getSettings(caller: Caller): Promise<AvailabilitySettings> {
      return (await asCaller(pool, caller.claims, (tx) => repo.findAvailability(tx, caller.id))) ?? defaultSettings();
    },

    async replaceSettings(caller: Caller, input: ReplaceAvailabilityInput): Promise<AvailabilitySettings> {
      return asCaller(pool, caller.claims, async (tx) => {
        await repo.upsertAvailability(tx, caller.id, input);
        return (await repo.findAvailability(tx, caller.id))!;
      });
    },

    /** Free slots of an approved astrologer in a window, rendered in the viewer's zone (default the astrologer's). */
    async listSlots(astrologerId: string, query: SlotsQuery): Promise<SlotList> {
      const at = now();
      const versions = cache ? await cache.versions([astrologerId]) : undefined;
      let zone = '';
      const { settings, window, busy } = await bookable(astrologerId, (settings) => {
        zone = query.tz ?? settings.timeZone;
        const w = resolveWindow(query, zone, at);
        const problem = windowProblem(w, zone);
        if (problem) {
          throw invalid('validation_failed', 'invalid query: to', { errors: [{ in: 'query', path: 'to', message: problem, code: 'invalid_window' }] });
        }
        return w;
      }, versions);
      const horizon = horizonEnd(settings, at);
      const render = (): RenderedSlots => {
        const slots = computeSlots(settings, busy, window, at);
        return { horizon, starts: slots.map((s) => s.start.getTime()), slots: toSlots(slots, settings, zone) };
      };
      const key = `${astrologerId}:${window.from.getTime()}:${window.to.getTime()}:${zone}`;
      let rendered = cache && versions !== undefined ? await cache.readAt('slots', versions, key, async () => render()) : render();
      // Time only ever removes slots from the front (they come within the minimum notice), so a list rendered
      // earlier from the same settings and bookings is exact once trimmed, until the horizon moves at midnight.
      if (rendered.horizon !== horizon) rendered = render();
      const lower = at.getTime() + settings.minNoticeMinutes * MINUTE;
      let first = 0;
      while (first < rendered.starts.length && rendered.starts[first]! < lower) first++;
      return { astrologerId, timeZone: zone, slots: first === 0 ? rendered.slots : rendered.slots.slice(first) };
    },

    /** The first n free slots from now, for the profile page. */
    async nextFreeSlots(astrologerId: string, n: number, tz?: string, versions?: string): Promise<Slot[]> {
      const at = now();
      const { settings, busy, window } = await bookable(astrologerId, (settings) => ({ from: at, to: new Date(horizonEnd(settings, at)) }), versions);
      const last = window.to.getTime();
      const found: Interval[] = [];
      // A week at a time: most profiles fill n from the first week, so the rest of the horizon is never computed.
      for (let from = at.getTime(); found.length < n && from < last; from += 7 * DAY) {
        found.push(...computeSlots(settings, busy, { from: new Date(from), to: new Date(Math.min(from + 7 * DAY, last)) }, at));
      }
      return toSlots(found.slice(0, n), settings, tz ?? settings.timeZone);
    },
  };
}

export type AvailabilityService = ReturnType<typeof createAvailabilityService>;
