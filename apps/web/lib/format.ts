import { isHindiPage, pageIntlTag } from './locale';

/**
 * ₹25, ₹1,00,000, or ₹25.50 when there are paise: the one money format of the app, in both languages (Indian
 * grouping with Latin digits, as Indian apps and bank statements write amounts in Hindi too).
 */
export function rupees(paise: number | null | undefined): string {
  if (paise === null || paise === undefined || !Number.isFinite(paise)) return '—';
  const value = paise / 100;
  const text = Number.isInteger(value)
    ? value.toLocaleString('en-IN')
    : value.toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `₹${text}`;
}

/** Rupees typed by a person ("25", "25.5") to integer paise; null when blank, NaN when not a price. */
export function paiseFromRupees(input: string): number | null {
  const trimmed = input.trim();
  if (!trimmed) return null;
  if (!/^\d+(\.\d{1,2})?$/.test(trimmed)) return Number.NaN;
  return Math.round(Number(trimmed) * 100);
}

export function rupeesInput(paise: number | null | undefined): string {
  if (paise === null || paise === undefined) return '';
  return Number.isInteger(paise / 100) ? String(paise / 100) : (paise / 100).toFixed(2);
}

/** "Asha (Admin)" → "AA": the first letter of the first and last word that has one. */
export function initials(name: string | null | undefined): string {
  const firstLetters = (name ?? '')
    .trim()
    .split(/\s+/)
    .map((w) => /\p{L}/u.exec(w)?.[0])
    .filter((c): c is string => !!c);
  const picked = firstLetters.length > 1 ? [firstLetters[0], firstLetters[firstLetters.length - 1]] : firstLetters.slice(0, 1);
  return picked.join('').toUpperCase() || '?';
}

const AVATAR_TONES = ['#7a1f35', '#b4531a', '#8a6d1c', '#5e3a7a', '#2f6b5e', '#9c2f4e', '#3f5a8a'];

export function avatarTone(seed: string): string {
  let hash = 0;
  for (const ch of seed) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return AVATAR_TONES[hash % AVATAR_TONES.length] ?? '#7a1f35';
}

export function countdown(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function compactCount(n: number): string {
  return n.toLocaleString('en-IN');
}

/** A number in Indian grouping: 100000 → "1,00,000". */
export const indianNumber = (n: number): string => n.toLocaleString('en-IN');

export function sentence(text: string): string {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

export function timeAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const minutes = Math.round((now - t) / 60_000);
  if (isHindiPage()) return hindiAgo(t, minutes);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(t).toLocaleDateString('en-IN', { day: 'numeric', month: 'short', year: 'numeric' });
}

/** "अभी", "5 मिनट पहले", "3 घंटे पहले", else the date. */
export function hindiAgo(t: number, minutes: number): string {
  const rtf = new Intl.RelativeTimeFormat('hi-IN', { numeric: 'auto' });
  if (minutes < 1) return 'अभी';
  if (minutes < 60) return rtf.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 24) return rtf.format(-hours, 'hour');
  return new Date(t).toLocaleDateString(pageIntlTag(), { day: 'numeric', month: 'short', year: 'numeric' });
}
