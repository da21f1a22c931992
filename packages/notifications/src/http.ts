import { route, type AnyRoute } from '@ap/http';
import { idParams, listQuery, notificationOutput, notificationPage } from './schemas.js';
import type { NotificationService } from './service.js';

export function notificationRoutes(notifications: NotificationService): AnyRoute[] {
  const tags = ['notifications'];
  return [
    route({
      method: 'get', path: '/notifications', tags, access: 'any', summary: 'My notifications, newest first',
      query: listQuery, response: notificationPage,
      handler: ({ caller, query }) => notifications.list(caller.claims, query),
    }),
    route({
      method: 'post', path: '/notifications/:id/read', tags, access: 'any', summary: 'Mark one of my notifications read',
      params: idParams, response: notificationOutput, errors: [404],
      handler: ({ caller, params }) => notifications.markRead(caller.claims, params.id),
    }),
  ];
}
