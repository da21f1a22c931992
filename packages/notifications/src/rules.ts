/** A browser keeps one subscription per profile; more than this per person is stale devices, oldest dropped. */
export const MAX_PUSH_SUBSCRIPTIONS_PER_USER = 10;

/** How long a push service keeps an undelivered message, and the age past which a queued push is not sent. */
export const PUSH_TTL_SECONDS = 24 * 60 * 60;

/** RFC 8291 allows 4096-byte records; encryption adds 103 bytes (header, tag, padding delimiter). */
export const MAX_PUSH_PAYLOAD_BYTES = 3_800;

export type RecipientKind = 'user' | 'astrologer';

/**
 * The browsers' push services: Chrome, Android, Opera and Samsung Internet (Firebase Cloud Messaging), Firefox
 * (Mozilla autopush), Safari (Apple) and Edge (Windows Push Notification Services). `*.` matches any subdomain.
 */
export const DEFAULT_PUSH_HOSTS: readonly string[] = ['fcm.googleapis.com', 'updates.push.services.mozilla.com', 'web.push.apple.com', '*.notify.windows.com'];

/** `host` is `pattern`, or with `*.example.com` any subdomain of example.com (not example.com itself). */
export function hostMatches(host: string, pattern: string): boolean {
  const h = host.toLowerCase();
  const p = pattern.toLowerCase();
  return p.startsWith('*.') ? h.endsWith(p.slice(1)) && h.length > p.length - 1 : h === p;
}

/**
 * Where the server may post pushes. A subscription's endpoint comes from the client, so in production it must be an
 * https URL on a known push service's host (default port), or the server could be made to post to any address —
 * an internal one included. `hosts: null` accepts any host (outside production, where http is accepted too for a
 * local fake push service).
 */
export function isAllowedPushEndpoint(endpoint: string, { allowInsecure, hosts = null }: { allowInsecure: boolean; hosts?: readonly string[] | null }): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol !== 'https:' && !(allowInsecure && url.protocol === 'http:')) return false;
  if (!hosts) return true;
  // URL drops the default port, so any port left is another one.
  return url.port === '' && hosts.some((pattern) => hostMatches(url.hostname, pattern));
}

const isAppPath = (v: unknown): v is string => typeof v === 'string' && v.startsWith('/') && !v.startsWith('//') && v.length <= 500;

/** Where tapping the notification leads: `data.url` when the sender set an in-app path, else the page for its kind. */
export function notificationUrl(kind: string, data: Record<string, unknown>, recipient: RecipientKind): string {
  if (isAppPath(data.url)) return data.url;
  if (kind.startsWith('booking.')) return recipient === 'astrologer' ? '/astrologer/requests' : '/consultations';
  if (kind.startsWith('payout.')) return '/astrologer/earnings';
  if (kind.startsWith('wallet.') || kind.startsWith('refund.')) return '/wallet';
  return '/notifications';
}

/** Live requests must ring now; everything else can wait for the device's next wake-up. */
export const pushUrgency = (kind: string): 'high' | 'normal' =>
  /^(session|consultation)\.(request|requested|accepted|low_balance|starting)/.test(kind) || kind === 'booking.reminder' ? 'high' : 'normal';

export const isStalePush = (createdAt: Date, now: Date): boolean => now.getTime() - createdAt.getTime() > PUSH_TTL_SECONDS * 1000;

export type PushOutcome = 'delivered' | 'gone' | 'retry';

/** RFC 8030: 201 accepted; 404/410 the subscription is gone for good; anything else may pass (429, 5xx, network). */
export function pushOutcome(status: number): PushOutcome {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 404 || status === 410) return 'gone';
  return 'retry';
}

export interface PushMessage {
  id: string;
  kind: string;
  title: string;
  body: string;
  url: string;
  createdAt: string;
  data: Record<string, unknown>;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** The JSON the service worker shows; `data` is dropped, then the body shortened, to fit one push record. */
export function pushPayload(m: PushMessage): string {
  let json = JSON.stringify(m);
  if (bytes(json) <= MAX_PUSH_PAYLOAD_BYTES) return json;
  const lean = { ...m, data: {} };
  json = JSON.stringify(lean);
  // By code points, so an emoji is never cut in half.
  let body = Array.from(lean.body);
  while (bytes(json) > MAX_PUSH_PAYLOAD_BYTES && body.length > 0) {
    body = body.slice(0, Math.floor(body.length * 0.8));
    json = JSON.stringify({ ...lean, body: `${body.join('')}…` });
  }
  return json;
}
