import { invalid } from '@ap/core';

/**
 * Money rules, pure: no I/O, clock or env. Amounts are integer paise (safe integers); rates are basis points
 * (1 bp = 0.01 %, 10 000 bp = 100 %). Products are computed in BigInt so no intermediate is ever rounded.
 */

export const DEFAULT_GST_BPS = 1800;
const BPS = 10_000n;

function assertPaise(name: string, value: number, { positive = false } = {}) {
  if (!Number.isSafeInteger(value) || value < 0 || (positive && value === 0)) {
    throw invalid('invalid_amount', `${name} must be a ${positive ? 'positive' : 'non-negative'} whole number of paise`);
  }
}

function assertBps(name: string, value: number) {
  if (!Number.isInteger(value) || value < 0 || value > 10_000) throw invalid('invalid_rate', `${name} must be 0–10000 basis points`);
}

/** amount × bps / 10 000, rounded half up to the paisa (amount ≥ 0, so "half up" is "half away from zero"). */
function shareOf(amountPaise: number, bps: number): number {
  return Number((BigInt(amountPaise) * BigInt(bps) + BPS / 2n) / BPS);
}

/**
 * GST charged on top of a recharge: the wallet is credited `amountPaise`, the customer pays amount + GST.
 * Rounded half up to the paisa, as the invoice shows it: 18 % of ₹0.25 (25 p) is 4.5 p → 5 p; of 24 p is 4.32 p → 4 p.
 */
export function gstOn(amountPaise: number, rateBps: number = DEFAULT_GST_BPS): number {
  assertPaise('amountPaise', amountPaise);
  assertBps('rateBps', rateBps);
  return shareOf(amountPaise, rateBps);
}

export interface CaptureSplit {
  earningsPaise: number;
  platformPaise: number;
}

/**
 * Splits a captured price between the astrologer and the platform. The platform's commission is rounded half
 * up and the astrologer gets the exact remainder, so the two parts always sum to the price.
 */
export function splitCapture(pricePaise: number, commissionBps: number): CaptureSplit {
  assertPaise('pricePaise', pricePaise);
  assertBps('commissionBps', commissionBps);
  const platformPaise = shareOf(pricePaise, commissionBps);
  return { earningsPaise: pricePaise - platformPaise, platformPaise };
}

/** Billable minutes of a per-minute session: every started minute counts (60.001 s is 2 minutes; 0 s is 0). */
export function minutesToCapture(startedAt: Date, endedAt: Date): number {
  const ms = endedAt.getTime() - startedAt.getTime();
  if (Number.isNaN(ms)) throw invalid('invalid_time', 'startedAt and endedAt must be valid times');
  return ms <= 0 ? 0 : Math.ceil(ms / 60_000);
}

/** Whole minutes a balance pays for at a per-minute rate. */
export function affordableMinutes(availablePaise: number, ratePaise: number): number {
  assertPaise('availablePaise', availablePaise);
  assertPaise('ratePaise', ratePaise, { positive: true });
  return Math.floor(availablePaise / ratePaise);
}

export interface SessionCharge {
  minutes: number;
  capturePaise: number;
  releasePaise: number;
}

/**
 * What to capture from a per-minute session's hold at its end: whole started minutes at the rate, never more
 * than was held (the end-of-funds timer may fire a little late), and the rest released.
 */
export function sessionCharge(s: { startedAt: Date; endedAt: Date; ratePaise: number; heldPaise: number }): SessionCharge {
  assertPaise('ratePaise', s.ratePaise);
  assertPaise('heldPaise', s.heldPaise);
  const minutes = minutesToCapture(s.startedAt, s.endedAt);
  const capturePaise = Math.min(minutes * s.ratePaise, s.heldPaise);
  return { minutes, capturePaise, releasePaise: s.heldPaise - capturePaise };
}
