import { z } from '@ap/http';

export const notificationOutput = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    data: z.record(z.string(), z.unknown()),
    /** The in-app page it is about: `data.url` when the sender set one, else derived from `kind`. */
    url: z.string(),
    readAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi('Notification');

export const notificationPage = z
  .object({
    items: z.array(notificationOutput),
    nextCursor: z.string().nullable(),
    unreadCount: z.number().int().min(0).openapi({ description: 'All my unread notifications, not only this page' }),
  })
  .openapi('NotificationPage');

export const unreadCountOutput = z.object({ unreadCount: z.number().int().min(0) }).openapi('UnreadCount');

export const readAllOutput = z
  .object({ updated: z.number().int().min(0).openapi({ description: 'How many were unread' }), unreadCount: z.literal(0) })
  .openapi('ReadAllResult');

const base64url = (length: number) => z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${length}}$`), `base64url, ${length} characters`);

/** Exactly what the browser's PushSubscription.toJSON() gives (expirationTime may be null). */
export const pushSubscriptionInput = z
  .strictObject({
    endpoint: z.url({ protocol: /^https?$/ }).max(2048),
    expirationTime: z.number().nullable().optional(),
    keys: z.strictObject({ p256dh: base64url(87), auth: base64url(22) }),
  })
  .openapi('PushSubscriptionInput');

export const pushSubscriptionOutput = z
  .object({ id: z.uuid(), endpoint: z.string(), created: z.boolean() })
  .openapi('PushSubscription');

export const pushUnsubscribeInput = z.strictObject({ endpoint: z.url({ protocol: /^https?$/ }).max(2048) }).openapi('PushUnsubscribeInput');

export const pushStatusQuery = z.strictObject({ endpoint: z.url({ protocol: /^https?$/ }).max(2048).optional() });

export const pushStatusOutput = z
  .object({
    subscriptions: z.number().int().min(0).openapi({ description: 'My subscribed browsers' }),
    subscribed: z.boolean().openapi({ description: 'Whether the endpoint in the query is one of them' }),
  })
  .openapi('PushStatus');

export const vapidPublicKeyOutput = z
  .object({ publicKey: z.string().openapi({ description: 'applicationServerKey for pushManager.subscribe (base64url)' }) })
  .openapi('VapidPublicKey');

export const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export const idParams = z.strictObject({ id: z.uuid() });

export type Notification = z.infer<typeof notificationOutput>;
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionInput>;
