import { DomainError, encodeCursor, invalid, notFound } from '@ap/core';
import { asCaller, asService, decodeTimeCursor, isUuid, type JwtClaims, type Pool, type Tx } from '@ap/db';
import type { WebPushConfig } from './config.js';
import * as repo from './repo.js';
import {
  DEFAULT_PUSH_HOSTS, MAX_PUSH_SUBSCRIPTIONS_PER_USER, isAllowedPushEndpoint, isStalePush, notificationUrl, pushOutcome, pushPayload, pushUrgency,
} from './rules.js';
import type { Notification, PushSubscriptionInput } from './schemas.js';
import { fetchPushSender, generateVapidKeys, type PushSender } from './web-push.js';

/** The job a trigger enqueues for every (new notification, subscription of its recipient); see the web_push migration. */
export const WEB_PUSH_JOB = 'notifications.web_push';

const toApi = ({ cursorAt: _cursor, recipientKind, ...r }: repo.NotificationRow): Notification => ({
  ...r, url: notificationUrl(r.kind, r.data, recipientKind), readAt: r.readAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString(),
});

const pushDisabled = () =>
  new DomainError('unavailable', 'push_disabled', 'Web Push is not configured on this server (VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT)');

const PUSH_OFF: WebPushConfig = { keys: null, subject: '', generateKeys: false, allowInsecureEndpoints: false, endpointHosts: DEFAULT_PUSH_HOSTS };

export interface NotificationDeps {
  pool: Pool;
  /** Without it Web Push is off: no public key, subscriptions refused, queued pushes dropped. */
  webPush?: WebPushConfig;
  sender?: PushSender;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
  now?: () => Date;
}

