import { idempotencyKeyFrom, route, z, type AnyRoute } from '@ap/http';
import {
  adminDisputePage, adminDisputeOutput, adminDisputesQuery, adminReportsQuery, astrologerReview, astrologerReviewPage, astrologerReviewsQuery,
  createDisputeInput, createReviewInput, disputeOutput, disputePage, editReviewInput, hideInput, idParams, moderatedReview, myDisputesQuery,
  myReview, myReviewList, myReviewsQuery, publicReviewPage, publicReviewsQuery, replyInput, reportInput, reportOutput, reportedReviewPage, resolveInput,
} from './schemas.js';
import type { FeedbackService } from './service.js';

/** Communication service: /api/communication/feedback/*. */
export function feedbackRoutes(feedback: FeedbackService): AnyRoute[] {
  const tags = ['feedback'];
  const base = '/feedback';
  return [
    // Reviews ------------------------------------------------------------------------------------------
    route({
      method: 'post', path: `${base}/reviews`, tags, access: 'user', status: 201, errors: [404, 409],
      summary: 'Rate a completed consultation of mine (1–5 stars, optional text), once',
      description: '403 not_your_consultation; 409 consultation_not_completed or already_reviewed (with reviewId). The astrologer is notified.',
      body: createReviewInput, response: myReview,
      handler: ({ caller, body }) => feedback.createReview(caller, body),
    }),
    route({
      method: 'patch', path: `${base}/reviews/:id`, tags, access: 'user', errors: [404, 409],
      summary: 'Change my review (within 7 days of writing it)',
      description: '403 not_your_review; 409 review_edit_window_closed or review_hidden.',
      params: idParams, body: editReviewInput, response: myReview,
      handler: ({ caller, params, body }) => feedback.editReview(caller, params.id, body),
    }),
    route({
      method: 'get', path: `${base}/reviews/mine`, tags, access: 'user',
      summary: 'My reviews of the given consultations', query: myReviewsQuery, response: myReviewList,
      handler: ({ caller, query }) => feedback.listMine(caller, query.consultationIds),
    }),
    route({
      method: 'post', path: `${base}/reviews/:id/reply`, tags, access: 'astrologer', status: 201, errors: [404, 409],
      summary: 'Reply to a review of my session, once', description: '409 already_replied. The customer is notified.',
      params: idParams, body: replyInput, response: astrologerReview,
      handler: ({ caller, params, body }) => feedback.reply(caller, params.id, body.reply),
    }),
    route({
      method: 'post', path: `${base}/reviews/:id/report`, tags, access: 'any', status: 201, errors: [404],
      summary: 'Report a review as abusive (once per person; a repeat returns the first report)',
      params: idParams, body: reportInput, response: reportOutput,
      rateLimit: { name: 'review_report_ip', points: 60, durationSeconds: 3600 },
      handler: ({ caller, params, body }) => feedback.report(caller, params.id, body),
    }),
    route({
      method: 'get', path: `${base}/reviews`, tags, access: 'public',
      summary: "An astrologer's reviews (newest first, hidden ones left out) with the rating average, count and distribution",
      query: publicReviewsQuery, response: publicReviewPage,
      handler: ({ caller, query }) => feedback.listPublic(caller?.claims ?? null, query.astrologerId, query),
    }),
    route({
      method: 'get', path: `${base}/astrologer/reviews`, tags, access: 'astrologer',
      summary: 'Reviews of my sessions, to reply to (hidden ones marked)', query: astrologerReviewsQuery, response: astrologerReviewPage,
      handler: ({ caller, query }) => feedback.listForAstrologer(caller, query),
    }),

    // Disputes -----------------------------------------------------------------------------------------
    route({
      method: 'post', path: `${base}/disputes`, tags, access: 'user', status: 201, errors: [404, 409],
      summary: 'Report a problem with one of my consultations / request a refund',
      description: '403 not_your_consultation; 409 dispute_exists (one per consultation, with disputeId).',
      body: createDisputeInput, response: disputeOutput,
      rateLimit: { name: 'dispute_ip', points: 30, durationSeconds: 3600 },
      handler: ({ caller, body }) => feedback.openDispute(caller, body),
    }),
    route({
      method: 'get', path: `${base}/disputes`, tags, access: 'user',
      summary: 'My reported problems and how they were resolved', query: myDisputesQuery, response: disputePage,
      handler: ({ caller, query }) => feedback.listMyDisputes(caller, query),
    }),

    // Admin --------------------------------------------------------------------------------------------
    route({
      method: 'get', path: `${base}/admin/disputes`, tags, access: 'admin',
      summary: 'Disputes: open ones oldest first, resolved ones newest first, with what was charged and is refundable',
      query: adminDisputesQuery, response: adminDisputePage,
      handler: ({ query }) => feedback.listForAdmin(query),
    }),
    route({
      method: 'post', path: `${base}/admin/disputes/:id/resolve`, tags, access: 'admin', errors: [404, 409, 422],
      summary: 'Reject a dispute with a note, or refund it (full or partial, up to what was charged) to the customer\'s wallet',
      description: 'Requires an `Idempotency-Key` header: a retry with the same key returns the first answer; the same key with another body is refused with 422. '
        + 'Resolved exactly once: any later resolution is a 409 dispute_already_resolved. 409 nothing_to_refund / refund_exceeds_charge (with refundablePaise). '
        + "The refund comes from platform revenue; the astrologer's part of it is taken back from their earnings when the balance allows.",
      params: idParams, body: resolveInput, response: adminDisputeOutput,
      rateLimit: { name: 'dispute_resolve_ip', points: 600, durationSeconds: 3600 },
      handler: ({ caller, params, body, req }) => feedback.resolve(caller, params.id, body, idempotencyKeyFrom(req.headers['idempotency-key'])),
    }),
    route({
      method: 'get', path: `${base}/admin/reports`, tags, access: 'admin',
      summary: 'Reviews with open abuse reports, most recently reported first', query: adminReportsQuery, response: reportedReviewPage,
      handler: ({ query }) => feedback.listReported(query),
    }),
    route({
      method: 'post', path: `${base}/admin/reviews/:id/hide`, tags, access: 'admin', errors: [404, 409],
      summary: 'Hide a review from public lists (its rating still counts unless removeRating) and close its reports',
      params: idParams, body: hideInput, response: moderatedReview,
      handler: ({ caller, params, body }) => feedback.hide(caller, params.id, body),
    }),
    route({
      method: 'post', path: `${base}/admin/reviews/:id/dismiss-reports`, tags, access: 'admin', errors: [404],
      summary: "Close a review's open reports without hiding it", params: idParams, body: z.strictObject({}).optional(), response: moderatedReview,
      handler: ({ caller, params }) => feedback.dismissReports(caller, params.id),
    }),
  ];
}
