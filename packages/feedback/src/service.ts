import { encodeCursor } from '@ap/core';
import { asCaller, asService, decodeTimeCursor, type JwtClaims, type Pool, type Tx } from '@ap/db';
import { ensureAccount, hashRequest, transfer, withIdempotency } from '@ap/ledger';
import { insertNotification } from '@ap/notifications';
import {
  alreadyReplied, alreadyReviewed, consultationNotFound, disputeExists, disputeNotFound, disputeResolved, editWindowClosed, notCompleted,
  notYourConsultation, notYourReview, nothingToRefund, refundExceedsCharge, reviewAlreadyHidden, reviewHidden, reviewNotFound,
} from './errors.js';
import * as repo from './repo.js';
import { DEFAULT_FEEDBACK_CONFIG, REVIEWABLE_STATUS, canEdit, editableUntil, planRefund, refundablePaise, type FeedbackConfig } from './rules.js';
import type {
  AdminDispute, AstrologerReview, CreateDisputeInput, CreateReviewInput, Dispute, EditReviewInput, HideInput, MyReview, PublicReview,
  RatingSummary, ReportInput, ReportedReview, ResolveInput,
} from './schemas.js';

export interface FeedbackDeps {
  pool: Pool;
  config?: Partial<FeedbackConfig>;
  /** The clock; tests move it. */
  now?: () => Date;
}

interface Caller {
  id: string;
  claims?: JwtClaims;
}

interface PageQuery {
  limit: number;
  cursor?: string | undefined;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;
const rupees = (paise: number) => `₹${(paise / 100).toFixed(2)}`;
const EMPTY_SUMMARY: RatingSummary = { ratingAvg: 0, ratingCount: 0, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } };

function paged<T extends { cursorAt: number; id: string }, V>(rows: T[], limit: number, view: (r: T) => V) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(view), nextCursor: rows.length > limit && last ? encodeCursor([last.cursorAt, last.id]) : null };
}

const toPublic = (r: Pick<repo.ReviewRow, 'id' | 'rating' | 'comment' | 'createdAt' | 'editedAt' | 'reply' | 'repliedAt'>): PublicReview => ({
  id: r.id, rating: r.rating, comment: r.comment, createdAt: r.createdAt.toISOString(), editedAt: iso(r.editedAt),
  reply: r.reply && r.repliedAt ? { text: r.reply, repliedAt: r.repliedAt.toISOString() } : null,
});

function toDispute(d: repo.DisputeRow): Dispute {
  return {
    id: d.id, consultationId: d.consultationId, reason: d.reason, description: d.description, status: d.status,
    resolutionNote: d.resolutionNote, refundPaise: d.refundPaise, resolvedAt: iso(d.resolvedAt), createdAt: d.createdAt.toISOString(),
    astrologer: { id: d.astrologerId, name: d.astrologerName },
  };
}

/**
 * Reviews, moderation and disputes. Writes run as the service role with the ownership checks here (the reviews
 * table's RLS policies stay as the wall behind them); public reads run as the caller so RLS hides hidden reviews.
 * Rating aggregates are maintained by the database (a trigger recounts under the astrologer's row lock).
 */
