-- Ledger operations (packages/ledger): the database itself makes each reference post once, whatever the number
-- of callbacks, webhooks, retries or racing instances. The application checks first under row locks and returns
-- the earlier result; these indexes are the wall behind that check.

-- Reversing a recharge moves the GST back out of tax payable; it gets its own kind so the payment's four legs
-- (recharge, gst, refund, gst_refund) are each unique per payment.
ALTER TABLE public.ledger_transfers DROP CONSTRAINT ledger_transfers_kind_check;
ALTER TABLE public.ledger_transfers ADD CONSTRAINT ledger_transfers_kind_check
  CHECK (kind IN ('recharge', 'gst', 'capture', 'commission', 'refund', 'gst_refund', 'payout', 'promo', 'adjustment'));

-- A payment is credited once and reversed at most once.
CREATE UNIQUE INDEX ledger_transfers_payment_once_idx ON public.ledger_transfers (reference_id, kind)
  WHERE reference_type = 'payment' AND kind IN ('recharge', 'gst', 'refund', 'gst_refund');

-- The hold a capture (wallet -> astrologer earnings) and its commission (earnings -> platform revenue) settle:
-- each is posted at most once per hold, and the reconciliation can tie a hold's captured_paise to real money.
-- The reference stays the consultation, which is what the customer's history shows.
ALTER TABLE public.ledger_transfers ADD COLUMN hold_id uuid REFERENCES public.ledger_holds (id)
  CHECK (hold_id IS NULL OR kind IN ('capture', 'commission'));
CREATE UNIQUE INDEX ledger_transfers_hold_once_idx ON public.ledger_transfers (hold_id, kind) WHERE hold_id IS NOT NULL;
