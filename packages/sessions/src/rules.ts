/**
 * Per-minute billing rules, pure (DESIGN §4). Times are server instants; durations are milliseconds.
 *
 * A session's billed time is the sum of its billed segments: a chat runs one segment from the astrologer's first
 * reply to the end; a call or a video runs a segment whenever both parties' media is connected, so a dropped
 * connection stops the meter at once and the gap is never billed. Every started minute of the billed time is
 * charged (60.001 s is 2 minutes), never more minutes than were funded (held money plus free minutes).
 */
export const MINUTE_MS = 60_000;

export interface BillingState {
  /** Start of the running segment, or null when the meter is stopped. */
  billingStartedAt: Date | null;
  /** Closed segments. */
  billedMs: number;
  fundedMinutes: number;
}

/** Billed milliseconds at `at` (the running segment counts up to `at`, never negatively). */
export function billedMsAt(s: BillingState, at: Date): number {
  const running = s.billingStartedAt ? Math.max(0, at.getTime() - s.billingStartedAt.getTime()) : 0;
  return s.billedMs + running;
}

/** When the funded minutes run out if the meter keeps running from `segmentStart`; null while it is stopped. */
export function deadlineFor(s: BillingState): Date | null {
  if (!s.billingStartedAt) return null;
  return new Date(s.billingStartedAt.getTime() + Math.max(0, s.fundedMinutes * MINUTE_MS - s.billedMs));
}

export interface SessionBill {
  billedMinutes: number;
  /** Minutes paid by the promotional account (the free first session). */
  freeMinutes: number;
  paidMinutes: number;
  /** Captured from the wallet's holds. */
  chargedPaise: number;
  /** Paid to the astrologer from the promotional account. */
  promoPaise: number;
}

/** What a session costs when it ends at `endAt`: whole started minutes, free ones first, capped at the funded minutes. */
export function billFor(s: BillingState & { ratePaise: number; freeMinutes: number }, endAt: Date): SessionBill {
  const ms = billedMsAt(s, endAt);
  const billedMinutes = Math.min(Math.ceil(ms / MINUTE_MS), s.fundedMinutes);
  const freeMinutes = Math.min(billedMinutes, s.freeMinutes);
  const paidMinutes = billedMinutes - freeMinutes;
  return { billedMinutes, freeMinutes, paidMinutes, chargedPaise: paidMinutes * s.ratePaise, promoPaise: freeMinutes * s.ratePaise };
}

/**
 * How a capture spreads over a session's holds (the first one, then the top-ups a recharge added): each hold gives
 * what it can, in order, and releases the rest. Returns the capture per hold, in the holds' order.
 */
export function spreadCapture(holdAmounts: number[], capturePaise: number): number[] {
  let left = capturePaise;
  return holdAmounts.map((amount) => {
    const take = Math.min(amount, left);
    left -= take;
    return take;
  });
}

/** Whole minutes a balance can fund at a rate, within a cap. */
export function fundableMinutes(availablePaise: number, ratePaise: number, capMinutes: number): number {
  if (ratePaise <= 0) return 0;
  return Math.max(0, Math.min(Math.floor(availablePaise / ratePaise), capMinutes));
}
