import { describe, expect, it } from 'vitest';
import { DEFAULT_FEEDBACK_CONFIG, canEdit, planRefund, refundablePaise } from '../src/index.js';

const DAY = 86_400_000;

describe('feedback rules', () => {
  it('allows edits until 7 days after writing', () => {
    const at = new Date('2026-12-01T00:00:00Z');
    expect(canEdit(at, new Date(at.getTime() + 7 * DAY - 1), DEFAULT_FEEDBACK_CONFIG)).toBe(true);
    expect(canEdit(at, new Date(at.getTime() + 7 * DAY), DEFAULT_FEEDBACK_CONFIG)).toBe(false);
  });

  it('refunds at most what was charged minus earlier refunds', () => {
    expect(refundablePaise({ capturedPaise: 5000, commissionPaise: 1000, refundedPaise: 2000 })).toBe(3000);
    expect(refundablePaise({ capturedPaise: 0, commissionPaise: 0, refundedPaise: 0 })).toBe(0);
  });

  it('takes the astrologer’s part of a refund back from earnings when they cover it', () => {
    const money = { capturedPaise: 50_000, commissionPaise: 10_000, refundedPaise: 0 };
    expect(planRefund(50_000, money, 40_000)).toEqual({ refundPaise: 50_000, clawbackPaise: 40_000, source: 'earnings' });
    expect(planRefund(10_001, money, 40_000)).toEqual({ refundPaise: 10_001, clawbackPaise: 8_001, source: 'earnings' });
  });

  it('lets platform revenue bear the refund when earnings are short', () => {
    const money = { capturedPaise: 50_000, commissionPaise: 10_000, refundedPaise: 0 };
    expect(planRefund(50_000, money, 39_999)).toEqual({ refundPaise: 50_000, clawbackPaise: 0, source: 'platform' });
  });
});
