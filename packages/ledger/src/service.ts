import { decodeCursor, encodeCursor, invalid } from '@ap/core';
import type { z } from '@ap/http';
import { asService, type Pool, type Tx } from '@ap/db';
import { accountNotFound, captureExceedsHold, holdNotFound, insufficientBalance, paymentCreditMismatch, paymentNotCredited, refundExceedsBalance } from './errors.js';
import * as repo from './repo.js';
import { splitCapture } from './rules.js';
import {
  captureHoldInput, creditRechargeInput, holdIdInput, placeHoldInput, refundRechargeInput, transactionsQuery, transferInput,
  type Balance, type CaptureHoldInput, type CreditRechargeInput, type LedgerEntry, type OwnedAccountKind, type PlaceHoldInput,
  type RefundRechargeInput, type TransactionsPage, type TransactionsQuery, type TransferInput,
} from './schemas.js';

/*
 * Concurrency. Every operation runs in one READ COMMITTED transaction and, before it reads a balance or posts,
 * takes `SELECT … FOR UPDATE` on all the accounts it will touch, in ascending id order, in one statement
 * (repo.lockAccounts). Then:
 *  - the check it makes (available ≥ amount, "already credited?", "hold still active?") reads the latest committed
 *    state and stays true until commit, because every writer of those rows waits on the same locks;
 *  - no deadlock: the balance triggers would otherwise lock accounts one transfer at a time in debit-then-credit
 *    order, so two operations posting A→B and B→A could each hold one row and wait for the other. Taking every
 *    lock up front in a single global order removes the cycle. A hold row is only ever locked after its
 *    wallet, so holds never invert the order either.
 * We chose pessimistic row locks over SERIALIZABLE because the platform accounts (revenue, tax, clearing) are
 * hot rows that every capture or recharge writes: under SERIALIZABLE those would abort and retry constantly,
 * while a lock queue simply serialises them for the few milliseconds a posting takes. The CHECKs and unique
 * indexes in the schema stay as the wall behind these checks (a bug fails the transaction, never the money).
 */

export interface PlacedHold {
  holdId: string;
  amountPaise: number;
  /** The wallet's available balance after the hold. */
  availablePaise: number;
}

/** How a hold ended. Capturing or releasing a settled hold returns this same settlement, unchanged. */
export interface HoldSettlement {
  holdId: string;
  walletOwnerId: string;
  consultationId: string;
  amountPaise: number;
  capturedPaise: number;
  releasedPaise: number;
  /** Of the captured amount: the astrologer's part and the platform's commission (they sum to capturedPaise). */
  earningsPaise: number;
  platformPaise: number;
  earningsOwnerId: string | null;
  settledAt: string;
}

export interface RechargeCredit {
  paymentId: string;
  walletOwnerId: string;
  amountPaise: number;
  gstPaise: number;
  /** False when this payment had already been credited (a repeated callback or webhook): nothing moved. */
  newlyCredited: boolean;
}

export interface RechargeRefund {
  paymentId: string;
  walletOwnerId: string;
  amountPaise: number;
  gstPaise: number;
  /** False when this payment had already been refunded: nothing moved. */
  newlyRefunded: boolean;
}

async function platformAccount(tx: Tx, kind: 'platform_revenue' | 'tax_payable' | 'gateway_clearing'): Promise<string> {
  const id = (await repo.findPlatformAccountIds(tx))[kind];
  if (!id) throw new Error(`platform account ${kind} is missing (migrations not applied?)`);
  return id;
}

async function walletOf(tx: Tx, ownerId: string): Promise<string> {
  const wallet = await repo.findOwnedAccount(tx, ownerId, 'user_wallet');
  if (!wallet) throw accountNotFound();
  return wallet.id;
}

const available = (a: repo.AccountRow) => a.balancePaise - a.heldPaise;

/** The account of a customer (wallet) or astrologer (earnings), created when missing. Returns its id. */
export async function ensureAccount(tx: Tx, ownerId: string, kind: OwnedAccountKind): Promise<string> {
  const existing = await repo.findOwnedAccount(tx, ownerId, kind);
  if (existing) return existing.id;
  return (await repo.insertOwnedAccount(tx, ownerId, kind)) ?? (await repo.findOwnedAccount(tx, ownerId, kind))!.id;
}

