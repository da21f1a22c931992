-- Double-entry ledger (DESIGN §4). Every transfer moves a positive amount from one account (debit) to another
-- (credit), so each row is balanced by construction: the sum of all debits equals the sum of all credits.
-- Balances are kept on the account row by a trigger in the same transaction as the transfer, and the CHECK on
-- the account makes a negative available wallet balance impossible even for buggy application code: the
-- offending INSERT fails and its transaction rolls back. Concurrent postings serialise on the account row lock
-- that the trigger's UPDATE takes. Transfers are immutable; a correction is a new transfer.

CREATE TABLE public.ledger_accounts (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind           text NOT NULL CHECK (kind IN ('user_wallet', 'astrologer_earnings', 'platform_revenue', 'tax_payable', 'gateway_clearing', 'promotional')),
  owner_id       uuid REFERENCES public.identities (id),
  currency       text NOT NULL DEFAULT 'INR' CHECK (currency = 'INR'),
  balance_paise  bigint NOT NULL DEFAULT 0,  -- credits minus debits
  held_paise     bigint NOT NULL DEFAULT 0 CHECK (held_paise >= 0),
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind IN ('user_wallet', 'astrologer_earnings')) = (owner_id IS NOT NULL)),
  CHECK (kind <> 'user_wallet' OR balance_paise - held_paise >= 0),
  CHECK (held_paise = 0 OR kind = 'user_wallet')
);
CREATE UNIQUE INDEX ledger_accounts_owner_idx ON public.ledger_accounts (kind, owner_id) WHERE owner_id IS NOT NULL;
CREATE UNIQUE INDEX ledger_accounts_platform_idx ON public.ledger_accounts (kind) WHERE owner_id IS NULL;

INSERT INTO public.ledger_accounts (kind) VALUES ('platform_revenue'), ('tax_payable'), ('gateway_clearing'), ('promotional');

CREATE TABLE public.ledger_transfers (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq                bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  debit_account_id   uuid NOT NULL REFERENCES public.ledger_accounts (id),
  credit_account_id  uuid NOT NULL REFERENCES public.ledger_accounts (id),
  amount_paise       bigint NOT NULL CHECK (amount_paise > 0),
  kind               text NOT NULL CHECK (kind IN ('recharge', 'gst', 'capture', 'commission', 'refund', 'payout', 'promo', 'adjustment')),
  reference_type     text CHECK (reference_type IN ('payment', 'consultation', 'payout', 'adjustment')),
  reference_id       uuid,
  memo               text CHECK (char_length(memo) <= 500),
  created_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (debit_account_id <> credit_account_id)
);
CREATE INDEX ledger_transfers_debit_idx ON public.ledger_transfers (debit_account_id, seq);
CREATE INDEX ledger_transfers_credit_idx ON public.ledger_transfers (credit_account_id, seq);
CREATE INDEX ledger_transfers_reference_idx ON public.ledger_transfers (reference_type, reference_id);

-- Holds reserve wallet funds for a session or booking; settled by capture and/or release:
-- amount = captured + released once settled (invariant 5).
CREATE TABLE public.ledger_holds (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id      uuid NOT NULL REFERENCES public.ledger_accounts (id),
  amount_paise    bigint NOT NULL CHECK (amount_paise > 0),
  captured_paise  bigint NOT NULL DEFAULT 0 CHECK (captured_paise >= 0),
  released_paise  bigint NOT NULL DEFAULT 0 CHECK (released_paise >= 0),
  status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'settled')),
  reference_type  text NOT NULL CHECK (reference_type IN ('consultation')),
  reference_id    uuid NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  settled_at      timestamptz,
  CHECK (captured_paise + released_paise <= amount_paise),
  CHECK ((status = 'settled') = (settled_at IS NOT NULL)),
  CHECK (status <> 'settled' OR captured_paise + released_paise = amount_paise)
);
CREATE INDEX ledger_holds_account_idx ON public.ledger_holds (account_id) WHERE status = 'active';
CREATE INDEX ledger_holds_reference_idx ON public.ledger_holds (reference_type, reference_id);

CREATE FUNCTION public.ledger_apply_transfer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE public.ledger_accounts SET balance_paise = balance_paise - NEW.amount_paise WHERE id = NEW.debit_account_id;
  UPDATE public.ledger_accounts SET balance_paise = balance_paise + NEW.amount_paise WHERE id = NEW.credit_account_id;
  RETURN NEW;
END
$$;
CREATE TRIGGER ledger_transfers_apply AFTER INSERT ON public.ledger_transfers
  FOR EACH ROW EXECUTE FUNCTION public.ledger_apply_transfer();

CREATE FUNCTION public.ledger_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger transfers are immutable; post a correcting transfer instead' USING ERRCODE = 'P0001';
END
$$;
CREATE TRIGGER ledger_transfers_immutable BEFORE UPDATE OR DELETE ON public.ledger_transfers
  FOR EACH ROW EXECUTE FUNCTION public.ledger_forbid_change();

-- Every customer gets a wallet when the account is created.
CREATE FUNCTION public.create_user_wallet() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO public.ledger_accounts (kind, owner_id) VALUES ('user_wallet', NEW.id) ON CONFLICT DO NOTHING;
  RETURN NEW;
END
$$;
CREATE TRIGGER users_wallet AFTER INSERT ON public.users FOR EACH ROW EXECUTE FUNCTION public.create_user_wallet();

CREATE FUNCTION public.create_astrologer_earnings() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO public.ledger_accounts (kind, owner_id) VALUES ('astrologer_earnings', NEW.id) ON CONFLICT DO NOTHING;
  RETURN NEW;
END
$$;
CREATE TRIGGER astrologers_earnings AFTER INSERT ON public.astrologers FOR EACH ROW EXECUTE FUNCTION public.create_astrologer_earnings();
