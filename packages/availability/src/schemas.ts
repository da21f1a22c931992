import { timeZoneSchema } from '@ap/core';
import { z } from '@ap/http';
import { SLOT_MINUTES, findRangeProblems } from './rules.js';

const timeZone = timeZoneSchema();
const startTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (24-hour)');
const endTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a time as HH:MM (24-hour), or 24:00');

const timeRange = z
  .strictObject({ start: startTime.openapi({ example: '09:00' }), end: endTime.openapi({ example: '13:00' }) })
  .openapi('TimeRange', { description: 'Local wall-clock hours in the astrologer\'s time zone' });

const dayRanges = z
  .array(timeRange)
  .max(12)
  .superRefine((ranges, ctx) => {
    for (const p of findRangeProblems(ranges)) ctx.addIssue({ code: 'custom', path: [p.index], message: p.message });
  });

const weeklyInput = z.strictObject({
  mon: dayRanges.default([]), tue: dayRanges.default([]), wed: dayRanges.default([]), thu: dayRanges.default([]),
  fri: dayRanges.default([]), sat: dayRanges.default([]), sun: dayRanges.default([]),
});

const overridesInput = z
  .array(z.strictObject({ date: z.iso.date().openapi({ example: '2026-12-25' }), ranges: dayRanges }))
  .max(366)
  .superRefine((overrides, ctx) => {
    const seen = new Set<string>();
    overrides.forEach((o, i) => {
      if (seen.has(o.date)) ctx.addIssue({ code: 'custom', path: [i, 'date'], message: `${o.date} already has an override` });
      seen.add(o.date);
    });
  });

const scalars = {
  timeZone: timeZone.openapi({ example: 'Asia/Kolkata' }),
  slotMinutes: z.literal(SLOT_MINUTES),
  pricePaise: z.number().int().min(0).max(10_000_000).openapi({ description: 'Price of one slot, in paise' }),
  bufferMinutes: z.number().int().min(0).max(120).openapi({ description: 'Kept free between slots and around bookings' }),
  minNoticeMinutes: z.number().int().min(0).max(10_080).openapi({ description: 'How soon a slot may start, from now' }),
  horizonDays: z.number().int().min(1).max(90).openapi({ description: 'Bookable up to the end of the day this many days ahead' }),
};

export const replaceAvailabilityInput = z
  .strictObject({
    ...scalars,
    weekly: weeklyInput.openapi({ description: 'Recurring hours per weekday; a missing day has none' }),
    overrides: overridesInput.default([]).openapi({ description: 'Dates whose hours replace the weekday\'s; empty ranges = day off' }),
  })
  .openapi('ReplaceAvailability');

const rangesOutput = z.array(z.object({ start: z.string(), end: z.string() }));

export const availabilityOutput = z
  .object({
    ...scalars,
    weekly: z.object({
      mon: rangesOutput, tue: rangesOutput, wed: rangesOutput, thu: rangesOutput, fri: rangesOutput, sat: rangesOutput, sun: rangesOutput,
    }),
    overrides: z.array(z.object({ date: z.string(), ranges: rangesOutput })),
  })
  .openapi('Availability');

const date = z.iso.date();
const instant = z.iso.datetime({ offset: true });
const dateOrInstant = z
  .string()
  .refine((s) => date.safeParse(s).success || instant.safeParse(s).success, 'a date (YYYY-MM-DD) or an ISO 8601 instant such as 2026-03-08T10:00:00+05:30');

export const slotsQuery = z.strictObject({
  from: dateOrInstant.optional().openapi({ description: 'A date (in tz) or an instant; default today' }),
  to: dateOrInstant.optional().openapi({ description: 'A date (in tz, inclusive) or an instant (exclusive); default from + 7 days, at most 31 days' }),
  tz: timeZone.optional().openapi({ description: 'The viewer\'s IANA time zone; default the astrologer\'s' }),
});

export const slotOutput = z
  .object({
    start: z.string().openapi({ example: '2026-03-08T10:00:00-04:00' }),
    end: z.string().openapi({ example: '2026-03-08T10:30:00-04:00' }),
    pricePaise: z.number().int(),
    durationMinutes: z.number().int(),
  })
  .openapi('Slot');

export const slotsOutput = z
  .object({ astrologerId: z.uuid(), timeZone: z.string(), slots: z.array(slotOutput) })
  .openapi('Slots');

export const idParams = z.strictObject({ id: z.uuid() });

export type ReplaceAvailabilityInput = z.output<typeof replaceAvailabilityInput>;
export type SlotsQuery = z.output<typeof slotsQuery>;
export type Slot = z.infer<typeof slotOutput>;
export type SlotList = z.infer<typeof slotsOutput>;
