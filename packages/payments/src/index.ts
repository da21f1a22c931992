export type {
  PaymentGateway, GatewayName, WebhookHeaders, CreateOrderInput, CreatedOrder, VerifiedCallback, OrderStatus, WebhookEvent, RefundResult, RefundOptions,
} from './gateway.js';
export { PaymentSignatureError, PaymentGatewayError, type SignatureErrorCode, type GatewayErrorKind } from './errors.js';
export { razorpayGateway, type RazorpayConfig } from './razorpay.js';
export { stripeGateway, type StripeConfig } from './stripe.js';
export {
  sandboxGateway, type SandboxGateway, type SandboxConfig, type SandboxOutcome, type SandboxPaidCallback, type SandboxFailedCallback,
  type SandboxWebhook,
} from './sandbox.js';
