import { isHindiPage } from './locale';
import { api } from './api';
import { percent } from './wallet';

export type Mode = 'chat' | 'call' | 'video';
export const MODES: Mode[] = ['chat', 'call', 'video'];
/** A mode's name in the page's language (read when shown: these lists render in the browser after data loads). */
export const MODE_LABEL: Record<Mode, string> = {
  get chat() { return isHindiPage() ? 'चैट' : 'Chat'; },
  get call() { return isHindiPage() ? 'कॉल' : 'Call'; },
  get video() { return isHindiPage() ? 'वीडियो' : 'Video'; },
};

export type BookingStatus = 'pending' | 'confirmed' | 'declined' | 'expired' | 'cancelled' | 'in_progress' | 'completed' | 'no_show';

interface BookingCommon {
  id: string;
  mode: Mode;
  status: BookingStatus;
  pricePaise: number;
  slotStart: string;
  slotEnd: string;
  expiresAt: string | null;
  cancelledBy: 'customer' | 'astrologer' | null;
  money: { heldPaise: number; capturedPaise: number; releasedPaise: number } | null;
  createdAt: string;
  updatedAt: string;
}

export interface CustomerBooking extends BookingCommon {
  astrologer: { id: string; name: string };
}

export interface AstrologerBooking extends BookingCommon {
  customer: { name: string };
}

export interface BookingPolicy {
  requestTtlMinutes: number;
  freeCancelHours: number;
  lateCancelFeeBps: number;
  commissionBps: number;
  reminderLeadMinutes: number;
  noShowGraceMinutes: number;
  earlyStartMinutes: number;
  rules: string[];
}

export const fetchPolicy = () => api<BookingPolicy>('/api/user/consultations/policy');

/** The booking rules in plain words, from the policy's numbers. */
export function policyLines(p: BookingPolicy): string[] {
  if (isHindiPage()) {
    return [
      `कीमत अभी आपके वॉलेट से रोकी जाती है; ज्योतिषी के पास स्वीकार करने के लिए ${p.requestTtlMinutes} मिनट हैं, वरना पूरी राशि वापस आ जाती है।`,
      'ज्योतिषी के स्वीकार करने से पहले अनुरोध वापस लेना मुफ़्त है।',
      `शुरुआत से कम से कम ${p.freeCancelHours} घंटे पहले रद्द करने पर पूरा रिफ़ंड; उसके बाद कीमत का ${percent(p.lateCancelFeeBps)} शुल्क।`,
      `ज्योतिषी के मना करने, ${p.requestTtlMinutes} मिनट में जवाब न देने, रद्द करने या न आने पर पूरा रिफ़ंड।`,
    ];
  }
  return [
    `The price is reserved from your wallet now; ${p.requestTtlMinutes} minutes for the astrologer to accept, or it all comes back.`,
    'Withdrawing a request before the astrologer accepts is free.',
    `Full refund if you cancel at least ${hours(p.freeCancelHours)} before the start; later, a fee of ${percent(p.lateCancelFeeBps)} of the price.`,
    `Full refund if the astrologer declines, doesn't respond in ${p.requestTtlMinutes} min, cancels or doesn't show.`,
  ];
}

const hours = (h: number) => (h === 1 ? '1 hour' : `${h} hours`);

/** What the customer would get back if they cancelled `b` now, per the policy (the server decides; this is a preview). */
export function refundPreview(b: CustomerBooking, p: BookingPolicy, now = Date.now()): { refundPaise: number; feePaise: number } {
  if (b.status !== 'confirmed') return { refundPaise: b.pricePaise, feePaise: 0 };
  const early = Date.parse(b.slotStart) - now >= p.freeCancelHours * 3_600_000;
  if (early) return { refundPaise: b.pricePaise, feePaise: 0 };
  // Half up to the paisa, as the server's split rounds.
  const feePaise = Math.floor((b.pricePaise * p.lateCancelFeeBps + 5_000) / 10_000);
  return { refundPaise: b.pricePaise - feePaise, feePaise };
}

