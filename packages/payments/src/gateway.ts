import { z } from 'zod';
import type { WebhookHeaders } from './signature.js';

export type { WebhookHeaders };

export type GatewayName = 'razorpay' | 'stripe' | 'sandbox';

// Razorpay allows 15 notes of 256 characters and a 40-character receipt; Stripe is looser. One rule for all.
export const createOrderInput = z.object({
  orderRef: z.uuid(),
  amountPaise: z.number().int().positive(),
  currency: z.literal('INR'),
  notes: z
    .record(z.string().min(1).max(40), z.string().max(256))
    .refine((n) => Object.keys(n).length <= 15, 'at most 15 notes')
    .optional(),
});
export type CreateOrderInput = z.input<typeof createOrderInput>;

export interface CreatedOrder {
  gatewayOrderId: string;
  /**
   * What the web client needs to take the payment, always with `gateway`:
   * razorpay `{ key, order_id, amount, currency }` (Razorpay Checkout option names),
   * stripe `{ clientSecret, publishableKey }`, sandbox `{ url, orderId }`.
   */
  clientPayload: { gateway: GatewayName } & Record<string, unknown>;
}

export interface VerifiedCallback {
  gatewayOrderId: string;
  gatewayPaymentId: string;
}

/** `failed` means every attempt so far failed; the customer may still retry on the same order, so it is not final. */
export type OrderStatus =
  | { status: 'paid'; gatewayPaymentId: string; amountPaise: number; currency: string }
  | { status: 'pending' }
  | { status: 'failed' };

interface EventBase {
  /** The provider's id for this delivery's event; retries of one event keep it. Dedupe credits by payment id, not this. */
  eventId: string;
  /** The provider's own event name (`order.paid`, `payment_intent.succeeded`, …), for logs. */
  providerType: string;
}

/**
 * A verified webhook, normalised. Amounts are minor units of `currency` (upper case); the wallet must check both
 * against the order before crediting. One payment can arrive as several events (Razorpay sends payment.captured
 * and order.paid), so a credit is keyed by gatewayPaymentId.
 */
export type WebhookEvent =
  | (EventBase & { type: 'payment.captured'; gatewayOrderId: string; gatewayPaymentId: string; amountPaise: number; currency: string })
  | (EventBase & { type: 'payment.failed'; gatewayOrderId: string; gatewayPaymentId?: string; amountPaise: number; currency: string; failureCode?: string })
  | (EventBase & {
      type: 'refund.processed';
      gatewayOrderId?: string;
      gatewayPaymentId: string;
      /** Razorpay names the refund; Stripe's charge.refunded does not. */
      gatewayRefundId?: string;
      /** This refund's amount, when the event says (Razorpay). */
      amountPaise?: number;
      /** Everything refunded on the payment so far, this refund included (both providers). */
      refundedTotalPaise: number;
      currency: string;
    })
  | (EventBase & { type: 'ignored' });

export interface RefundResult {
  gatewayRefundId: string;
  status: 'processed' | 'pending' | 'failed';
}

export interface RefundOptions {
  /**
   * Our id for this refund. Stripe turns it into the idempotency key (a retry cannot refund twice); Razorpay stores
   * it as the refund's receipt (Razorpay has no idempotency for refunds: check the payment's refunds before retrying).
   */
  refundRef?: string;
}

export interface PaymentGateway {
  readonly name: GatewayName;
  /** Creates the gateway-side order for a recharge; `amountPaise` is the total the customer pays (GST included). */
  createOrder(order: CreateOrderInput): Promise<CreatedOrder>;
  /** Verifies what the browser sent back after paying. Throws PaymentSignatureError; never calls the provider. */
  verifyCallback(input: unknown): VerifiedCallback;
  /** Verifies the signature over the raw body, then normalises. Throws PaymentSignatureError before parsing anything. */
  parseWebhook(rawBody: Buffer, headers: WebhookHeaders): WebhookEvent;
  /** Asks the provider (for the reconciliation job). */
  fetchOrderStatus(gatewayOrderId: string): Promise<OrderStatus>;
  refund(gatewayPaymentId: string, amountPaise: number, opts?: RefundOptions): Promise<RefundResult>;
}

export const positivePaise = z.number().int().positive();
