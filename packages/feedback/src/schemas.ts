import { z } from '@ap/http';

export const REPORT_REASONS = ['abusive', 'spam', 'personal_info', 'off_topic', 'other'] as const;
export const DISPUTE_REASONS = ['not_delivered', 'poor_quality', 'technical_issue', 'overcharged', 'astrologer_no_show', 'other'] as const;
export const DISPUTE_STATUSES = ['open', 'rejected', 'refunded'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const paging = {
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(200).optional(),
};

export const idParams = z.strictObject({ id: z.uuid() });

// ---------------------------------------------------------------------------------------------------------
// Reviews

export const createReviewInput = z
  .strictObject({
    consultationId: z.uuid(),
    rating: z.int().min(1).max(5),
    comment: text(2000).optional().openapi({ description: 'Optional text, up to 2,000 characters' }),
  })
  .openapi('CreateReview');

export const editReviewInput = z
  .strictObject({
    rating: z.int().min(1).max(5).optional(),
    comment: text(2000).nullable().optional().openapi({ description: 'null removes the text' }),
  })
  .refine((v) => v.rating !== undefined || v.comment !== undefined, { message: 'change the rating, the comment or both' })
  .openapi('EditReview');

export const replyInput = z.strictObject({ reply: text(2000) }).openapi('ReviewReply');

export const reportInput = z
  .strictObject({ reason: z.enum(REPORT_REASONS), note: text(1000).optional() })
  .openapi('ReviewReport');

export const hideInput = z
  .strictObject({
    reason: text(500),
    removeRating: z.boolean().default(false).openapi({
      description: 'Also stop counting its stars in the aggregates (a fake or retaliatory rating). Without it, the text is hidden and the rating still counts.',
    }),
  })
  .openapi('HideReview');

export const publicReviewsQuery = z.strictObject({ astrologerId: z.uuid(), ...paging });
export const astrologerReviewsQuery = z.strictObject({ filter: z.enum(['all', 'unreplied']).default('all'), ...paging });
export const myReviewsQuery = z.strictObject({
  consultationIds: z.string().max(50 * 37).transform((s) => s.split(',')).pipe(z.array(z.uuid()).min(1).max(50))
    .openapi({ description: 'Up to 50 consultation ids, comma-separated', type: 'string' }),
});

export const ratingSummary = z
  .object({
    ratingAvg: z.number(),
    ratingCount: z.int(),
    distribution: z.object({ 1: z.int(), 2: z.int(), 3: z.int(), 4: z.int(), 5: z.int() })
      .openapi({ description: 'How many ratings of each star count (1 to 5)' }),
  })
  .openapi('RatingSummary');

const reply = z.object({ text: z.string(), repliedAt: z.iso.datetime() }).nullable();

/** A review as the public sees it: never who wrote it. */
export const publicReview = z
  .object({
    id: z.uuid(),
    rating: z.int(),
    comment: z.string().nullable(),
    createdAt: z.iso.datetime(),
    editedAt: z.iso.datetime().nullable(),
    reply,
  })
  .openapi('Review');

export const publicReviewPage = z
  .object({ summary: ratingSummary, items: z.array(publicReview), nextCursor: z.string().nullable() })
  .openapi('Reviews');

/** The author's view: their own review, its edit deadline and moderation state. */
export const myReview = publicReview
  .extend({
    consultationId: z.uuid(),
    astrologerId: z.uuid(),
    editableUntil: z.iso.datetime(),
    hidden: z.boolean(),
  })
  .openapi('MyReview');
export const myReviewList = z.object({ items: z.array(myReview) }).openapi('MyReviews');

/** The astrologer's view of a review about them: the customer's first name only, never contact details. */
export const astrologerReview = publicReview
  .extend({ consultationId: z.uuid(), customerName: z.string(), hidden: z.boolean() })
  .openapi('AstrologerReview');
export const astrologerReviewPage = z
  .object({ summary: ratingSummary, items: z.array(astrologerReview), nextCursor: z.string().nullable() })
  .openapi('AstrologerReviews');

export const reportOutput = z
  .object({ id: z.uuid(), reviewId: z.uuid(), reason: z.enum(REPORT_REASONS), status: z.enum(['open', 'hidden', 'dismissed']), createdAt: z.iso.datetime() })
  .openapi('ReviewReportReceipt');

export const reportedReview = z
  .object({
    review: publicReview.extend({ astrologerId: z.uuid(), astrologerName: z.string(), hidden: z.boolean(), ratingRemoved: z.boolean() }),
    openReports: z.int(),
    reasons: z.array(z.enum(REPORT_REASONS)),
    notes: z.array(z.string()),
    lastReportedAt: z.iso.datetime(),
  })
  .openapi('ReportedReview');
export const reportedReviewPage = z.object({ items: z.array(reportedReview), nextCursor: z.string().nullable() }).openapi('ReportedReviews');
export const adminReportsQuery = z.strictObject({ ...paging });

export const moderatedReview = z
  .object({ id: z.uuid(), hidden: z.boolean(), ratingRemoved: z.boolean(), reportsClosed: z.int(), summary: ratingSummary })
  .openapi('ModeratedReview');

// ---------------------------------------------------------------------------------------------------------
// Disputes

export const createDisputeInput = z
  .strictObject({
    consultationId: z.uuid(),
    reason: z.enum(DISPUTE_REASONS),
    description: text(2000).openapi({ description: 'What went wrong, in the customer\'s words' }),
  })
  .openapi('CreateDispute');

export const resolveInput = z
  .discriminatedUnion('action', [
    z.strictObject({ action: z.literal('reject'), note: text(1000) }),
    z.strictObject({
      action: z.literal('refund'),
      amountPaise: z.int().positive().max(100_000_000).optional().openapi({ description: 'Omit for a full refund of what is still refundable' }),
      note: text(1000).optional(),
    }),
  ])
  .openapi('ResolveDispute');

export const myDisputesQuery = z.strictObject({ ...paging });
export const adminDisputesQuery = z.strictObject({ status: z.enum(['open', 'resolved', 'all']).default('open'), ...paging });

export const disputeOutput = z
  .object({
    id: z.uuid(),
    consultationId: z.uuid(),
    reason: z.enum(DISPUTE_REASONS),
    description: z.string(),
    status: z.enum(DISPUTE_STATUSES),
    resolutionNote: z.string().nullable(),
    refundPaise: z.int().nullable(),
    resolvedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    astrologer: z.object({ id: z.uuid(), name: z.string() }),
  })
  .openapi('Dispute');
export const disputePage = z.object({ items: z.array(disputeOutput), nextCursor: z.string().nullable() }).openapi('Disputes');

export const adminDisputeOutput = disputeOutput
  .extend({
    customer: z.object({ id: z.uuid(), name: z.string() }),
    consultation: z.object({ kind: z.enum(['instant', 'scheduled']), mode: z.enum(['chat', 'call', 'video']), status: z.string(), startedAt: z.iso.datetime().nullable(), endedAt: z.iso.datetime().nullable() }),
    chargedPaise: z.int().openapi({ description: 'Captured for the consultation' }),
    refundablePaise: z.int().openapi({ description: 'Charged minus what was already refunded' }),
    refundSource: z.enum(['earnings', 'platform']).nullable(),
  })
  .openapi('AdminDispute');
export const adminDisputePage = z.object({ items: z.array(adminDisputeOutput), nextCursor: z.string().nullable() }).openapi('AdminDisputes');

export type CreateReviewInput = z.output<typeof createReviewInput>;
export type EditReviewInput = z.output<typeof editReviewInput>;
export type ReportInput = z.output<typeof reportInput>;
export type HideInput = z.output<typeof hideInput>;
export type CreateDisputeInput = z.output<typeof createDisputeInput>;
export type ResolveInput = z.output<typeof resolveInput>;
export type RatingSummary = z.infer<typeof ratingSummary>;
export type PublicReview = z.infer<typeof publicReview>;
export type MyReview = z.infer<typeof myReview>;
export type AstrologerReview = z.infer<typeof astrologerReview>;
export type ReportedReview = z.infer<typeof reportedReview>;
export type Dispute = z.infer<typeof disputeOutput>;
export type AdminDispute = z.infer<typeof adminDisputeOutput>;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];
export type ReportReason = (typeof REPORT_REASONS)[number];
