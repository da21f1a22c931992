import { pageIntlTag } from './locale';
import { api, apiBlob } from './api';

export type Gateway = 'razorpay' | 'stripe' | 'sandbox';

export interface WalletBalance {
  balancePaise: number;
  heldPaise: number;
  availablePaise: number;
  currency: 'INR';
}

export interface RechargePacks {
  packsPaise: number[];
  minPaise: number;
  maxPaise: number;
  gstBps: number;
  provider: Gateway;
}

export interface RechargeOrder {
  orderId: string;
  provider: Gateway;
  status: 'created' | 'paid' | 'failed' | 'refunded';
  amountPaise: number;
  gstPaise: number;
  totalPaise: number;
  clientPayload: Record<string, unknown> | null;
  createdAt: string;
  paidAt: string | null;
}

export type TransferKind = 'recharge' | 'gst' | 'capture' | 'commission' | 'refund' | 'gst_refund' | 'payout' | 'promo' | 'adjustment';

export interface LedgerEntry {
  id: string;
  type: TransferKind;
  amountPaise: number;
  balanceAfterPaise: number;
  reference: { type: 'payment' | 'consultation' | 'payout' | 'adjustment'; id: string } | null;
  memo: string | null;
  gst: { gstPaise: number; totalPaise: number } | null;
  createdAt: string;
}

export interface LedgerPage {
  items: LedgerEntry[];
  nextCursor: string | null;
}

/** Tells the header (and anything else showing the balance) to read it again. */
export const WALLET_CHANGED = 'ap:wallet-changed';
export const walletChanged = () => window.dispatchEvent(new Event(WALLET_CHANGED));

export const fetchBalance = () => api<WalletBalance>('/api/user/wallet/balance', { auth: 'customer' });

/** GST on top of a recharge exactly as the server computes it: amount × bps / 10 000, rounded half up to the paisa. */
export function gstOn(amountPaise: number, gstBps: number): number {
  return Math.floor((amountPaise * gstBps + 5_000) / 10_000);
}

/** "18%" or "12.5%" from basis points. */
export const percent = (bps: number) => `${(bps / 100).toLocaleString(pageIntlTag(), { maximumFractionDigits: 2 })}%`;

/** A random Idempotency-Key (letters, digits and dashes), also outside secure contexts where randomUUID is missing. */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `recharge-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export type EntryKind = 'recharge' | 'consultation' | 'bankRefund' | 'refund' | 'promo' | 'adjustment' | 'payout' | 'gst' | 'gstRefund' | 'commission' | 'other';

/** What a history line is, from the customer's side (a message key: wallet.entry.<kind>). */
export function entryKind(e: LedgerEntry): EntryKind {
  switch (e.type) {
    case 'recharge':
      return 'recharge';
    case 'capture':
      return 'consultation';
    case 'refund':
      return e.reference?.type === 'payment' && e.amountPaise < 0 ? 'bankRefund' : 'refund';
    case 'promo':
      return 'promo';
    case 'adjustment':
      return 'adjustment';
    case 'payout':
      return 'payout';
    case 'gst':
      return 'gst';
    case 'gst_refund':
      return 'gstRefund';
    case 'commission':
      return 'commission';
    default:
      return 'other';
  }
}

/** YYYY-MM-DD of a local date. */
export function isoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function entryTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleString(pageIntlTag(), { day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true });
}

/** Fetches the CSV with the customer's token and hands it to the browser as a download. */
export async function downloadStatement(from: string, to: string): Promise<void> {
  // The statement counts calendar days in the customer's own zone.
  const query = new URLSearchParams({ from, to, tz: Intl.DateTimeFormat().resolvedOptions().timeZone || 'Asia/Kolkata' });
  const { blob, filename } = await apiBlob(`/api/user/wallet/statement.csv?${query}`, { auth: 'customer', headers: { accept: 'text/csv' } });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename ?? `anytime-pooja-statement-${from}-to-${to}.csv`;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
