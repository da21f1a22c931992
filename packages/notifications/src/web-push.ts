import webpush from 'web-push';
import { PUSH_TTL_SECONDS } from './rules.js';

export interface PushRequest {
  endpoint: string;
  p256dh: string;
  auth: string;
  payload: string;
  urgency: 'high' | 'normal';
  vapid: { publicKey: string; privateKey: string; subject: string };
}

/** Sends one push message; resolves with the push service's status, rejects on a network failure or timeout. */
export type PushSender = (req: PushRequest) => Promise<number>;

export const generateVapidKeys = () => webpush.generateVAPIDKeys();

/**
 * web-push encrypts the payload (RFC 8291, aes128gcm) and signs the VAPID JWT (RFC 8292); the request itself goes
 * through fetch, which takes http:// and https:// alike and bounds the whole exchange with one timeout.
 */
export function fetchPushSender({ timeoutMs = 10_000 }: { timeoutMs?: number } = {}): PushSender {
  return async (req) => {
    const details = webpush.generateRequestDetails({ endpoint: req.endpoint, keys: { p256dh: req.p256dh, auth: req.auth } }, req.payload, {
      vapidDetails: req.vapid, TTL: PUSH_TTL_SECONDS, urgency: req.urgency, contentEncoding: 'aes128gcm',
    });
    // fetch sets Content-Length from the body itself and refuses to be told.
    const headers = Object.fromEntries(
      Object.entries(details.headers).filter(([k]) => k.toLowerCase() !== 'content-length').map(([k, v]) => [k, String(v)]),
    );
    const res = await fetch(details.endpoint, {
      method: 'POST', headers, body: details.body, redirect: 'error', signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.status;
  };
}