export function createNotificationService({ pool, webPush = PUSH_OFF, sender = fetchPushSender(), log = () => undefined, now = () => new Date() }: NotificationDeps) {
  let vapidKeys: Promise<repo.VapidKeyPair | null> | null = null;
  const endpointRule = { allowInsecure: webPush.allowInsecureEndpoints, hosts: webPush.endpointHosts };

  /** The configured pair; else, where allowed, the one stored in the database (generated on first use). */
  function vapid(): Promise<repo.VapidKeyPair | null> {
    if (webPush.keys) return Promise.resolve(webPush.keys);
    if (!webPush.generateKeys) return Promise.resolve(null);
    vapidKeys ??= asService(pool, (tx) => repo.findOrInsertVapidKeys(tx, generateVapidKeys())).catch((err: unknown) => {
      vapidKeys = null;
      throw err;
    });
    return vapidKeys;
  }

  async function requireVapid(): Promise<repo.VapidKeyPair> {
    const keys = await vapid();
    if (!keys) throw pushDisabled();
    return keys;
  }

  /** Sends one queued push. Runs in the job's transaction: a throw is retried with backoff by the job runner. */
  async function deliverPush(tx: Tx, payload: Record<string, unknown>): Promise<void> {
    const { notificationId, subscriptionId } = payload;
    if (!isUuid(notificationId) || !isUuid(subscriptionId)) throw new Error(`malformed ${WEB_PUSH_JOB} payload`);
    const target = await repo.findPushTarget(tx, notificationId, subscriptionId);
    // Unsubscribed, moved to another account, or the notification is gone: nothing to send.
    if (!target) return;
    // Stored before the rule was narrowed (or by other means): never posted to.
    if (!isAllowedPushEndpoint(target.endpoint, endpointRule)) {
      log('push subscription endpoint not allowed, removed', { subscriptionId });
      await repo.deletePushSubscription(tx, subscriptionId);
      return;
    }
    if (isStalePush(target.notification.createdAt, now())) return;
    const keys = await vapid();
    if (!keys) return;
    const n = toApi(target.notification);
    const status = await sender({
      endpoint: target.endpoint, p256dh: target.p256dh, auth: target.auth,
      payload: pushPayload({ id: n.id, kind: n.kind, title: n.title, body: n.body, url: n.url, createdAt: n.createdAt, data: n.data }),
      urgency: pushUrgency(n.kind),
      vapid: { ...keys, subject: webPush.subject },
    });
    const outcome = pushOutcome(status);
    if (outcome === 'gone') {
      log('push subscription expired, removed', { subscriptionId, status });
      await repo.deletePushSubscription(tx, subscriptionId);
    } else if (outcome === 'retry') {
      throw new Error(`push service answered ${status}`);
    }
  }

  return {
    async list(claims: JwtClaims, q: { limit: number; cursor?: string | undefined }) {
      const after = q.cursor ? decodeTimeCursor(q.cursor) : null;
      const { rows, unreadCount } = await asCaller(pool, claims, async (tx) => ({
        rows: await repo.listOwn(tx, q.limit + 1, after),
        unreadCount: await repo.countUnread(tx),
      }));
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return { items: page.map(toApi), nextCursor: rows.length > q.limit && last ? encodeCursor([last.cursorAt, last.id]) : null, unreadCount };
    },

    unreadCount: async (claims: JwtClaims) => ({ unreadCount: await asCaller(pool, claims, (tx) => repo.countUnread(tx)) }),

    async markRead(claims: JwtClaims, id: string): Promise<Notification> {
      const row = await asCaller(pool, claims, (tx) => repo.markRead(tx, id));
      if (!row) throw notFound('notification_not_found', 'no such notification');
      return toApi(row);
    },

    markAllRead: async (claims: JwtClaims) => ({ updated: await asCaller(pool, claims, (tx) => repo.markAllRead(tx)), unreadCount: 0 as const }),

    /** Server-side: other capabilities notify a person (booking made, session requested...). */
    notify: (n: repo.NotificationInput) => asService(pool, (tx) => repo.insertNotification(tx, n)).then(toApi),

    /** One notification as the list returns it (e.g. to push it live over a socket), or null. */
    find: async (id: string): Promise<Notification | null> => {
      const row = await asService(pool, (tx) => repo.findNotification(tx, id));
      return row ? toApi(row) : null;
    },

    pushPublicKey: async () => ({ publicKey: (await requireVapid()).publicKey }),

    async subscribePush(claims: JwtClaims, input: PushSubscriptionInput) {
      await requireVapid();
      if (!isAllowedPushEndpoint(input.endpoint, endpointRule)) {
        throw invalid('push_endpoint_not_allowed', webPush.endpointHosts
          ? `a push subscription endpoint must be an https:// URL on a known push service (${webPush.endpointHosts.join(', ')})`
          : 'a push subscription endpoint must be an https:// URL');
      }
      // As the service: an endpoint another account registered on this browser moves to the caller (see repo).
      const saved = await asService(pool, async (tx) => {
        const row = await repo.upsertPushSubscription(tx, { userId: claims.sub, endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth });
        await repo.trimPushSubscriptions(tx, claims.sub, MAX_PUSH_SUBSCRIPTIONS_PER_USER);
        return row;
      });
      return { ...saved, endpoint: input.endpoint };
    },

    /** Idempotent: removing an endpoint that is not (or no longer) mine is not an error. */
    async unsubscribePush(claims: JwtClaims, endpoint: string): Promise<void> {
      await asCaller(pool, claims, (tx) => repo.deleteOwnPushSubscription(tx, endpoint));
    },

    async pushStatus(claims: JwtClaims, endpoint?: string) {
      const { total, endpoint: found } = await asCaller(pool, claims, (tx) => repo.countOwnPushSubscriptions(tx, endpoint ?? null));
      return { subscriptions: total, subscribed: found };
    },

    /** Where the VAPID keys come from, for the start-up log. */
    async describePush(): Promise<string> {
      if (webPush.keys) return 'Web Push on (VAPID keys from the environment)';
      if (!webPush.generateKeys) return 'Web Push off: set VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT to send browser notifications';
      await vapid();
      return 'Web Push on with a development VAPID key pair kept in the database (set VAPID_* in production)';
    },

    jobHandlers: { [WEB_PUSH_JOB]: deliverPush },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
