import type { z } from 'zod';
import { PaymentGatewayError } from './errors.js';
import type { GatewayName } from './gateway.js';

// Gateway ids go into URL paths; anything else is a bug upstream, not a request to send.
const GATEWAY_ID = /^[A-Za-z0-9_]{1,255}$/;

export function assertGatewayId(id: string): void {
  if (!GATEWAY_ID.test(id)) throw new TypeError(`not a gateway id: ${JSON.stringify(id.slice(0, 80))}`);
}

/** An empty secret would make every HMAC forgeable by anyone; refuse it at construction, not at the first webhook. */
export function requireSecrets(gateway: GatewayName, secrets: Record<string, string>): void {
  const missing = Object.entries(secrets).filter(([, v]) => !v?.trim()).map(([k]) => k);
  if (missing.length) throw new Error(`${gateway} gateway: ${missing.join(', ')} must not be empty`);
}

/** A parsed body cannot be verified: the signature covers the exact bytes received. */
export function assertRawBody(rawBody: unknown): asserts rawBody is Buffer {
  if (!Buffer.isBuffer(rawBody)) throw new TypeError('parseWebhook needs the raw request body as a Buffer (mount express.raw on the webhook route)');
}

export function unexpectedShape(gateway: GatewayName, what: string, error: z.ZodError): PaymentGatewayError {
  const fields = [...new Set(error.issues.map((i) => i.path.join('.') || '(root)'))].join(', ');
  return new PaymentGatewayError(gateway, 'unexpected', `${gateway} ${what} has an unexpected shape at ${fields}`);
}
