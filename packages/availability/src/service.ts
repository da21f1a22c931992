import { invalid, notFound } from '@ap/core';
import { asCaller, asService, type JwtClaims, type Pool } from '@ap/db';
import * as repo from './repo.js';
import { DAY, formatWithOffset, offsetsBetween } from '@ap/core';
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
export function createAvailabilityService({ pool, now = () => new Date() }: AvailabilityDeps) {
  /** Settings and busy time in one transaction under the caller's claims (RLS on the settings). */
  async function bookable(astrologerId: string, claims: JwtClaims | null, window: (settings: AvailabilitySettings) => SlotWindow) {
    return asCaller(pool, claims, async (tx) => {
      const settings = await repo.findBookableSettings(tx, astrologerId);
      // Pending, suspended and unknown astrologers look alike.
      if (!settings) throw notFound('astrologer_not_found', 'no such astrologer');
      const w = window(settings);
      // A day either side covers every buffer and slot length that can reach into the window.
      const busy = await repo.findBusyIntervals(tx, astrologerId, new Date(w.from.getTime() - DAY), new Date(w.to.getTime() + DAY));
      return { settings, window: w, busy };
    });
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
    async listSlots(astrologerId: string, query: SlotsQuery, claims: JwtClaims | null = null): Promise<SlotList> {
      const at = now();
      let zone = '';
      const { settings, window, busy } = await bookable(astrologerId, claims, (settings) => {
        zone = query.tz ?? settings.timeZone;
        const w = resolveWindow(query, zone, at);
        const problem = windowProblem(w, zone);
        if (problem) {
          throw invalid('validation_failed', 'invalid query: to', { errors: [{ in: 'query', path: 'to', message: problem, code: 'invalid_window' }] });
        }
        return w;
      });
      return { astrologerId, timeZone: zone, slots: toSlots(computeSlots(settings, busy, window, at), settings, zone) };
    },

    /** The first n free slots from now, for the profile page. */
    async nextFreeSlots(astrologerId: string, n: number, tz?: string): Promise<Slot[]> {
      const at = now();
      const { settings, busy, window } = await bookable(astrologerId, null, (settings) => ({ from: at, to: new Date(horizonEnd(settings, at)) }));
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
