import { route, type AnyRoute } from '@ap/http';
import {
  idParams, listQuery, notificationOutput, notificationPage, pushStatusOutput, pushStatusQuery, pushSubscriptionInput, pushSubscriptionOutput,
  pushUnsubscribeInput, readAllOutput, unreadCountOutput, vapidPublicKeyOutput,
} from './schemas.js';
import type { NotificationService } from './service.js';

export function notificationRoutes(notifications: NotificationService): AnyRoute[] {
  const tags = ['notifications'];
  return [
    route({
      method: 'get', path: '/notifications', tags, access: 'any', summary: 'My notifications, newest first, with my unread count',
      query: listQuery, response: notificationPage,
      handler: ({ caller, query }) => notifications.list(caller.claims, query),
    }),
    route({
      method: 'get', path: '/notifications/unread-count', tags, access: 'any', summary: 'How many of my notifications are unread (the bell badge)',
      response: unreadCountOutput,
      handler: ({ caller }) => notifications.unreadCount(caller.claims),
    }),
    route({
      method: 'post', path: '/notifications/read-all', tags, access: 'any', summary: 'Mark all my notifications read',
      response: readAllOutput,
      handler: ({ caller }) => notifications.markAllRead(caller.claims),
    }),
    route({
      method: 'get', path: '/notifications/push/public-key', tags, access: 'public', summary: 'The VAPID public key to subscribe browsers with',
      response: vapidPublicKeyOutput, errors: [503],
      handler: () => notifications.pushPublicKey(),
    }),
    route({
      method: 'get', path: '/notifications/push/subscriptions', tags, access: 'any', summary: 'Whether I (and this browser\'s endpoint) receive Web Push',
      query: pushStatusQuery, response: pushStatusOutput,
      handler: ({ caller, query }) => notifications.pushStatus(caller.claims, query.endpoint),
    }),
    route({
      method: 'post', path: '/notifications/push/subscriptions', tags, access: 'any',
      summary: 'Receive my notifications as Web Push in this browser (PushSubscription.toJSON(); idempotent per endpoint)',
      body: pushSubscriptionInput, response: pushSubscriptionOutput, errors: [503],
      handler: ({ caller, body }) => notifications.subscribePush(caller.claims, body),
    }),
    route({
      method: 'delete', path: '/notifications/push/subscriptions', tags, access: 'any', summary: 'Stop Web Push to this browser\'s endpoint',
      body: pushUnsubscribeInput, response: null,
      handler: ({ caller, body }) => notifications.unsubscribePush(caller.claims, body.endpoint),
    }),
    route({
      method: 'post', path: '/notifications/:id/read', tags, access: 'any', summary: 'Mark one of my notifications read',
      params: idParams, response: notificationOutput, errors: [404],
      handler: ({ caller, params }) => notifications.markRead(caller.claims, params.id),
    }),
  ];
}
