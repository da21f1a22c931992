/** Pure feedback rules: no I/O, no clock, no env. */

export const DAY_MS = 86_400_000;

export interface FeedbackConfig {
  /** How long after writing it a customer may still change their review. */
  editWindowDays: number;
}

export const DEFAULT_FEEDBACK_CONFIG: FeedbackConfig = { editWindowDays: 7 };

/** Only a completed consultation (scheduled or instant) may be reviewed. */
export const REVIEWABLE_STATUS = 'completed';

export const editableUntil = (createdAt: Date, cfg: FeedbackConfig) => new Date(createdAt.getTime() + cfg.editWindowDays * DAY_MS);

export const canEdit = (createdAt: Date, at: Date, cfg: FeedbackConfig) => at.getTime() < editableUntil(createdAt, cfg).getTime();

/** What a consultation's money looks like to a refund: every figure in paise. */
export interface ConsultationMoney {
  /** Sum of the capture transfers referencing the consultation (wallet → earnings). */
  capturedPaise: number;
  /** Sum of the commission transfers referencing it (earnings → platform revenue). */
  commissionPaise: number;
  /** Refunds already given back to the customer for it. */
  refundedPaise: number;
}

export const refundablePaise = (m: ConsultationMoney) => Math.max(0, m.capturedPaise - m.refundedPaise);

export interface RefundPlan {
  refundPaise: number;
  /** Taken back from the astrologer's earnings into platform revenue (0 when platform revenue bears it all). */
  clawbackPaise: number;
  source: 'earnings' | 'platform';
}

/**
 * Who pays a refund back. The customer always gets the whole refund from platform revenue (one line in their
 * history). When the astrologer's earnings balance covers their part of it (the refund minus the commission's
 * proportional share), that part is taken back from earnings into platform revenue, so the platform ends up
 * returning only its commission; otherwise (already paid out) platform revenue bears the whole refund.
 */
export function planRefund(refundPaise: number, m: ConsultationMoney, earningsBalancePaise: number): RefundPlan {
  const commissionShare = m.capturedPaise > 0 ? Math.round((refundPaise * m.commissionPaise) / m.capturedPaise) : 0;
  const astrologerShare = refundPaise - commissionShare;
  if (astrologerShare > 0 && earningsBalancePaise >= astrologerShare) return { refundPaise, clawbackPaise: astrologerShare, source: 'earnings' };
  return { refundPaise, clawbackPaise: 0, source: 'platform' };
}
