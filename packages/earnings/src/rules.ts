import { invalid } from '@ap/core';

/**
 * Earnings and payout rules, pure: no I/O, clock or env. Amounts are integer paise, rates basis points
 * (1000 bps = 10 %). Calendar periods are Asia/Kolkata dates (UTC+05:30 all year, no DST).
 */

export const EARNINGS_TIME_ZONE = 'Asia/Kolkata';
export const DEFAULT_PAYOUT_MIN_PAISE = 50_000;
export const DEFAULT_TDS_BPS = 1000;
export const SERIES_DAYS = 30;
export const MODES = ['chat', 'call', 'video'] as const;
export type Mode = (typeof MODES)[number];

export interface PayoutSplit {
  grossPaise: number;
  tdsPaise: number;
  netPaise: number;
}

/**
 * TDS withheld from a payout: gross × bps / 10 000 rounded half up to the paisa (computed in BigInt, so nothing
 * is rounded on the way); the astrologer's bank gets the exact remainder, so net + TDS = gross always.
 * 10 % of ₹500.05 (50 005 p) is 5 000.5 p → 5 001 p TDS, 45 004 p net.
 */
export function splitPayout(grossPaise: number, tdsBps: number): PayoutSplit {
  if (!Number.isSafeInteger(grossPaise) || grossPaise <= 0) throw invalid('invalid_amount', 'grossPaise must be a positive whole number of paise');
  if (!Number.isInteger(tdsBps) || tdsBps < 0 || tdsBps > 10_000) throw invalid('invalid_rate', 'tdsBps must be 0–10000 basis points');
  const tdsPaise = Number((BigInt(grossPaise) * BigInt(tdsBps) + 5_000n) / 10_000n);
  return { grossPaise, tdsPaise, netPaise: grossPaise - tdsPaise };
}

/** A payout may be requested for at least the minimum and at most what is available (not already reserved). */
export const canRequestPayout = (amountPaise: number, availablePaise: number, minPaise: number) =>
  amountPaise >= minPaise && amountPaise <= availablePaise;

/** The Asia/Kolkata calendar date (YYYY-MM-DD) of an instant. */
export function kolkataDate(at: Date): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: EARNINGS_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Calendar arithmetic on YYYY-MM-DD strings (done in UTC, where every day has 24 hours). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Monday of the ISO week the date falls in. */
export function weekStart(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

export const monthStart = (date: string) => `${date.slice(0, 8)}01`;

/** What the ledger says an astrologer earned on one local date in one mode (null: not tied to a consultation). */
export interface DailyEarnings {
  date: string;
  mode: Mode | null;
  grossPaise: number;
  commissionPaise: number;
}

export interface Amounts {
  grossPaise: number;
  commissionPaise: number;
  netPaise: number;
}

export interface PeriodTotals extends Amounts {
  byMode: Record<Mode, Amounts>;
}

export interface EarningsPeriods {
  today: PeriodTotals;
  thisWeek: PeriodTotals;
  thisMonth: PeriodTotals;
  allTime: PeriodTotals;
}

export interface SeriesPoint extends Amounts {
  date: string;
}

const zero = (): Amounts => ({ grossPaise: 0, commissionPaise: 0, netPaise: 0 });
const emptyTotals = (): PeriodTotals => ({ ...zero(), byMode: { chat: zero(), call: zero(), video: zero() } });

function add(into: Amounts, row: DailyEarnings) {
  into.grossPaise += row.grossPaise;
  into.commissionPaise += row.commissionPaise;
  into.netPaise = into.grossPaise - into.commissionPaise;
}

/**
 * Folds daily rows into the calendar periods containing `today` (all Asia/Kolkata dates): today, this ISO week
 * (from Monday), this month (from the 1st) and all time. A period's total counts every row, also one not tied
 * to a consultation mode, so byMode sums to the total only when every capture names a consultation.
 */
export function summarizePeriods(rows: DailyEarnings[], today: string): EarningsPeriods {
  const periods: EarningsPeriods = { today: emptyTotals(), thisWeek: emptyTotals(), thisMonth: emptyTotals(), allTime: emptyTotals() };
  const starts: [keyof EarningsPeriods, string][] = [['today', today], ['thisWeek', weekStart(today)], ['thisMonth', monthStart(today)]];
  for (const row of rows) {
    if (row.date > today) continue;
    const inside = [...starts.filter(([, start]) => row.date >= start).map(([name]) => name), 'allTime' as const];
    for (const name of inside) {
      add(periods[name], row);
      if (row.mode) add(periods[name].byMode[row.mode], row);
    }
  }
  return periods;
}

/** One point per local date for the `days` dates ending today, oldest first, zero-filled. */
export function dailySeries(rows: DailyEarnings[], today: string, days = SERIES_DAYS): SeriesPoint[] {
  const points = Array.from({ length: days }, (_, i): SeriesPoint => ({ date: addDays(today, i - days + 1), ...zero() }));
  const byDate = new Map(points.map((p) => [p.date, p]));
  for (const row of rows) {
    const point = byDate.get(row.date);
    if (point) add(point, row);
  }
  return points;
}
