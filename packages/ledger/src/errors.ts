import { DomainError, conflict, invalid, notFound } from '@ap/core';

/** The wallet cannot cover the amount; `shortfallPaise` tells the client how much to recharge. */
export const insufficientBalance = (shortfallPaise: number) =>
  new DomainError('payment_required', 'insufficient_balance', `the wallet is short by ${shortfallPaise} paise`, { shortfallPaise });

export const accountNotFound = () => notFound('account_not_found', 'no such ledger account');
export const holdNotFound = () => notFound('hold_not_found', 'no such hold');
export const captureExceedsHold = (outstandingPaise: number) =>
  invalid('capture_exceeds_hold', `cannot capture more than the ${outstandingPaise} paise still held`);
export const paymentNotCredited = () => notFound('payment_not_credited', 'this payment was never credited to a wallet');
export const paymentCreditMismatch = () =>
  conflict('payment_credit_mismatch', 'this payment was already credited with a different wallet or amount');
export const refundExceedsBalance = (shortfallPaise: number) =>
  new DomainError('conflict', 'refund_exceeds_balance', `the wallet no longer holds the recharge; short by ${shortfallPaise} paise`, { shortfallPaise });

export const invalidIdempotencyKey = () => invalid('invalid_idempotency_key', 'an Idempotency-Key is 8 to 200 characters');
/** 422, as Stripe answers: the key is known, the request is not the one it was first used for. */
export const idempotencyKeyReused = () =>
  new DomainError('unprocessable', 'idempotency_key_reused', 'this Idempotency-Key was already used with different parameters');
export const idempotencyKeyPending = () =>
  conflict('idempotency_key_pending', 'a request with this Idempotency-Key has no stored result');
