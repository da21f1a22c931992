import { DomainError, conflict, forbidden, notFound } from '@ap/core';

export const consultationNotFound = () => notFound('consultation_not_found', 'no such consultation');
export const notYourConsultation = () => forbidden('not_your_consultation', 'only the customer of this consultation may do this');
export const notCompleted = (status: string) =>
  new DomainError('conflict', 'consultation_not_completed', 'only a completed consultation can be reviewed', { status });
export const alreadyReviewed = (reviewId: string) =>
  new DomainError('conflict', 'already_reviewed', 'this consultation already has your review; edit it instead', { reviewId });
export const reviewNotFound = () => notFound('review_not_found', 'no such review');
export const notYourReview = () => forbidden('not_your_review', 'this review is not yours');
export const editWindowClosed = (editableUntil: string) =>
  new DomainError('conflict', 'review_edit_window_closed', 'reviews can be changed for 7 days after they are written', { editableUntil });
export const reviewHidden = () => conflict('review_hidden', 'this review was hidden by a moderator and can no longer be changed');
export const alreadyReplied = () => conflict('already_replied', 'you have already replied to this review');
export const reviewAlreadyHidden = () => conflict('review_already_hidden', 'this review is already hidden');
export const disputeExists = (disputeId: string) =>
  new DomainError('conflict', 'dispute_exists', 'a problem was already reported for this consultation', { disputeId });
export const disputeNotFound = () => notFound('dispute_not_found', 'no such dispute');
export const disputeResolved = (status: string) =>
  new DomainError('conflict', 'dispute_already_resolved', `this dispute is already ${status}`, { status });
export const nothingToRefund = () => conflict('nothing_to_refund', 'nothing was charged for this consultation (or it was already refunded)');
export const refundExceedsCharge = (refundablePaise: number) =>
  new DomainError('conflict', 'refund_exceeds_charge', `at most ${refundablePaise} paise can be refunded for this consultation`, { refundablePaise });
