import { describe, expect, it } from 'vitest';
import { dailySeries, kolkataDate, splitPayout, summarizePeriods, weekStart, type DailyEarnings } from '../src/index.js';

describe('splitPayout', () => {
  it('withholds TDS rounded half up and pays the exact remainder', () => {
    expect(splitPayout(50_000, 1000)).toEqual({ grossPaise: 50_000, tdsPaise: 5_000, netPaise: 45_000 });
    expect(splitPayout(50_005, 1000)).toEqual({ grossPaise: 50_005, tdsPaise: 5_001, netPaise: 45_004 }); // 5000.5 → 5001
    expect(splitPayout(50_004, 1000)).toEqual({ grossPaise: 50_004, tdsPaise: 5_000, netPaise: 45_004 }); // 5000.4 → 5000
    expect(splitPayout(99_999, 0)).toEqual({ grossPaise: 99_999, tdsPaise: 0, netPaise: 99_999 });
    expect(splitPayout(Number.MAX_SAFE_INTEGER, 1000).tdsPaise).toBe(900_719_925_474_099); // no float rounding
  });

  it('refuses non-positive or fractional amounts and out-of-range rates', () => {
    for (const gross of [0, -1, 10.5, Number.NaN]) expect(() => splitPayout(gross, 1000)).toThrow(/grossPaise/);
    expect(() => splitPayout(100, 10_001)).toThrow(/tdsBps/);
  });
});

describe('Asia/Kolkata calendar', () => {
  it('dates an instant in India, not in UTC', () => {
    expect(kolkataDate(new Date('2026-03-17T18:29:59Z'))).toBe('2026-03-17');
    expect(kolkataDate(new Date('2026-03-17T18:30:00Z'))).toBe('2026-03-18');
  });

  it('starts weeks on Monday', () => {
    expect(weekStart('2026-03-18')).toBe('2026-03-16'); // Wednesday
    expect(weekStart('2026-03-16')).toBe('2026-03-16');
    expect(weekStart('2026-03-22')).toBe('2026-03-16'); // Sunday
    expect(weekStart('2026-03-02')).toBe('2026-03-02');
    expect(weekStart('2026-03-01')).toBe('2026-02-23'); // a week across a month boundary
  });
});

describe('summarizePeriods and dailySeries', () => {
  const rows: DailyEarnings[] = [
    { date: '2026-02-28', mode: 'video', grossPaise: 1_000, commissionPaise: 200 },
    { date: '2026-03-15', mode: 'chat', grossPaise: 3_000, commissionPaise: 600 },
    { date: '2026-03-16', mode: null, grossPaise: 500, commissionPaise: 0 },
    { date: '2026-03-18', mode: 'call', grossPaise: 7_000, commissionPaise: 1_400 },
  ];

  it('counts a row in every period containing its date, and a row without a mode in the totals only', () => {
    const p = summarizePeriods(rows, '2026-03-18');
    expect(p.today).toMatchObject({ grossPaise: 7_000, commissionPaise: 1_400, netPaise: 5_600 });
    expect(p.thisWeek).toMatchObject({ grossPaise: 7_500, commissionPaise: 1_400, netPaise: 6_100 });
    expect(p.thisMonth).toMatchObject({ grossPaise: 10_500, netPaise: 8_500 });
    expect(p.allTime).toMatchObject({ grossPaise: 11_500, netPaise: 9_300 });
    expect(p.allTime.byMode).toEqual({
      chat: { grossPaise: 3_000, commissionPaise: 600, netPaise: 2_400 },
      call: { grossPaise: 7_000, commissionPaise: 1_400, netPaise: 5_600 },
      video: { grossPaise: 1_000, commissionPaise: 200, netPaise: 800 },
    });
  });

  it('zero-fills the 30 dates ending today, oldest first', () => {
    const s = dailySeries(rows, '2026-03-18');
    expect(s).toHaveLength(30);
    expect(s[0]).toEqual({ date: '2026-02-17', grossPaise: 0, commissionPaise: 0, netPaise: 0 });
    expect(s.at(-1)).toEqual({ date: '2026-03-18', grossPaise: 7_000, commissionPaise: 1_400, netPaise: 5_600 });
    expect(s.find((p) => p.date === '2026-02-28')?.netPaise).toBe(800);
  });
});
