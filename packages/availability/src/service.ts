import { invalid, notFound } from '@ap/core';
import { asCaller, asService, type JwtClaims, type Pool } from '@ap/db';
import * as repo from './repo.js';
import { DAY, formatInZone } from './zone.js';
import {
  computeSlots, defaultSettings, horizonEnd, resolveWindow, windowProblem, type AvailabilitySettings, type Interval, type SlotWindow,
} from './rules.js';
import type { ReplaceAvailabilityInput, Slot, SlotList, SlotsQuery } from './schemas.js';

interface Caller {
  id: string;
  claims: JwtClaims;
}

export interface AvailabilityDeps {
  pool: Pool;
  /** The clock; tests freeze it. */
  now?: () => Date;
}

const toSlot = (s: Interval, settings: AvailabilitySettings, zone: string): Slot => ({
  start: formatInZone(s.start.getTime(), zone),
  end: formatInZone(s.end.getTime(), zone),
  pricePaise: settings.pricePaise,
  durationMinutes: settings.slotMinutes,
});

/**
 * An astrologer's bookable hours and the free slots they leave. Settings are read and written under the
 * astrologer's claims so RLS enforces ownership a second time; slots are public, for approved astrologers only.
 */
export function createAvailabilityService({ pool, now = () => new Date() }: AvailabilityDeps) {
  async function bookableSettings(astrologerId: string, claims: JwtClaims | null): Promise<AvailabilitySettings> {
    const settings = await asCaller(pool, claims, (tx) => repo.findBookableSettings(tx, astrologerId));
    // Pending, suspended and unknown astrologers look alike.
    if (!settings) throw notFound('astrologer_not_found', 'no such astrologer');
    return settings;
  }

  // A day either side covers every buffer and slot length that can reach into the window.
  const findBusy = (astrologerId: string, window: SlotWindow) =>
    asService(pool, (tx) =>
      repo.findBusyIntervals(tx, astrologerId, new Date(window.from.getTime() - DAY), new Date(window.to.getTime() + DAY)));

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
    async listSlots(astrologerId: string, query: SlotsQuery, claims: JwtClaims | null = null): Promise<SlotList> {
      const settings = await bookableSettings(astrologerId, claims);
      const zone = query.tz ?? settings.timeZone;
      const at = now();
      const window = resolveWindow(query, zone, at);
      const problem = windowProblem(window, zone);
      if (problem) {
        throw invalid('validation_failed', 'invalid query: to', { errors: [{ in: 'query', path: 'to', message: problem, code: 'invalid_window' }] });
      }
      const slots = computeSlots(settings, await findBusy(astrologerId, window), window, at);
      return { astrologerId, timeZone: zone, slots: slots.map((s) => toSlot(s, settings, zone)) };
    },

    /** The first n free slots from now, for the profile page. */
    async nextFreeSlots(astrologerId: string, n: number, tz?: string): Promise<Slot[]> {
      const settings = await bookableSettings(astrologerId, null);
      const zone = tz ?? settings.timeZone;
      const at = now();
      const last = horizonEnd(settings, at);
      const busy = await findBusy(astrologerId, { from: at, to: new Date(last) });
      const found: Interval[] = [];
      // A week at a time: most profiles fill n from the first week, so the rest of the horizon is never computed.
      for (let from = at.getTime(); found.length < n && from < last; from += 7 * DAY) {
        found.push(...computeSlots(settings, busy, { from: new Date(from), to: new Date(Math.min(from + 7 * DAY, last)) }, at));
      }
      return found.slice(0, n).map((s) => toSlot(s, settings, zone));
    },
  };
}

export type AvailabilityService = ReturnType<typeof createAvailabilityService>;
