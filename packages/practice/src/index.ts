export { createPracticeService, type PracticeService, type PracticeDeps } from './service.js';
export { practiceInsightRoutes } from './http.js';
export {
  BUCKETS, MAX_BUCKETS, acceptanceRate, addDays, averageRating, bucketStart, bucketStarts, dayRange, localDate, rate, type Bucket,
} from './rules.js';
export * as practiceSchemas from './schemas.js';
export type { Dashboard, ClientSummary, ClientPage, ClientDetail, ClientNote, Analytics, AnalyticsMetrics, AdminMetrics } from './schemas.js';
