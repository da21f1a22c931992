import type { Pool } from '@ap/db';
import type { NextFunction, Request, Response } from 'express';
import client from 'prom-client';

export interface Metrics {
  registry: client.Registry;
  middleware: (req: Request, res: Response, next: NextFunction) => void;
}

export function createMetrics(service: string, pool: Pool): Metrics {
  const registry = new client.Registry();
  registry.setDefaultLabels({ service });
  client.collectDefaultMetrics({ register: registry });
  const latency = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route template',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  for (const [name, help, read] of [
    ['db_pool_total_connections', 'Connections open in the pool', () => pool.totalCount],
    ['db_pool_idle_connections', 'Idle connections in the pool', () => pool.idleCount],
    ['db_pool_waiting_requests', 'Queries waiting for a connection', () => pool.waitingCount],
  ] as const) {
    new client.Gauge({ name, help, registers: [registry], collect() { this.set(read()); } });
  }
  return {
    registry,
    middleware(req, res, next) {
      const end = latency.startTimer();
      res.on('finish', () => {
        // The template (/astrologers/:id), never the raw URL, so label cardinality stays bounded.
        const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
        end({ method: req.method, route, status: String(res.statusCode) });
      });
      next();
    },
  };
}
