import type { GatewayName } from './gateway.js';

export type SignatureErrorCode =
  | 'payment.signature_missing'
  | 'payment.signature_invalid'
  | 'payment.signature_expired'
  /** The gateway has no signed browser callback (Stripe): wait for the webhook or ask fetchOrderStatus. */
  | 'payment.callback_unsigned';

/**
 * A callback or webhook whose signature is absent, wrong or too old. Nothing in it may be trusted, so the
 * message names the check that failed and never echoes the payload.
 */
export class PaymentSignatureError extends Error {
  override name = 'PaymentSignatureError';
  constructor(
    readonly gateway: GatewayName,
    readonly code: SignatureErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * `refused`: the provider answered 4xx (bad request, auth, idempotency conflict), retrying the same call will
 * not help. `unavailable`: 5xx, timeout or no answer; retry later (a Stripe retry reuses the idempotency key).
 * `unexpected`: the provider answered something this adapter does not understand (a format change).
 */
export type GatewayErrorKind = 'refused' | 'unavailable' | 'unexpected';

/** The provider refused a call or could not be reached. Carries no secret, no request and no provider error object. */
export class PaymentGatewayError extends Error {
  override name = 'PaymentGatewayError';
  constructor(
    readonly gateway: GatewayName,
    readonly kind: GatewayErrorKind,
    message: string,
    /** The provider's HTTP status; undefined when it never answered. */
    readonly status?: number,
    /** The provider's own error code: Razorpay `BAD_REQUEST_ERROR`, Stripe `resource_missing`, … */
    readonly providerCode?: string,
  ) {
    super(message);
  }
}

/** Provider messages are echoed into logs; make sure none of our secrets can ride along. */
export function redact(text: string, secrets: readonly string[]): string {
  return secrets.filter((s) => s.length >= 4).reduce((t, s) => t.split(s).join('[redacted]'), text);
}
