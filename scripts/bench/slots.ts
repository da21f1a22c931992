// How long the slot computation takes (issue 3: 30 days of slots for one astrologer in < 20 ms), in-process on the
// bench's database, without HTTP: the pure computation on its own, and the whole use case as the API runs it on a
// cache miss (settings and bookings read from PostgreSQL, slots computed and rendered in the viewer's zone).
import { availabilityRepo, computeSlots, createAvailabilityService, resolveWindow } from '@ap/availability';
import type { Pool } from '@ap/db';
import { percentileOfSorted } from '../lib/stats.js';

export interface SlotTiming { slots: number; compute: { p50: number; p99: number; max: number }; useCase: { p50: number; p99: number; max: number }; runs: number }

const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 100) / 100;
  return { p50: r(percentileOfSorted(s, 50)), p99: r(percentileOfSorted(s, 99)), max: r(s.at(-1)!) };
};

export async function benchSlotComputation(pool: Pool, astrologerId: string, from: string, to: string, runs = 300): Promise<SlotTiming> {
  const settings = (await availabilityRepo.findBookableSettings(pool, astrologerId))!;
  const now = new Date();
  const window = resolveWindow({ from, to }, settings.timeZone, now);
  const busy = await availabilityRepo.findBusyIntervals(pool, astrologerId, window.from, window.to);
  const time = async (fn: () => unknown) => {
    for (let i = 0; i < 20; i++) await fn(); // warm-up (JIT)
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await fn();
      ms.push(performance.now() - t0);
    }
    return stats(ms);
  };
  const slots = computeSlots(settings, busy, window, now).length;
  const compute = await time(() => computeSlots(settings, busy, window, now));
  // No cache: every call reads PostgreSQL and computes, as a miss does.
  const service = createAvailabilityService({ pool });
  const useCase = await time(() => service.listSlots(astrologerId, { from, to, tz: 'America/New_York' }));
  return { slots, compute, useCase, runs };
}
