-- Astrologer payouts (packages/earnings). A payout request reserves its gross amount at once by moving it out
-- of the astrologer's earnings into one platform clearing account, `payouts_pending`, so the same money can never
-- be requested twice. Marking it paid moves the net to gateway clearing (the bank transfer) and the TDS to tax
-- payable; rejecting it moves the gross back to earnings. Every leg is a ledger transfer of kind 'payout' whose
-- reference is the payout, and each (payout, from, to) leg can exist once.

-- A platform clearing account for reserved payouts.
ALTER TABLE public.ledger_accounts DROP CONSTRAINT ledger_accounts_kind_check;
ALTER TABLE public.ledger_accounts ADD CONSTRAINT ledger_accounts_kind_check
  CHECK (kind IN ('user_wallet', 'astrologer_earnings', 'platform_revenue', 'tax_payable', 'gateway_clearing', 'promotional', 'payouts_pending'));
INSERT INTO public.ledger_accounts (kind) VALUES ('payouts_pending');

-- The wall behind the service's "at most the available earnings" check: a payout (or anything else) that would
-- take earnings below zero fails its transaction. The clearing account can only hold what was reserved into it.
ALTER TABLE public.ledger_accounts ADD CONSTRAINT ledger_accounts_earnings_non_negative
  CHECK (kind <> 'astrologer_earnings' OR balance_paise >= 0);
ALTER TABLE public.ledger_accounts ADD CONSTRAINT ledger_accounts_payouts_pending_non_negative
  CHECK (kind <> 'payouts_pending' OR balance_paise >= 0);

-- A payout leg always names its payout, and each leg (reserve, pay net, pay TDS, return) posts at most once.
ALTER TABLE public.ledger_transfers ADD CONSTRAINT ledger_transfers_payout_reference_check
  CHECK (kind <> 'payout' OR (reference_type = 'payout' AND reference_id IS NOT NULL));
CREATE UNIQUE INDEX ledger_transfers_payout_once_idx ON public.ledger_transfers (reference_id, debit_account_id, credit_account_id)
  WHERE reference_type = 'payout';

CREATE TABLE public.astrologer_payouts (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  astrologer_id  uuid NOT NULL REFERENCES public.astrologers (id),
  status         text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'paid', 'rejected')),
  gross_paise    bigint NOT NULL CHECK (gross_paise > 0),   -- reserved from earnings
  tds_paise      bigint NOT NULL CHECK (tds_paise >= 0),    -- withheld, to tax payable
  net_paise      bigint NOT NULL CHECK (net_paise >= 0),    -- to the astrologer's bank
  tds_bps        integer NOT NULL CHECK (tds_bps BETWEEN 0 AND 10000),
  reference      text CHECK (char_length(reference) BETWEEN 1 AND 200),        -- the bank transfer's UTR
  reject_reason  text CHECK (char_length(reject_reason) BETWEEN 1 AND 500),
  decided_by     uuid REFERENCES public.identities (id),
  requested_at   timestamptz NOT NULL DEFAULT now(),
  decided_at     timestamptz,
  CHECK (gross_paise = net_paise + tds_paise),
  CHECK ((status = 'requested') = (decided_at IS NULL)),
  CHECK ((status = 'paid') = (reference IS NOT NULL)),
  CHECK ((status = 'rejected') = (reject_reason IS NOT NULL))
);
CREATE INDEX astrologer_payouts_astrologer_idx ON public.astrologer_payouts (astrologer_id, requested_at DESC, id DESC);
CREATE INDEX astrologer_payouts_status_idx ON public.astrologer_payouts (status, requested_at, id);

-- requested → paid | rejected, once; the amounts and the owner never change; rows are never deleted.
CREATE FUNCTION public.astrologer_payouts_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'payouts are never deleted' USING ERRCODE = 'P0001';
  END IF;
  IF OLD.status <> 'requested' THEN
    RAISE EXCEPTION 'payout % is already %', OLD.id, OLD.status USING ERRCODE = 'P0001';
  END IF;
  IF (NEW.astrologer_id, NEW.gross_paise, NEW.tds_paise, NEW.net_paise, NEW.tds_bps, NEW.requested_at)
     IS DISTINCT FROM (OLD.astrologer_id, OLD.gross_paise, OLD.tds_paise, OLD.net_paise, OLD.tds_bps, OLD.requested_at) THEN
    RAISE EXCEPTION 'a payout''s owner and amounts are immutable' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER astrologer_payouts_guard BEFORE UPDATE OR DELETE ON public.astrologer_payouts
  FOR EACH ROW EXECUTE FUNCTION public.astrologer_payouts_guard();

-- An astrologer reads their own payouts; requests and decisions go through the service role (money moves).
ALTER TABLE public.astrologer_payouts ENABLE ROW LEVEL SECURITY;
GRANT ALL ON public.astrologer_payouts TO service_role;
-- Every column but decided_by: which admin decided stays internal.
GRANT SELECT (id, astrologer_id, status, gross_paise, tds_paise, net_paise, tds_bps, reference, reject_reason, requested_at, decided_at)
  ON public.astrologer_payouts TO authenticated;
CREATE POLICY astrologer_payouts_own ON public.astrologer_payouts FOR SELECT TO authenticated USING (astrologer_id = auth.uid());
