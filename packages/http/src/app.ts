import { randomUUID } from 'node:crypto';
import type { Pool } from '@ap/db';
import cors from 'cors';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { TokenVerifier } from './caller.js';
import { docsRouter } from './docs.js';
import { createMetrics } from './metrics.js';
import type { Registry } from 'prom-client';
import { buildDocument, createRegistry } from './openapi.js';
import { errorHandler, notFoundHandler } from './problem.js';
import type { RateLimits } from './rate-limit.js';
import { cachedTokenVerifier } from './token-cache.js';
import { mountRoute, type AnyRoute } from './route.js';

export interface AppOptions {
  /** e.g. `user`; the API lives under /api/<service>. */
  service: string;
  /** Adds a capability's own metrics (sockets, sessions …) to the service's /metrics registry. */
  registerMetrics?: (registry: Registry) => void;
  title: string;
  version: string;
  pool: Pool;
  verifyToken: TokenVerifier;
  limits: RateLimits;
  routes: AnyRoute[];
  corsOrigins: string[];
  bodyLimit: string;
  logger: Logger;
  /** Express `trust proxy`: which hops may set X-Forwarded-For (the web app's proxy, a load balancer). */
  trustProxy: string | number | boolean;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** The one HTTP app factory every service uses (DESIGN §6). */
export function createApp(opts: AppOptions): Express {
  const prefix = `/api/${opts.service}`;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', opts.trustProxy);
  app.set('query parser', 'simple');

  app.use(
    pinoHttp({
      logger: opts.logger,
      genReqId(req, res) {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // 503 is an expected, answered state (database restarting, provider down: the handler logged why), not a bug.
      customLogLevel: (_req, res, err) => (res.statusCode === 503 ? 'warn' : err || res.statusCode >= 500 ? 'error' : 'info'),
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
      // Never log tokens or OTP codes.
      serializers: { req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }) },
    }),
  );
  app.use(helmet());
  app.use(cors({ origin: (origin, cb) => cb(null, !origin || opts.corsOrigins.includes(origin)), credentials: true }));
  const metrics = createMetrics(opts.service, opts.pool);
  opts.registerMetrics?.(metrics.registry);
  app.use(metrics.middleware);
  // The exact bytes are kept next to the parsed body: webhook signatures (Razorpay, Stripe) are computed over them.
  app.use(express.json({ limit: opts.bodyLimit, verify: (req, _res, buf) => { (req as { rawBody?: Buffer }).rawBody = buf; } }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: opts.service });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await opts.pool.query('SELECT 1');
      res.json({ status: 'ready', service: opts.service });
    } catch {
      res.status(503).type('application/problem+json').json({ type: 'urn:anytime-pooja:problem:database_unreachable', title: 'Service Unavailable', status: 503, code: 'database_unreachable' });
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  const registry = createRegistry();
  const router = express.Router();
  const verifyToken = cachedTokenVerifier(opts.verifyToken);
  for (const r of opts.routes) mountRoute({ router, registry, prefix, verifyToken, limits: opts.limits }, r);
  const document = buildDocument(registry, { title: `${opts.title} API`, version: opts.version });
  const serveSpec: express.RequestHandler = (_req, res) => {
    res.json(document);
  };
  app.get('/openapi.json', serveSpec);
  app.get(`${prefix}/openapi.json`, serveSpec);
  app.use('/docs', docsRouter('/openapi.json', opts.title));
  app.use(`${prefix}/docs`, docsRouter(`${prefix}/openapi.json`, opts.title));
  app.use(prefix, router);

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
