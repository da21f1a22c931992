import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export type Kind = 'user' | 'astrologer';

export const OTP_RULES = {
  digits: 6,
  ttlSeconds: 5 * 60,
  maxWrongTries: 5,
  resendAfterSeconds: 30,
} as const;

/** A 6-digit code from the CSPRNG, leading zeros kept. */
export const generateCode = (): string => String(randomInt(0, 10 ** OTP_RULES.digits)).padStart(OTP_RULES.digits, '0');

/** Keyed hash of a code, bound to the phone and app so a row copied elsewhere verifies nothing. */
export const hashCode = (secret: string, phone: string, kind: Kind, code: string): string =>
  createHmac('sha256', secret).update(`${kind}:${phone}:${code}`).digest('hex');

export function codeMatches(secret: string, phone: string, kind: Kind, code: string, storedHash: string): boolean {
  const a = Buffer.from(hashCode(secret, phone, kind, code), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export type OtpCheck =
  | { ok: true }
  | { ok: false; reason: 'expired' | 'locked' | 'consumed' };

/** May this stored code still be tried? Checked before the comparison, so a locked code is never compared. */
export function checkOtpUsable(row: { expiresAt: Date; failedAttempts: number; consumedAt: Date | null }, now: Date): OtpCheck {
  if (row.consumedAt) return { ok: false, reason: 'consumed' };
  if (row.failedAttempts >= OTP_RULES.maxWrongTries) return { ok: false, reason: 'locked' };
  if (row.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true };
}

/** Seconds until another code may be sent, 0 when it may be sent now. */
export function resendWait(lastSentAt: Date | null, now: Date): number {
  if (!lastSentAt) return 0;
  const elapsed = (now.getTime() - lastSentAt.getTime()) / 1000;
  return Math.max(0, Math.ceil(OTP_RULES.resendAfterSeconds - elapsed));
}

/** Opaque refresh token: 256 random bits; only its SHA-256 is stored. */
export const newRefreshToken = (): string => randomBytes(32).toString('base64url');
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export const otpMessage = (code: string) =>
  `${code} is your Anytime Pooja verification code. It expires in 5 minutes. Never share it with anyone.`;