/**
 * The one posting primitive: moves a positive amount from one account to another. Locks both (a no-op when
 * the operation already locked them) and refuses to take a wallet below its held amount.
 */
export async function transfer(tx: Tx, input: TransferInput): Promise<{ transferId: string; seq: number }> {
  const t = transferInput.parse(input);
  return post(tx, await repo.lockAccounts(tx, [t.debit, t.credit]), t);
}

/**
 * transfer() between accounts this operation has already locked: `locked` holds their rows as they stand now (the
 * operation adjusts them for its own earlier writes). Saves the re-lock round trip while the hot platform rows are
 * held; the checks are transfer()'s.
 */
async function post(tx: Tx, locked: Map<string, repo.AccountRow>, t: z.output<typeof transferInput>): Promise<{ transferId: string; seq: number }> {
  const debit = locked.get(t.debit);
  if (!debit || !locked.has(t.credit)) throw accountNotFound();
  if (debit.kind === 'user_wallet' && available(debit) < t.amountPaise) throw insufficientBalance(t.amountPaise - available(debit));
  const { id, seq } = await repo.insertTransfer(tx, t);
  return { transferId: id, seq };
}

/** Reserves wallet funds for a consultation. Refuses with 402 insufficient_balance (and the shortfall). */
export async function placeHold(tx: Tx, input: PlaceHoldInput): Promise<PlacedHold> {
  const { walletOwnerId, amountPaise, reference } = placeHoldInput.parse(input);
  const walletId = await walletOf(tx, walletOwnerId);
  const wallet = (await repo.lockAccounts(tx, [walletId])).get(walletId)!;
  if (available(wallet) < amountPaise) throw insufficientBalance(amountPaise - available(wallet));
  const holdId = await repo.insertHold(tx, walletId, amountPaise, reference.id);
  return { holdId, amountPaise, availablePaise: available(wallet) - amountPaise };
}

async function settlement(tx: Tx, holdId: string): Promise<HoldSettlement> {
  const s = (await repo.findSettlement(tx, holdId))!;
  return {
    holdId: s.holdId, walletOwnerId: s.walletOwnerId!, consultationId: s.consultationId,
    amountPaise: s.amountPaise, capturedPaise: s.capturedPaise, releasedPaise: s.releasedPaise,
    earningsPaise: s.capturedTransferPaise - s.commissionPaise, platformPaise: s.commissionPaise,
    earningsOwnerId: s.earningsOwnerId, settledAt: s.settledAt!.toISOString(),
  };
}

/**
 * Ends a hold by capturing part (or all) of it and releasing the rest. The captured amount moves wallet →
 * astrologer earnings in one transfer (the customer sees one charge), then the commission moves earnings →
 * platform revenue (the astrologer sees gross and commission). Settling an already settled hold is a no-op that
 * returns the existing settlement, whoever settled it (a capture or a release).
 */
export async function captureHold(tx: Tx, input: CaptureHoldInput): Promise<HoldSettlement> {
  const { holdId, capturePaise, earningsOwnerId, commissionBps } = captureHoldInput.parse(input);
  const found = await repo.findHold(tx, holdId);
  if (!found) throw holdNotFound();
  if (found.status === 'settled') return settlement(tx, holdId);
  const earningsId = await ensureAccount(tx, earningsOwnerId, 'astrologer_earnings');
  const revenueId = await platformAccount(tx, 'platform_revenue');
  const locked = await repo.lockAccounts(tx, [found.accountId, earningsId, revenueId]);
  const hold = (await repo.findHold(tx, holdId, { lock: true }))!;
  if (hold.status === 'settled') return settlement(tx, holdId);

  const outstanding = hold.amountPaise - hold.capturedPaise - hold.releasedPaise;
  if (capturePaise > outstanding) throw captureExceedsHold(outstanding);
  const { platformPaise } = splitCapture(capturePaise, commissionBps);
  // Settle first: while the hold still counts in held_paise, taking the money out of the balance would break
  // the wallet's balance − held ≥ 0 CHECK for that instant.
  const settledAt = await repo.settleHold(tx, holdId, capturePaise, outstanding - capturePaise);
  const wallet = locked.get(hold.accountId);
  if (!settledAt || !wallet) throw new Error(`hold ${holdId} changed under its lock`);
  // The locks are ours since lockAccounts; the settlement's trigger has just taken `outstanding` off the wallet's held.
  locked.set(hold.accountId, { ...wallet, heldPaise: wallet.heldPaise - outstanding });
  const consultation = { type: 'consultation' as const, id: hold.consultationId };
  if (capturePaise > 0) {
    await post(tx, locked, transferInput.parse({ debit: hold.accountId, credit: earningsId, amountPaise: capturePaise, kind: 'capture', reference: consultation, holdId }));
    const earnings = locked.get(earningsId)!;
    locked.set(earningsId, { ...earnings, balancePaise: earnings.balancePaise + capturePaise });
  }
  if (platformPaise > 0) {
    await post(tx, locked, transferInput.parse({ debit: earningsId, credit: revenueId, amountPaise: platformPaise, kind: 'commission', reference: consultation, holdId }));
  }
  // What settlement() would read back now, known already: no extra round trip while the platform account is locked.
  return {
    holdId, walletOwnerId: wallet.ownerId!, consultationId: hold.consultationId, amountPaise: hold.amountPaise,
    capturedPaise: hold.capturedPaise + capturePaise, releasedPaise: hold.releasedPaise + outstanding - capturePaise,
    earningsPaise: capturePaise - platformPaise, platformPaise, earningsOwnerId: capturePaise > 0 ? earningsOwnerId : null,
    settledAt: settledAt.toISOString(),
  };
}

