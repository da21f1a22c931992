export { createFeedbackService, type FeedbackService, type FeedbackDeps } from './service.js';
export { feedbackRoutes } from './http.js';
export { DEFAULT_FEEDBACK_CONFIG, canEdit, editableUntil, planRefund, refundablePaise, type FeedbackConfig, type ConsultationMoney, type RefundPlan } from './rules.js';
export * as feedbackSchemas from './schemas.js';
export type { RatingSummary, PublicReview, MyReview, AstrologerReview, Dispute, AdminDispute } from './schemas.js';