const STATUS_EN: Record<BookingStatus, string> = {
  pending: 'Awaiting astrologer',
  confirmed: 'Confirmed',
  declined: 'Declined',
  expired: 'Expired',
  cancelled: 'Cancelled',
  in_progress: 'In progress',
  completed: 'Completed',
  no_show: 'No-show',
};
const STATUS_HI: Record<BookingStatus, string> = {
  pending: 'ज्योतिषी की प्रतीक्षा',
  confirmed: 'पक्की',
  declined: 'अस्वीकृत',
  expired: 'समय समाप्त',
  cancelled: 'रद्द',
  in_progress: 'जारी',
  completed: 'पूरी हुई',
  no_show: 'नहीं आए',
};
/** A booking's status in the page's language (read when shown, in the browser). */
export const STATUS_LABEL = new Proxy(STATUS_EN, {
  get: (target, key: string) => (isHindiPage() ? STATUS_HI : target)[key as BookingStatus],
}) as Record<BookingStatus, string>;

export const STATUS_TONE: Record<BookingStatus, 'pending' | 'ok' | 'off' | 'live'> = {
  pending: 'pending',
  confirmed: 'ok',
  declined: 'off',
  expired: 'off',
  cancelled: 'off',
  in_progress: 'live',
  completed: 'ok',
  no_show: 'off',
};

/** A fresh Idempotency-Key for one money-moving attempt (reused when the same attempt is retried). */
export function newKey(prefix: string): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** "Tue 14 Jul, 10:30 AM" in `zone` (the viewer's). */
export function whenIn(iso: string, zone: string, withYear = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  try {
    const date = new Intl.DateTimeFormat(isHindiPage() ? 'hi-IN' : 'en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}) }).format(d);
    return `${date.replace(/,/g, '')}, ${timeIn(iso, zone)}`;
  } catch {
    return d.toISOString();
  }
}

/** "10:30 AM" in `zone`. */
export function timeIn(iso: string, zone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', minute: '2-digit', hour12: true }).format(new Date(iso)).replace(/\s+/g, ' ');
}

export function minutesBetween(a: string, b: string): number {
  return Math.round((Date.parse(b) - Date.parse(a)) / 60_000);
}

/* ---------- earnings and payouts ---------- */

export interface Amounts {
  grossPaise: number;
  commissionPaise: number;
  netPaise: number;
}

export interface EarningsPeriod extends Amounts {
  byMode: Record<Mode, Amounts>;
}

export interface EarningsSummary {
  timeZone: 'Asia/Kolkata';
  today: string;
  periods: { today: EarningsPeriod; thisWeek: EarningsPeriod; thisMonth: EarningsPeriod; allTime: EarningsPeriod };
  balance: { balancePaise: number; pendingPayoutsPaise: number; availablePaise: number };
  series: (Amounts & { date: string })[];
}

export type PayoutStatus = 'requested' | 'paid' | 'rejected';

export interface Payout {
  id: string;
  status: PayoutStatus;
  grossPaise: number;
  tdsPaise: number;
  netPaise: number;
  tdsBps: number;
  reference: string | null;
  rejectReason: string | null;
  requestedAt: string;
  decidedAt: string | null;
}

export interface AdminPayout extends Payout {
  astrologerId: string;
  astrologerName: string;
}

/** The API's default TDS rate, used for the preview until a payout tells the real one. */
export const DEFAULT_TDS_BPS = 1000;

export const PAYOUT_LABEL: Record<PayoutStatus, string> = {
  get requested() { return isHindiPage() ? 'अनुरोध किया गया' : 'Requested'; },
  get paid() { return isHindiPage() ? 'भुगतान हो गया' : 'Paid'; },
  get rejected() { return isHindiPage() ? 'अस्वीकृत' : 'Rejected'; },
};

export function tdsOn(grossPaise: number, tdsBps: number): number {
  return Math.floor((grossPaise * tdsBps + 5_000) / 10_000);
}

/** The minimum payout in paise from the API's words ("a payout is at least 50000 paise"). */
export function minFromDetail(detail: string): number | null {
  const m = /at least (\d+) paise/.exec(detail) ?? />=\s*(\d+)/.exec(detail);
  return m ? Number(m[1]) : null;
}
