import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type WebhookHeaders = Record<string, string | string[] | undefined>;

export const hmacSha256Hex = (secret: string, message: string | Buffer) =>
  createHmac('sha256', secret).update(message).digest('hex');

export const sha256Hex = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Constant-time comparison of two hex digests; a malformed or differently sized candidate is simply unequal. */
export function hexDigestsEqual(expectedHex: string, candidate: string): boolean {
  if (!/^[0-9a-f]+$/i.test(candidate) || candidate.length !== expectedHex.length) return false;
  return timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(candidate.toLowerCase(), 'hex'));
}

/**
 * One header value, looked up case-insensitively. A repeated header (an array) is treated as absent: a signature
 * sent twice is ambiguous, and which copy to trust is not ours to guess.
 */
export function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return typeof value === 'string' && value !== '' ? value : undefined;
  }
  return undefined;
}

export function parseJson(rawBody: Buffer): unknown {
  try {
    return JSON.parse(rawBody.toString('utf8'));
  } catch {
    return undefined;
  }
}
