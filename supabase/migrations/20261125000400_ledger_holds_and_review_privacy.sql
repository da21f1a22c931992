-- Keep ledger_accounts.held_paise equal to the outstanding part of the account's active holds, in the database
-- itself: placing, capturing or releasing a hold moves held_paise in the same statement, so the wallet CHECK
-- (balance - held >= 0) also guards holds, whatever the application code does.
CREATE FUNCTION public.ledger_apply_hold() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_outstanding bigint := 0;
  new_outstanding bigint := 0;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.account_id <> OLD.account_id OR NEW.amount_paise <> OLD.amount_paise THEN
      RAISE EXCEPTION 'a hold''s account and amount cannot change' USING ERRCODE = 'P0001';
    END IF;
    IF OLD.status = 'settled' THEN
      RAISE EXCEPTION 'a settled hold cannot change' USING ERRCODE = 'P0001';
    END IF;
    old_outstanding := OLD.amount_paise - OLD.captured_paise - OLD.released_paise;
  END IF;
  new_outstanding := NEW.amount_paise - NEW.captured_paise - NEW.released_paise;
  IF new_outstanding <> old_outstanding THEN
    UPDATE public.ledger_accounts SET held_paise = held_paise + (new_outstanding - old_outstanding) WHERE id = NEW.account_id;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER ledger_holds_apply AFTER INSERT OR UPDATE ON public.ledger_holds
  FOR EACH ROW EXECUTE FUNCTION public.ledger_apply_hold();
CREATE FUNCTION public.ledger_forbid_hold_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'holds are settled by capture or release, never deleted' USING ERRCODE = 'P0001';
END
$$;
CREATE TRIGGER ledger_holds_no_delete BEFORE DELETE ON public.ledger_holds
  FOR EACH ROW EXECUTE FUNCTION public.ledger_forbid_hold_delete();

-- Reviews are public, but who wrote them is not: without user_id an anonymous visitor cannot link one customer's
-- reviews together. The writer's own policies still compare user_id with auth.uid().
REVOKE SELECT ON public.reviews FROM anon, authenticated;
GRANT SELECT (id, consultation_id, astrologer_id, rating, comment, created_at, updated_at) ON public.reviews TO anon, authenticated;