/** Gives a hold's outstanding amount back to the wallet. Idempotent like captureHold. */
export async function releaseHold(tx: Tx, holdId: string): Promise<HoldSettlement> {
  holdIdInput.parse(holdId);
  const found = await repo.findHold(tx, holdId);
  if (!found) throw holdNotFound();
  if (found.status === 'settled') return settlement(tx, holdId);
  await repo.lockAccounts(tx, [found.accountId]);
  const hold = (await repo.findHold(tx, holdId, { lock: true }))!;
  if (hold.status === 'active') await repo.settleHold(tx, holdId, 0, hold.amountPaise - hold.capturedPaise - hold.releasedPaise);
  return settlement(tx, holdId);
}

/**
 * Credits a verified gateway payment: gateway clearing → wallet for the amount, gateway clearing → tax payable
 * for the GST charged on top. Exactly once per paymentId (a payment_orders id): a repeat returns the first
 * credit with newlyCredited = false; the same payment with another wallet or amount is a 409.
 */
export async function creditRecharge(tx: Tx, input: CreditRechargeInput): Promise<RechargeCredit> {
  const { walletOwnerId, amountPaise, gstPaise, paymentId } = creditRechargeInput.parse(input);
  const walletId = await ensureAccount(tx, walletOwnerId, 'user_wallet');
  const clearingId = await platformAccount(tx, 'gateway_clearing');
  const taxId = await platformAccount(tx, 'tax_payable');
  await repo.lockAccounts(tx, [clearingId, walletId, taxId]);

  const legs = await repo.findPaymentTransfers(tx, paymentId);
  const recharge = legs.find((l) => l.kind === 'recharge');
  if (recharge) {
    const gst = legs.find((l) => l.kind === 'gst')?.amountPaise ?? 0;
    if (recharge.walletId !== walletId || recharge.amountPaise !== amountPaise || gst !== gstPaise) throw paymentCreditMismatch();
    return { paymentId, walletOwnerId, amountPaise, gstPaise, newlyCredited: false };
  }
  const payment = { type: 'payment' as const, id: paymentId };
  await transfer(tx, { debit: clearingId, credit: walletId, amountPaise, kind: 'recharge', reference: payment });
  if (gstPaise > 0) await transfer(tx, { debit: clearingId, credit: taxId, amountPaise: gstPaise, kind: 'gst', reference: payment });
  return { paymentId, walletOwnerId, amountPaise, gstPaise, newlyCredited: true };
}

/**
 * Reverses a credited recharge in full (wallet → clearing, and the GST tax payable → clearing), at most once.
 * Refused with 409 refund_exceeds_balance when the customer has already spent or reserved part of it.
 */
