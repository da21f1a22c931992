/**
 * What went wrong, in domain terms. Only packages/http maps a kind to an HTTP status; capabilities throw
 * DomainErrors with a stable machine-readable `code` that clients may switch on.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'payment_required'
  | 'too_many'
  | 'payload_too_large'
  | 'unavailable';

export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    /** Safe to show to the caller. */
    message: string,
    /** Extra fields merged into the problem document (e.g. retryAfterSeconds, errors). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const invalid = (code: string, message: string, extra?: Record<string, unknown>) =>
  new DomainError('invalid', code, message, extra);
export const notFound = (code: string, message: string) => new DomainError('not_found', code, message);
export const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);
export const unauthorized = (code: string, message: string) => new DomainError('unauthorized', code, message);
export const conflict = (code: string, message: string) => new DomainError('conflict', code, message);
export const tooMany = (code: string, message: string, retryAfterSeconds: number) =>
  new DomainError('too_many', code, message, { retryAfterSeconds });
