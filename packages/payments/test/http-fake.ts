import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Provider-style ids: `order_` + 14 base62 for Razorpay, `pi_` + 24 for Stripe. */
export const providerId = (prefix: string, length: number) =>
  prefix + [...randomBytes(length)].map((b) => BASE62[b % 62]).join('');

export const unixNow = () => Math.floor(Date.now() / 1000);

export interface Failure {
  status: number;
  html?: boolean;
  /** Overrides the provider's error message, e.g. to see what a provider echoing a secret would do. */
  message?: string;
  /** Never answer: the request stays open until the client gives up. */
  hang?: boolean;
}

export interface LocalServer {
  baseUrl: string;
  port: number;
  close(): Promise<void>;
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export function sendHtml(res: ServerResponse, status: number) {
  res.writeHead(status, { 'Content-Type': 'text/html' });
  res.end('<html><body>Bad Gateway</body></html>');
}

/** A node:http server on 127.0.0.1, port 0; a handler that throws answers a plain 500 so a test sees it. */
export async function listen(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<LocalServer> {
  const server = createServer((req, res) => {
    void handler(req, res).catch((err: Error) => {
      res.writeHead(500);
      res.end(`fake crashed: ${err.message}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
