import { describe, expect, it } from 'vitest';
import { acceptanceRate, averageRating, bucketStart, bucketStarts, dayRange, localDate } from '../src/rules.js';

describe('practice rules', () => {
  it('truncates dates to ISO weeks (Monday) and months', () => {
    expect(bucketStart('2026-11-01', 'week')).toBe('2026-10-26'); // a Sunday
    expect(bucketStart('2026-11-02', 'week')).toBe('2026-11-02'); // a Monday
    expect(bucketStart('2026-11-30', 'month')).toBe('2026-11-01');
  });

  it('lists every bucket touching the range, the first one possibly starting before it', () => {
    expect(bucketStarts('2026-12-30', '2027-01-02', 'day')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(bucketStarts('2026-01-31', '2026-04-01', 'month')).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01']);
    expect(bucketStarts('2026-11-04', '2026-11-16', 'week')).toEqual(['2026-11-02', '2026-11-09', '2026-11-16']);
  });

  it('finds local days and their instants across a DST change', () => {
    expect(localDate(Date.parse('2026-11-26T03:00:00Z'), 'America/New_York')).toBe('2026-11-25');
    const { start, end } = dayRange('2026-03-08', '2026-03-08', 'America/New_York'); // spring forward: 23 hours
    expect(new Date(start).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect((end - start) / 3_600_000).toBe(23);
  });

  it('divides only when there is something to divide', () => {
    expect(acceptanceRate({ accepted: 0, declined: 0, expired: 0 })).toBeNull();
    expect(acceptanceRate({ accepted: 3, declined: 1, expired: 0 })).toBe(0.75);
    expect(averageRating(14, 3)).toBe(4.67);
    expect(averageRating(0, 0)).toBeNull();
  });
});
