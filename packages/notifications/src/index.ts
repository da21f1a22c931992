export { createNotificationService, WEB_PUSH_JOB, type NotificationDeps, type NotificationService } from './service.js';
export { notificationRoutes } from './http.js';
export { insertNotification, type NotificationInput } from './repo.js';
export { notificationOutput, type Notification } from './schemas.js';
export { DEFAULT_PUSH_HOSTS } from './rules.js';
export { webPushEnv, webPushEnvIssues, webPushConfigFromEnv, type WebPushConfig, type WebPushEnv } from './config.js';
export { fetchPushSender, generateVapidKeys, type PushRequest, type PushSender } from './web-push.js';
export { startWebPushJobs, startWebPushWorker, type WebPushJobsOptions } from './jobs.js';