export async function refundRecharge(tx: Tx, input: RefundRechargeInput): Promise<RechargeRefund> {
  const { paymentId, memo } = refundRechargeInput.parse(input);
  const credited = (await repo.findPaymentTransfers(tx, paymentId)).find((l) => l.kind === 'recharge');
  if (!credited) throw paymentNotCredited();
  const clearingId = await platformAccount(tx, 'gateway_clearing');
  const taxId = await platformAccount(tx, 'tax_payable');
  const accounts = await repo.lockAccounts(tx, [clearingId, credited.walletId, taxId]);

  const legs = await repo.findPaymentTransfers(tx, paymentId);
  const gstPaise = legs.find((l) => l.kind === 'gst')?.amountPaise ?? 0;
  const result = { paymentId, walletOwnerId: credited.walletOwnerId!, amountPaise: credited.amountPaise, gstPaise };
  if (legs.some((l) => l.kind === 'refund')) return { ...result, newlyRefunded: false };

  const wallet = accounts.get(credited.walletId)!;
  if (available(wallet) < credited.amountPaise) throw refundExceedsBalance(credited.amountPaise - available(wallet));
  const payment = { type: 'payment' as const, id: paymentId };
  await transfer(tx, { debit: credited.walletId, credit: clearingId, amountPaise: credited.amountPaise, kind: 'refund', reference: payment, memo });
  if (gstPaise > 0) await transfer(tx, { debit: taxId, credit: clearingId, amountPaise: gstPaise, kind: 'gst_refund', reference: payment, memo });
  return { ...result, newlyRefunded: true };
}

export async function balance(tx: Tx, ownerId: string, kind: OwnedAccountKind = 'user_wallet'): Promise<Balance> {
  const account = await repo.findOwnedAccount(tx, ownerId, kind);
  if (!account) throw accountNotFound();
  return { balancePaise: account.balancePaise, heldPaise: account.heldPaise, availablePaise: available(account), currency: 'INR' };
}

function decodeSeqCursor(cursor: string): number {
  const [seq] = decodeCursor<[number]>(cursor, ['number']);
  if (!Number.isSafeInteger(seq) || seq < 1) throw invalid('invalid_cursor', 'cursor is not one this API returned');
  return seq;
}

/** An account's history, newest first, keyset-paginated on the transfer sequence. */
export async function transactions(tx: Tx, ownerId: string, query: TransactionsQuery = {}, kind: OwnedAccountKind = 'user_wallet'): Promise<TransactionsPage> {
  const { limit, cursor } = transactionsQuery.parse(query);
  const account = await repo.findOwnedAccount(tx, ownerId, kind);
  if (!account) throw accountNotFound();
  const rows = await repo.listEntries(tx, account.id, cursor ? decodeSeqCursor(cursor) : null, limit + 1);
  const page = rows.slice(0, limit);
  const items = page.map((r): LedgerEntry => ({
    id: r.id,
    type: r.kind,
    amountPaise: r.amountPaise,
    balanceAfterPaise: r.balanceAfterPaise,
    reference: r.referenceType && r.referenceId ? { type: r.referenceType, id: r.referenceId } : null,
    memo: r.memo,
    gst: r.gstPaise === null ? null : { gstPaise: r.gstPaise, totalPaise: Math.abs(r.amountPaise) + r.gstPaise },
    createdAt: r.createdAt.toISOString(),
  }));
  return { items, nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.seq]) : null };
}

/**
 * The operations bound to a pool, each in its own service-role transaction. To combine one with other writes
 * atomically (an order marked paid, a session ended, an idempotency key stored), call the function of the same
 * name with a transaction instead.
 */
export function createLedgerService({ pool }: { pool: Pool }) {
  const run = <I, O>(op: (tx: Tx, input: I) => Promise<O>) => (input: I) => asService(pool, (tx) => op(tx, input));
  return {
    ensureAccount: (ownerId: string, kind: OwnedAccountKind) => asService(pool, (tx) => ensureAccount(tx, ownerId, kind)),
    transfer: run(transfer),
    placeHold: run(placeHold),
    captureHold: run(captureHold),
    releaseHold: run(releaseHold),
    creditRecharge: run(creditRecharge),
    refundRecharge: run(refundRecharge),
    balance: (ownerId: string, kind: OwnedAccountKind = 'user_wallet') => asService(pool, (tx) => balance(tx, ownerId, kind)),
    transactions: (ownerId: string, query: TransactionsQuery = {}, kind: OwnedAccountKind = 'user_wallet') =>
      asService(pool, (tx) => transactions(tx, ownerId, query, kind)),
  };
}

export type LedgerService = ReturnType<typeof createLedgerService>;
