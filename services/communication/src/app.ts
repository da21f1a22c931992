import { createFeedbackService, feedbackRoutes } from '@ap/feedback';
import { createApp } from '@ap/http';
import { createNotificationService, notificationRoutes, webPushConfigFromEnv } from '@ap/notifications';
import type { Platform } from '@ap/platform';

/** Real-time consultations API: /api/communication/* (notifications now; chat, calls and video next). */
export function buildCommunicationApp(p: Platform) {
  const notifications = createNotificationService({ pool: p.pool, webPush: webPushConfigFromEnv(p.env) });
  return createApp({
    service: 'communication', title: 'Anytime Pooja — communication', version: '0.1.0',
    pool: p.pool, verifyToken: p.verifyToken, limits: p.limits, logger: p.logger,
    corsOrigins: p.env.CORS_ORIGINS, bodyLimit: p.env.BODY_LIMIT, trustProxy: p.env.TRUST_PROXY,
    routes: [...notificationRoutes(notifications), ...feedbackRoutes(createFeedbackService({ pool: p.pool }))],
  });
}
