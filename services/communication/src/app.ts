import type { Server } from 'node:http';
import { chatRoutes, createChatService, type ChatMessage } from '@ap/chat';
import { createFeedbackService, feedbackRoutes } from '@ap/feedback';
import { createApp } from '@ap/http';
import { startJobRunner } from '@ap/jobs';
import { createNotificationService, notificationRoutes, webPushConfigFromEnv } from '@ap/notifications';
import { registerJobQueueMetrics, type Platform } from '@ap/platform';
import { createRealtime, rtcRoutes, type Realtime } from '@ap/realtime';
import { createSessionService, registerSessionMetrics, sessionConfigFromEnv, sessionRoutes } from '@ap/sessions';
import type { Registry } from 'prom-client';

export interface CommunicationOptions {
  /** The server clock (tests move it); billing reads no other time. */
  now?: () => Date;
}

/**
 * Real-time consultations: /api/communication/* — instant sessions, chat, calls and video, notifications,
 * feedback — and, once attached to the HTTP server, the Socket.IO channel with its workers.
 */
export function createCommunication(p: Platform, opts: CommunicationOptions = {}) {
  const now = opts.now ?? (() => new Date());
  const notifications = createNotificationService({ pool: p.pool, webPush: webPushConfigFromEnv(p.env) });
  const sessions = createSessionService({ pool: p.pool, config: sessionConfigFromEnv(p.env), now });
  let live: Realtime | null = null;
  const chat = createChatService({
    pool: p.pool, storage: p.storage, now,
    onAstrologerMessage: (tx, consultationId, senderId, at) => sessions.noteMessage(tx, consultationId, senderId, at),
    events: {
      message: (m: ChatMessage, exceptSocketId?: string) => live?.publishMessage(m, exceptSocketId),
      read: (r) => live?.publishRead(r),
    },
  });
  let registry: Registry | undefined;
  const app = createApp({
    service: 'communication', title: 'Anytime Pooja — communication', version: '0.1.0',
    pool: p.pool, verifyToken: p.verifyToken, limits: p.limits, logger: p.logger,
    corsOrigins: p.env.CORS_ORIGINS, bodyLimit: p.env.BODY_LIMIT, trustProxy: p.env.TRUST_PROXY,
    registerMetrics: (r) => { registry = r; registerSessionMetrics(r, p.pool); registerJobQueueMetrics(r, p.pool); },
    routes: [
      ...sessionRoutes(sessions),
      ...chatRoutes(chat),
      ...rtcRoutes(p.env, chat, now),
      ...notificationRoutes(notifications),
      ...feedbackRoutes(createFeedbackService({ pool: p.pool })),
    ],
  });

  return {
    app, chat, sessions,
    /** Opens the Socket.IO channel on the service's HTTP server. */
    attach(server: Server, o: { heartbeatMs?: number } = {}): Realtime {
      live = createRealtime({
        httpServer: server, verifyToken: p.verifyToken, databaseUrl: p.env.DATABASE_DIRECT_URL ?? p.env.DATABASE_URL, chat, sessions, logger: p.logger,
        corsOrigins: p.env.CORS_ORIGINS, redisUrl: p.env.REDIS_URL, registry, heartbeatMs: o.heartbeatMs,
        loadNotification: async (id) => { const n = await notifications.find(id); return n ? { ...n } : null; },
      });
      return live;
    },
    /**
     * The session timers (request expiry, start timeout, end of funds, low-balance warning) and the sweeper. Safe in
     * every instance: each due job runs once, in one of them.
     */
    startWorkers(o: { pollIntervalMs?: number; sweepIntervalMs?: number } = {}) {
      const runner = startJobRunner({
        pool: p.pool, handlers: sessions.jobHandlers, now, pollIntervalMs: o.pollIntervalMs ?? 1_000,
        log: (msg, extra) => p.logger.warn(extra ?? {}, msg),
      });
      const sweep = setInterval(() => {
        sessions.sweep().catch((err: unknown) => p.logger.warn({ err }, 'session sweep failed'));
      }, o.sweepIntervalMs ?? 15_000);
      sweep.unref();
      return { drain: () => runner.drain(), stop: async () => { clearInterval(sweep); await runner.stop(); } };
    },
  };
}

export const buildCommunicationApp = (p: Platform) => createCommunication(p).app;