export function createFeedbackService({ pool, config = {}, now = () => new Date() }: FeedbackDeps) {
  const cfg: FeedbackConfig = { ...DEFAULT_FEEDBACK_CONFIG, ...config };

  const toMine = (r: repo.ReviewRow): MyReview => ({
    ...toPublic(r), consultationId: r.consultationId, astrologerId: r.astrologerId,
    editableUntil: editableUntil(r.createdAt, cfg).toISOString(), hidden: r.hiddenAt !== null,
  });

  /** The caller's own consultation: 404 when it does not exist, 403 when it is someone else's. */
  async function ownConsultation(tx: Tx, caller: Caller, consultationId: string): Promise<repo.ConsultationRow> {
    const c = await repo.findConsultation(tx, consultationId);
    if (!c) throw consultationNotFound();
    if (c.userId !== caller.id) throw notYourConsultation();
    return c;
  }

  async function summaryOf(tx: Tx, astrologerId: string): Promise<RatingSummary> {
    return (await repo.findRatingSummary(tx, astrologerId)) ?? EMPTY_SUMMARY;
  }

  async function refund(tx: Tx, d: repo.DisputeRow, requested: number | undefined, adminId: string, note: string | null) {
    const money = await repo.findConsultationMoney(tx, d.consultationId, d.userId);
    const refundable = refundablePaise(money);
    if (refundable <= 0) throw nothingToRefund();
    const amount = requested ?? refundable;
    if (amount > refundable) throw refundExceedsCharge(refundable);

    const walletId = await ensureAccount(tx, d.userId, 'user_wallet');
    const earningsId = await ensureAccount(tx, d.astrologerId, 'astrologer_earnings');
    const revenueId = await repo.findPlatformRevenueId(tx);
    const balances = await repo.lockAccounts(tx, [walletId, earningsId, revenueId]);
    const plan = planRefund(amount, money, balances.get(earningsId) ?? 0);
    const consultation = { type: 'consultation' as const, id: d.consultationId };
    const memo = `Refund for dispute ${d.id}`;
    await transfer(tx, { debit: revenueId, credit: walletId, amountPaise: plan.refundPaise, kind: 'refund', reference: consultation, memo });
    if (plan.clawbackPaise > 0) {
      await transfer(tx, { debit: earningsId, credit: revenueId, amountPaise: plan.clawbackPaise, kind: 'adjustment', reference: consultation, memo });
    }
    await repo.resolveDispute(tx, d.id, { status: 'refunded', note, refundPaise: plan.refundPaise, refundSource: plan.source, by: adminId, at: now() });
    const data = { disputeId: d.id, consultationId: d.consultationId, refundPaise: plan.refundPaise };
    await insertNotification(tx, {
      recipientId: d.userId, kind: 'refund.issued', title: `${rupees(plan.refundPaise)} refunded to your wallet`,
      body: `For your ${d.mode} with ${d.astrologerName}.${note ? ` ${note}` : ''}`, data,
    });
    await insertNotification(tx, {
      recipientId: d.astrologerId, kind: 'dispute.refunded', title: `A customer was refunded ${rupees(plan.refundPaise)}`,
      body: plan.clawbackPaise > 0 ? `${rupees(plan.clawbackPaise)} was deducted from your earnings.` : 'Nothing was deducted from your earnings.',
      data: { ...data, deductedPaise: plan.clawbackPaise },
    });
  }

  async function reject(tx: Tx, d: repo.DisputeRow, adminId: string, note: string) {
    await repo.resolveDispute(tx, d.id, { status: 'rejected', note, refundPaise: null, refundSource: null, by: adminId, at: now() });
    const data = { disputeId: d.id, consultationId: d.consultationId };
    await insertNotification(tx, { recipientId: d.userId, kind: 'dispute.rejected', title: 'Your reported problem was reviewed', body: note, data });
    await insertNotification(tx, {
      recipientId: d.astrologerId, kind: 'dispute.rejected', title: 'A reported problem about your session was closed', body: 'No refund was issued.', data,
    });
  }

  async function toAdmin(tx: Tx, d: repo.DisputeRow): Promise<AdminDispute> {
    const money = await repo.findConsultationMoney(tx, d.consultationId, d.userId);
    return {
      ...toDispute(d),
      customer: { id: d.userId, name: d.customerName },
      consultation: { kind: d.kind, mode: d.mode, status: d.consultationStatus, startedAt: iso(d.startedAt), endedAt: iso(d.endedAt) },
      chargedPaise: money.capturedPaise, refundablePaise: refundablePaise(money), refundSource: d.refundSource,
    };
  }

  return {
    config: cfg,

    // ---------------------------------------------------------------------------------------------------
    // Reviews

    /** The customer of a completed consultation rates it, once (a second review, even a concurrent one, is a 409). */
    createReview(caller: Caller, input: CreateReviewInput): Promise<MyReview> {
      return asService(pool, async (tx) => {
        const c = await ownConsultation(tx, caller, input.consultationId);
        if (c.status !== REVIEWABLE_STATUS) throw notCompleted(c.status);
        const review = await repo.insertReview(tx, {
          consultationId: c.id, userId: caller.id, astrologerId: c.astrologerId, rating: input.rating, comment: input.comment ?? null, at: now(),
        });
        if (!review) throw alreadyReviewed((await repo.findReviewIdByConsultation(tx, c.id))!);
        await insertNotification(tx, {
          recipientId: c.astrologerId, kind: 'review.new', title: `${c.customerName.split(' ')[0]} rated your session ${review.rating}★`,
          body: review.comment ?? '', data: { reviewId: review.id, consultationId: c.id, rating: review.rating },
        });
        return toMine(review);
      });
    },

    /** The author changes their review within the edit window (not once a moderator hid it). */
    editReview(caller: Caller, id: string, input: EditReviewInput): Promise<MyReview> {
      return asService(pool, async (tx) => {
        const r = await repo.findReview(tx, id, { lock: true });
        if (!r) throw reviewNotFound();
        if (r.userId !== caller.id) throw notYourReview();
        if (r.hiddenAt) throw reviewHidden();
        if (!canEdit(r.createdAt, now(), cfg)) throw editWindowClosed(editableUntil(r.createdAt, cfg).toISOString());
        return toMine(await repo.updateReviewByAuthor(tx, id, input, now()));
      });
    },

    /** The reviewed astrologer answers, once. */
    reply(caller: Caller, id: string, text: string): Promise<AstrologerReview> {
      return asService(pool, async (tx) => {
        const r = await repo.findReview(tx, id, { lock: true });
        if (!r || r.astrologerId !== caller.id) throw reviewNotFound();
        const updated = await repo.setReply(tx, id, text, now());
        if (!updated) throw alreadyReplied();
        const c = (await repo.findConsultation(tx, r.consultationId))!;
        await insertNotification(tx, {
          recipientId: r.userId, kind: 'review.reply', title: `${c.astrologerName} replied to your review`, body: text,
          data: { reviewId: id, consultationId: r.consultationId },
        });
        return { ...toPublic(updated), consultationId: r.consultationId, customerName: c.customerName.split(' ')[0]!, hidden: updated.hiddenAt !== null };
      });
    },

    /** Anyone signed in reports a visible review (once each; a repeat returns the first report). */
    report(caller: Caller, id: string, input: ReportInput) {
      return asService(pool, async (tx) => {
        const r = await repo.findReview(tx, id);
        if (!r || r.hiddenAt) throw reviewNotFound();
        const report = await repo.insertReport(tx, { reviewId: id, reporterId: caller.id, reason: input.reason, note: input.note ?? null, at: now() });
        return { ...report, createdAt: report.createdAt.toISOString() };
      });
    },

    /** Public: an astrologer's visible reviews (never who wrote them) and their rating summary. */
    async listPublic(claims: JwtClaims | null, astrologerId: string, q: PageQuery) {
      const after = q.cursor ? decodeTimeCursor(q.cursor) : null;
      return asCaller(pool, claims, async (tx) => {
        const summary = await repo.findRatingSummary(tx, astrologerId);
        const rows = summary ? await repo.listVisibleReviews(tx, astrologerId, after, q.limit + 1) : [];
        return { summary: summary ?? EMPTY_SUMMARY, ...paged(rows, q.limit, toPublic) };
      });
    },

    /** The astrologer's own reviews (hidden ones marked), with the customer's first name. */
    async listForAstrologer(caller: Caller, q: PageQuery & { filter: 'all' | 'unreplied' }) {
      const after = q.cursor ? decodeTimeCursor(q.cursor) : null;
      return asService(pool, async (tx) => {
        const rows = await repo.listAstrologerReviews(tx, caller.id, q.filter === 'unreplied', after, q.limit + 1);
        return {
          summary: await summaryOf(tx, caller.id),
          ...paged(rows, q.limit, (r): AstrologerReview => ({
            ...toPublic(r), consultationId: r.consultationId, customerName: r.customerName, hidden: r.hiddenAt !== null,
          })),
        };
      });
    },

    /** The customer's own reviews of the given consultations (for "Rate" / "Edit" buttons). */
    listMine: (caller: Caller, consultationIds: string[]) =>
      asService(pool, async (tx) => ({ items: (await repo.listReviewsOfCustomer(tx, caller.id, consultationIds)).map(toMine) })),

    // ---------------------------------------------------------------------------------------------------
    // Moderation (admin)

    async listReported(q: PageQuery): Promise<{ items: ReportedReview[]; nextCursor: string | null }> {
      const after = q.cursor ? decodeTimeCursor(q.cursor) : null;
      const rows = await asService(pool, (tx) => repo.listReportedReviews(tx, after, q.limit + 1));
      return paged(rows, q.limit, (r) => ({
        review: { ...toPublic(r), astrologerId: r.astrologerId, astrologerName: r.astrologerName, hidden: r.hiddenAt !== null, ratingRemoved: r.ratingRemoved },
        openReports: r.openReports, reasons: r.reasons, notes: r.notes, lastReportedAt: r.lastReportedAt.toISOString(),
      }));
    },

    hide(admin: Caller, id: string, input: HideInput) {
      return asService(pool, async (tx) => {
        const r = await repo.findReview(tx, id, { lock: true });
        if (!r) throw reviewNotFound();
        const hidden = await repo.hideReview(tx, id, { by: admin.id, reason: input.reason, removeRating: input.removeRating, at: now() });
        if (!hidden) throw reviewAlreadyHidden();
        const reportsClosed = await repo.closeReports(tx, id, 'hidden', admin.id, now());
        return { id, hidden: true, ratingRemoved: hidden.ratingRemoved, reportsClosed, summary: await summaryOf(tx, r.astrologerId) };
      });
    },

    dismissReports(admin: Caller, id: string) {
      return asService(pool, async (tx) => {
        const r = await repo.findReview(tx, id, { lock: true });
        if (!r) throw reviewNotFound();
        const reportsClosed = await repo.closeReports(tx, id, 'dismissed', admin.id, now());
        return { id, hidden: r.hiddenAt !== null, ratingRemoved: r.ratingRemoved, reportsClosed, summary: await summaryOf(tx, r.astrologerId) };
      });
    },

    // ---------------------------------------------------------------------------------------------------
    // Disputes

    /** The customer reports a problem with one of their consultations (any status), once per consultation. */
    openDispute(caller: Caller, input: CreateDisputeInput): Promise<Dispute> {
      return asService(pool, async (tx) => {
        const c = await ownConsultation(tx, caller, input.consultationId);
        const id = await repo.insertDispute(tx, { consultationId: c.id, userId: caller.id, astrologerId: c.astrologerId, reason: input.reason, description: input.description, at: now() });
        if (!id) throw disputeExists((await repo.findDisputeIdByConsultation(tx, c.id))!);
        return toDispute((await repo.findDispute(tx, id))!);
      });
    },

    async listMyDisputes(caller: Caller, q: PageQuery) {
      const after = q.cursor ? decodeTimeCursor(q.cursor) : null;
      const rows = await asService(pool, (tx) => repo.listDisputes(tx, { userId: caller.id, status: 'all' }, after, q.limit + 1));
      return paged(rows, q.limit, toDispute);
    },

    async listForAdmin(q: PageQuery & { status: 'open' | 'resolved' | 'all' }) {
      const after = q.cursor ? decodeTimeCursor(q.cursor) : null;
      return asService(pool, async (tx) => {
        const rows = await repo.listDisputes(tx, { status: q.status }, after, q.limit + 1);
        const { items, nextCursor } = paged(rows, q.limit, (r) => r);
        return { items: await Promise.all(items.map((d) => toAdmin(tx, d))), nextCursor };
      });
    },

    /**
     * An admin rejects or refunds a dispute, exactly once: the Idempotency-Key makes a retried click return the
     * first answer, and the dispute's row lock makes any other resolution (another key, another admin) wait and
     * then find it resolved (409). The refund, the dispute's new state and the notifications commit together.
     */
    resolve(admin: Caller, id: string, input: ResolveInput, key: string): Promise<AdminDispute> {
      const requestHash = hashRequest({ op: 'resolve_dispute', id, ...input });
      return withIdempotency(pool, { identityId: admin.id, key, requestHash }, async (tx) => {
        const locked = await repo.lockDispute(tx, id);
        if (!locked) throw disputeNotFound();
        if (locked.status !== 'open') throw disputeResolved(locked.status);
        const d = (await repo.findDispute(tx, id))!;
        if (input.action === 'reject') await reject(tx, d, admin.id, input.note);
        else await refund(tx, d, input.amountPaise, admin.id, input.note ?? null);
        return toAdmin(tx, (await repo.findDispute(tx, id))!);
      });
    },
  };
}

export type FeedbackService = ReturnType<typeof createFeedbackService>;
