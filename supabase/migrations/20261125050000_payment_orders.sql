-- Wallet recharges through a payment gateway. The order is created server-side before the customer pays; the
-- wallet is credited only when the gateway's signed callback or webhook proves the payment, and exactly once:
-- the credit and the move to 'paid' happen in one transaction that locks the order row, and the ledger refuses
-- a second recharge transfer for the same payment (unique index in the ledger migrations).
CREATE TABLE public.payment_orders (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id             uuid NOT NULL REFERENCES public.users (id),
  provider            text NOT NULL CHECK (provider IN ('razorpay', 'stripe', 'sandbox')),
  gateway_order_id    text UNIQUE,
  gateway_payment_id  text UNIQUE,
  amount_paise        bigint NOT NULL CHECK (amount_paise > 0),       -- credited to the wallet
  gst_paise           bigint NOT NULL CHECK (gst_paise >= 0),         -- charged on top, owed to the tax authority
  total_paise         bigint NOT NULL CHECK (total_paise = amount_paise + gst_paise),
  status              text NOT NULL DEFAULT 'created' CHECK (status IN ('created', 'paid', 'failed', 'refunded')),
  client_payload      jsonb,                                          -- what the client needs to pay (no secrets)
  failure_reason      text CHECK (char_length(failure_reason) <= 500),
  paid_at             timestamptz,
  refunded_at         timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CHECK ((status IN ('paid', 'refunded')) = (paid_at IS NOT NULL AND gateway_payment_id IS NOT NULL)),
  CHECK ((status = 'refunded') = (refunded_at IS NOT NULL))
);
CREATE INDEX payment_orders_user_idx ON public.payment_orders (user_id, created_at DESC);
CREATE INDEX payment_orders_pending_idx ON public.payment_orders (created_at) WHERE status = 'created';
CREATE TRIGGER payment_orders_touch BEFORE UPDATE ON public.payment_orders FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();

-- Every gateway event received, verified or not, for audit and replay.
CREATE TABLE public.payment_events (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider         text NOT NULL,
  event_id         text,
  kind             text NOT NULL CHECK (kind IN ('callback', 'webhook', 'reconcile')),
  verified         boolean NOT NULL,
  payment_order_id uuid REFERENCES public.payment_orders (id),
  summary          jsonb NOT NULL DEFAULT '{}',
  received_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payment_events_order_idx ON public.payment_events (payment_order_id, received_at);

ALTER TABLE public.payment_orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.payment_events ENABLE ROW LEVEL SECURITY;
GRANT ALL ON public.payment_orders, public.payment_events TO service_role;
GRANT SELECT ON public.payment_orders TO authenticated;
CREATE POLICY payment_orders_own ON public.payment_orders FOR SELECT TO authenticated USING (user_id = auth.uid());
