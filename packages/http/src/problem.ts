import { DomainError, type ErrorKind } from '@ap/core';
import type { ErrorRequestHandler, Request, Response } from 'express';
import { z } from 'zod';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  payment_required: 402,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  too_many: 429,
  unavailable: 503,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 409: 'Conflict', 413: 'Content Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content',
  429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

export type Location = 'body' | 'query' | 'params';

/** A zod failure on one part of the request, reported field by field. */
export class ValidationFailed extends DomainError {
  constructor(where: Location, error: z.ZodError) {
    const errors = error.issues.flatMap((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({
          in: where,
          path: [...issue.path, key].join('.'),
          message: `unknown field "${key}"`,
          code: 'unknown_field',
        }));
      }
      return [{ in: where, path: issue.path.join('.'), message: issue.message, code: issue.code }];
    });
    const names = errors.map((e) => e.path || where).join(', ');
    super('invalid', 'validation_failed', `invalid ${where}: ${names}`, { errors });
  }
}

function send(res: Response, req: Request, status: number, code: string, detail: string | undefined, extra: Record<string, unknown> = {}) {
  const requestId = String(req.id ?? '');
  const { retryAfterSeconds, ...rest } = extra;
  if (typeof retryAfterSeconds === 'number') res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterSeconds))));
  res
    .status(status)
    .type('application/problem+json')
    .json({
      type: `urn:anytime-pooja:problem:${code}`,
      title: TITLES[status] ?? 'Error',
      status,
      code,
      ...(detail ? { detail } : {}),
      instance: req.originalUrl,
      requestId,
      ...(typeof retryAfterSeconds === 'number' ? { retryAfterSeconds: Math.ceil(retryAfterSeconds) } : {}),
      ...rest,
    });
}

/** Errors body-parser attaches a `type` to; they are the client's mistakes, never a 500. */
const BODY_ERRORS: Record<string, [number, string, string]> = {
  'entity.too.large': [413, 'payload_too_large', 'request body is larger than allowed'],
  'entity.parse.failed': [400, 'invalid_json', 'request body is not valid JSON'],
  'encoding.unsupported': [415, 'unsupported_encoding', 'unsupported content encoding'],
  'charset.unsupported': [415, 'unsupported_charset', 'unsupported charset'],
  'request.aborted': [400, 'request_aborted', 'request aborted'],
};

/** Socket-level failures of a connection to PostgreSQL (node's net errors, as pg passes them on). */
const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
/** pg's own messages when a connection ends, was lost, or could not be had from the pool in time. */
const PG_CONNECTION_MESSAGES = [
  'Connection terminated', 'timeout exceeded when trying to connect', 'is not queryable', 'Connection ended',
  'Query read timeout',
];

/**
 * True when an error says the database cannot be reached or just dropped the connection (restart, failover, network):
 * SQLSTATE class 08 (connection exception), 57P01–57P03 (shut down by the administrator, crash, cannot connect now),
 * a refused or reset socket, or pg's "Connection terminated" family. Such a request never reached a decision, so it
 * is answered 503 (try again) rather than 500.
 */
export function isDatabaseUnreachable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 3) return false;
  const { code, message, errors, cause } = err as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  if (typeof code === 'string' && (NET_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || /^57P0[123]$/.test(code))) return true;
  if (typeof message === 'string' && PG_CONNECTION_MESSAGES.some((m) => message.includes(m))) return true;
  // node's net with several addresses (localhost → ::1 and 127.0.0.1) rejects with an AggregateError of both.
  if (Array.isArray(errors) && errors.length > 0 && errors.every((e) => isDatabaseUnreachable(e, depth + 1))) return true;
  return cause !== undefined && cause !== err && isDatabaseUnreachable(cause, depth + 1);
}

/**
 * The one place that turns anything thrown into an HTTP response. Domain errors map by kind; unknown errors
 * are logged with the request id and answered with a generic 500 that leaks nothing.
 */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (res.headersSent) return;
  if (err instanceof DomainError) {
    const status = STATUS[err.kind];
    req.log?.info({ code: err.code }, 'request rejected');
    send(res, req, status, err.code, err.message, err.extra);
    return;
  }
  const type = (err as { type?: unknown })?.type;
  if (typeof type === 'string' && BODY_ERRORS[type]) {
    const [status, code, detail] = BODY_ERRORS[type];
    send(res, req, status, code, detail);
    return;
  }
  if (isDatabaseUnreachable(err)) {
    // Expected while PostgreSQL restarts or fails over; no stack, one line.
    req.log?.warn({ err: (err as Error).message, code: 'database_unreachable' }, 'database unreachable');
    send(res, req, 503, 'database_unreachable', 'the database is unreachable just now; try again in a few seconds', { retryAfterSeconds: 5 });
    return;
  }
  req.log?.error({ err }, 'unhandled error');
  send(res, req, 500, 'internal_error', 'something went wrong on our side; quote the request id if you contact support');
};

export function notFoundHandler(req: Request, res: Response) {
  send(res, req, 404, 'route_not_found', `no route for ${req.method} ${req.path}`);
}
