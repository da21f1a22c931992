export { createNotificationService, type NotificationService } from './service.js';
export { notificationRoutes } from './http.js';
