export { createEarningsService, type EarningsService, type EarningsConfig, type EarningsDeps } from './service.js';
export { earningsRoutes } from './http.js';
export { checkPayouts, type PayoutViolation } from './check.js';
export {
  splitPayout, canRequestPayout, kolkataDate, summarizePeriods, dailySeries, weekStart, monthStart, addDays,
  DEFAULT_PAYOUT_MIN_PAISE, DEFAULT_TDS_BPS, EARNINGS_TIME_ZONE, SERIES_DAYS, MODES,
  type Mode, type PayoutSplit, type DailyEarnings, type Amounts, type PeriodTotals, type EarningsPeriods, type SeriesPoint,
} from './rules.js';
export { earningsEnv } from './schemas.js';
export * as earningsSchemas from './schemas.js';
export type { EarningsSummary, Payout, AdminPayout, PayoutStatus, Page } from './schemas.js';
