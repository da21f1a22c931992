import type { Server } from 'node:http';
import type { Express } from 'express';
import type { Platform } from './platform.js';

/** Listens, and on SIGINT/SIGTERM stops accepting, drains in-flight requests, then closes the pool. */
export async function serve(app: Express, platform: Platform, port: number, host: string): Promise<Server> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  platform.logger.info({ port, host }, 'listening');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    platform.logger.info({ signal }, 'shutting down');
    server.close(() => void platform.close().finally(() => process.exit(0)));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return server;
}
