export {
  createLedgerService, ensureAccount, transfer, placeHold, captureHold, releaseHold, creditRecharge, refundRecharge, balance, transactions,
  type LedgerService, type PlacedHold, type HoldSettlement, type RechargeCredit, type RechargeRefund,
} from './service.js';
export { withIdempotency, hashRequest, type IdempotencyScope } from './idempotency.js';
export { checkLedger, checkInvariants, type Violation, type LedgerCheck } from './check.js';
export {
  gstOn, splitCapture, minutesToCapture, affordableMinutes, sessionCharge, DEFAULT_GST_BPS, type CaptureSplit, type SessionCharge,
} from './rules.js';
export * as ledgerSchemas from './schemas.js';
export type {
  AccountKind, OwnedAccountKind, TransferKind, Reference, Balance, LedgerEntry, TransactionsPage, TransactionsQuery,
  TransferInput, PlaceHoldInput, CaptureHoldInput, CreditRechargeInput, RefundRechargeInput,
} from './schemas.js';
