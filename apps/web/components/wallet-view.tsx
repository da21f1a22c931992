'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { paiseFromRupees, rupees, rupeesInput } from '../lib/format';
import { useHydrated, useSession } from '../lib/session';
import {
  downloadStatement,
  entryLabel,
  entryTime,
  fetchBalance,
  gstOn,
  isoDate,
  newIdempotencyKey,
  percent,
  walletChanged,
  type LedgerEntry,
  type LedgerPage,
  type RechargeOrder,
  type RechargePacks,
  type WalletBalance,
} from '../lib/wallet';
import { ErrorAlert, Notice } from './error-alert';
import { DownloadIcon, RefundIcon, ShieldIcon, WalletIcon } from './icons';
import { PageLoading, SignInPrompt } from './sign-in-prompt';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function WalletView() {
  const hydrated = useHydrated();
  const session = useSession('customer');
  if (!hydrated) return <PageLoading />;
  if (!session) {
    return <SignInPrompt title="Your wallet" text="Log in to see your balance, recharge and download your statement." next="/wallet" />;
  }
  return <Wallet />;
}

function Wallet() {
  const params = useSearchParams();
  const recharge = params.get('recharge');
  const [balance, setBalance] = useState<WalletBalance | null>(null);
  const [balanceError, setBalanceError] = useState<ApiError | null>(null);
  // Bumped when money moved, so the history reloads from the newest entry.
  const [historyVersion, setHistoryVersion] = useState(0);

  const loadBalance = useCallback(async () => {
    setBalanceError(null);
    try {
      setBalance(await fetchBalance());
    } catch (err) {
      if (!isApiError(err)) throw err;
      setBalanceError(err);
    }
  }, []);

  useEffect(() => {
    void loadBalance();
  }, [loadBalance]);

  const onSettled = useCallback(() => {
    void loadBalance();
    setHistoryVersion((v) => v + 1);
    walletChanged();
  }, [loadBalance]);

  return (
    <>
      <div className="section__head">
        <div>
          <p className="eyebrow">Prepaid balance</p>
          <h1 className="h2">Your wallet</h1>
        </div>
      </div>
      {recharge && UUID.test(recharge) && <RechargeResult key={recharge} orderId={recharge} onSettled={onSettled} />}
      <div className="wallet-layout">
        <div className="wallet-layout__main stack-lg">
          <BalanceCard balance={balance} error={balanceError} onRetry={() => void loadBalance()} />
          <RechargePanel />
        </div>
        <div className="wallet-layout__side stack-lg">
          <History version={historyVersion} />
          <Statement />
        </div>
      </div>
    </>
  );
}

function RechargeResult({ orderId, onSettled }: { orderId: string; onSettled: () => void }) {
  const router = useRouter();
  const [order, setOrder] = useState<RechargeOrder | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [checking, setChecking] = useState(false);

  const load = useCallback(async () => {
    setChecking(true);
    setError(null);
    try {
      const next = await api<RechargeOrder>(`/api/user/wallet/recharge/${orderId}`, { auth: 'customer' });
      setOrder(next);
      if (next.status !== 'created') onSettled();
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    } finally {
      setChecking(false);
    }
  }, [orderId, onSettled]);

  useEffect(() => {
    void load();
  }, [load]);

  const dismiss = (
    <button type="button" className="link-button small" onClick={() => router.replace('/wallet', { scroll: false })}>
      Dismiss
    </button>
  );

  if (error) {
    return (
      <ErrorAlert error={error} title="We couldn't check that payment.">
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load()}>
          Try again
        </button>
      </ErrorAlert>
    );
  }
  if (!order) return null;
  if (order.status === 'paid') {
    return (
      <div className="alert alert--success wallet-result" role="status">
        <strong className="alert__title">{rupees(order.amountPaise)} added to your wallet</strong>
        <span>
          You paid {rupees(order.totalPaise)}: {rupees(order.amountPaise)} to your wallet + {rupees(order.gstPaise)} GST.
        </span>
        {dismiss}
      </div>
    );
  }
  if (order.status === 'failed') {
    return (
      <div className="alert alert--error wallet-result" role="status">
        <strong className="alert__title">Payment failed — nothing was charged</strong>
        <span>Your wallet balance is unchanged. You can try again below.</span>
        {dismiss}
      </div>
    );
  }
  if (order.status === 'refunded') {
    return (
      <Notice>
        <strong className="alert__title">This recharge was refunded</strong>
        <span>{rupees(order.totalPaise)} went back to your payment method.</span>
        {dismiss}
      </Notice>
    );
  }
  return (
    <Notice tone="warning">
      <strong className="alert__title">Waiting for the payment of {rupees(order.totalPaise)}</strong>
      <span>We haven&apos;t heard from the payment gateway yet. If you paid, your wallet is credited as soon as it confirms.</span>
      <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load()} disabled={checking}>
        {checking ? 'Checking…' : 'Check again'}
      </button>
    </Notice>
  );
}

function BalanceCard({ balance, error, onRetry }: { balance: WalletBalance | null; error: ApiError | null; onRetry: () => void }) {
  if (error && !balance) {
    return (
      <ErrorAlert error={error} title="We couldn't load your balance.">
        <button type="button" className="btn btn--ghost btn--sm" onClick={onRetry}>
          Try again
        </button>
      </ErrorAlert>
    );
  }
  return (
    <div className="wallet-balance" aria-busy={!balance}>
      <span className="wallet-balance__icon" aria-hidden>
        <WalletIcon width={26} height={26} />
      </span>
      <div>
        <p className="wallet-balance__label" id="wallet-available">
          Available balance
        </p>
        <p className="wallet-balance__amount" aria-labelledby="wallet-available" data-testid="wallet-available">
          {balance ? rupees(balance.availablePaise) : <span className="skeleton skeleton--line wallet-balance__skeleton" />}
        </p>
        {balance && balance.heldPaise > 0 && (
          <p className="wallet-balance__held">
            {rupees(balance.heldPaise)} reserved for booked sessions · total {rupees(balance.balancePaise)}
          </p>
        )}
        {balance && balance.heldPaise <= 0 && <p className="wallet-balance__held">Used for chats, calls and booked sessions. Refunds come back here.</p>}
      </div>
    </div>
  );
}

function RechargePanel() {
  const router = useRouter();
  const ids = useId();
  const [packs, setPacks] = useState<RechargePacks | null>(null);
  const [packsError, setPacksError] = useState<ApiError | null>(null);
  const [pack, setPack] = useState<number | null>(null);
  const [custom, setCustom] = useState('');
  const [touched, setTouched] = useState(false);
  const [paying, setPaying] = useState(false);
  const [payError, setPayError] = useState<ApiError | null>(null);
  // One key per purchase attempt: a retry of the same amount reuses it, so the server returns the same order.
  const [attempt, setAttempt] = useState<{ key: string; amountPaise: number } | null>(null);
  const [hosted, setHosted] = useState<RechargeOrder | null>(null);

  const loadPacks = useCallback(async () => {
    setPacksError(null);
    try {
      setPacks(await api<RechargePacks>('/api/user/wallet/packs'));
    } catch (err) {
      if (!isApiError(err)) throw err;
      setPacksError(err);
    }
  }, []);

  useEffect(() => {
    void loadPacks();
  }, [loadPacks]);

  if (packsError) {
    return (
      <ErrorAlert error={packsError} title="We couldn't load the recharge options.">
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => void loadPacks()}>
          Try again
        </button>
      </ErrorAlert>
    );
  }
  if (!packs) {
    return (
      <div className="panel" aria-busy="true" aria-label="Loading recharge options">
        <span className="skeleton skeleton--line" style={{ width: '40%' }} />
        <div className="skeleton skeleton--block" style={{ height: 120, marginTop: 16 }} />
      </div>
    );
  }

  const typed = pack === null ? paiseFromRupees(custom) : null;
  const amountPaise = pack ?? (typed !== null && Number.isFinite(typed) ? typed : null);
  let customError: string | null = null;
  if (pack === null && custom.trim()) {
    if (typed === null || !Number.isFinite(typed)) customError = 'Enter an amount in rupees, like 250 or 250.50.';
    else if (typed < packs.minPaise || typed > packs.maxPaise) {
      customError = `Enter an amount between ${rupees(packs.minPaise)} and ${rupees(packs.maxPaise)}.`;
    }
  }
  const valid = amountPaise !== null && !customError && amountPaise >= packs.minPaise && amountPaise <= packs.maxPaise;
  const gst = valid ? gstOn(amountPaise, packs.gstBps) : null;
  const total = valid && gst !== null ? amountPaise + gst : null;

  const choosePack = (p: number) => {
    setPack(p);
    setCustom('');
    setTouched(false);
    setPayError(null);
    setHosted(null);
  };

  const pay = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!valid || paying) return;
    const current = attempt && attempt.amountPaise === amountPaise ? attempt : { key: newIdempotencyKey(), amountPaise };
    setAttempt(current);
    setPaying(true);
    setPayError(null);
    setHosted(null);
    try {
      const order = await api<RechargeOrder>('/api/user/wallet/recharge', {
        method: 'POST',
        auth: 'customer',
        body: { amountPaise },
        headers: { 'Idempotency-Key': current.key },
      });
      const payload = order.clientPayload ?? {};
      if (order.provider === 'sandbox' && typeof payload.orderId === 'string') {
        // Same origin whatever host the gateway's absolute URL names.
        const q = new URLSearchParams({ order: payload.orderId, recharge: order.orderId });
        router.push(`/sandbox/pay?${q}`);
        return;
      }
      setHosted(order);
      setAttempt(null);
      setPaying(false);
    } catch (err) {
      setPaying(false);
      if (!isApiError(err)) throw err;
      setPayError(err);
    }
  };

  return (
    <form className="panel stack wallet-recharge" onSubmit={(e) => void pay(e)} noValidate>
      <div>
        <h2 className="h3">Add money</h2>
        <p className="muted small">
          GST of {percent(packs.gstBps)} is added on top of the amount you choose. Your wallet gets the full amount.
        </p>
      </div>
      <div className="pack-grid" role="group" aria-label="Recharge amount">
        {packs.packsPaise.map((p) => (
          <button
            key={p}
            type="button"
            className={`pack${pack === p ? ' pack--on' : ''}`}
            aria-pressed={pack === p}
            onClick={() => choosePack(p)}
          >
            {rupees(p)}
          </button>
        ))}
      </div>
      <div className={`field${customError && touched ? ' field--invalid' : ''}`}>
        <label htmlFor={`${ids}-custom`}>Or enter an amount</label>
        <div className="money-input money-input--plain">
          <span className="money-input__symbol" aria-hidden>
            ₹
          </span>
          <input
            id={`${ids}-custom`}
            className="input"
            inputMode="decimal"
            autoComplete="off"
            placeholder={rupeesInput(packs.minPaise)}
            value={custom}
            aria-invalid={!!customError && touched}
            aria-describedby={`${ids}-custom-help`}
            onChange={(e) => {
              setCustom(e.target.value);
              setPack(null);
              setPayError(null);
              setHosted(null);
            }}
            onBlur={() => setTouched(true)}
          />
        </div>
        {customError && touched ? (
          <p className="field__error" id={`${ids}-custom-help`}>
            {customError}
          </p>
        ) : (
          <p className="hint" id={`${ids}-custom-help`}>
            From {rupees(packs.minPaise)} to {rupees(packs.maxPaise)}.
          </p>
        )}
      </div>

      <div className="bill" aria-live="polite">
        <h3 className="bill__title">Before you pay</h3>
        {valid && gst !== null && total !== null ? (
          <dl className="bill__rows">
            <div className="bill__row">
              <dt>Added to your wallet</dt>
              <dd>{rupees(amountPaise)}</dd>
            </div>
            <div className="bill__row">
              <dt>GST ({percent(packs.gstBps)})</dt>
              <dd>{rupees(gst)}</dd>
            </div>
            <div className="bill__row bill__row--total">
              <dt>Total to pay</dt>
              <dd>{rupees(total)}</dd>
            </div>
          </dl>
        ) : (
          <p className="muted small">Choose a pack or enter an amount to see exactly what you will pay.</p>
        )}
      </div>

      {payError && <ErrorAlert error={payError} title="The payment could not be started." fieldLabels={{ amountPaise: 'Amount' }} />}

      {hosted && (
        <div className="alert alert--info" role="status">
          <strong className="alert__title">
            Order for {rupees(hosted.totalPaise)} created ({rupees(hosted.amountPaise)} + {rupees(hosted.gstPaise)} GST)
          </strong>
          <span>
            Payments go through {hosted.provider === 'razorpay' ? 'Razorpay' : 'Stripe'}. In production its secure checkout opens here; it can&apos;t load on
            this test network, so nothing will be charged.
          </span>
        </div>
      )}

      <button type="submit" className="btn btn--primary btn--block" disabled={!valid || paying}>
        {paying ? 'Starting payment…' : total !== null ? `Pay ${rupees(total)}` : 'Pay'}
      </button>
      <ul className="wallet-promises small">
        <li>
          <ShieldIcon width={15} height={15} /> You are charged only for time you are actually connected.
        </li>
        <li>
          <RefundIcon width={15} height={15} /> Refunds for missed or cut sessions come back to this wallet automatically.
        </li>
      </ul>
    </form>
  );
}

const HISTORY_PAGE = 20;

function History({ version }: { version: number }) {
  const [items, setItems] = useState<LedgerEntry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async (after: string | null) => {
    setError(null);
    setLoadingMore(!!after);
    try {
      const query = new URLSearchParams({ limit: String(HISTORY_PAGE) });
      if (after) query.set('cursor', after);
      const page = await api<LedgerPage>(`/api/user/wallet/transactions?${query}`, { auth: 'customer' });
      setItems((prev) => (after && prev ? [...prev, ...page.items.filter((e) => !prev.some((p) => p.id === e.id))] : page.items));
      setCursor(page.nextCursor);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    } finally {
      setLoadingMore(false);
    }
  }, []);

  useEffect(() => {
    void load(null);
  }, [load, version]);

  return (
    <section className="panel stack" aria-labelledby="wallet-history-title">
      <h2 className="h3" id="wallet-history-title">
        Transactions
      </h2>
      {error && (
        <ErrorAlert error={error} title="We couldn't load your transactions.">
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load(items?.length ? cursor : null)}>
            Try again
          </button>
        </ErrorAlert>
      )}
      {!items && !error && (
        <div aria-busy="true" aria-label="Loading transactions" className="stack">
          <span className="skeleton skeleton--line" />
          <span className="skeleton skeleton--line" />
        </div>
      )}
      {items && items.length === 0 && <p className="muted">No transactions yet. Your recharges, consultations and refunds will show here.</p>}
      {items && items.length > 0 && (
        <ol className="txn-list" aria-label="Transactions">
          {items.map((e) => (
            <Transaction key={e.id} entry={e} />
          ))}
        </ol>
      )}
      {cursor && items && (
        <div className="center">
          <button type="button" className="btn btn--outline btn--sm" onClick={() => void load(cursor)} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </section>
  );
}

function Transaction({ entry: e }: { entry: LedgerEntry }) {
  const credit = e.amountPaise >= 0;
  const sign = credit ? '+' : '−';
  return (
    <li className="txn">
      <div className="txn__main">
        <p className="txn__label">{entryLabel(e)}</p>
        <p className="txn__time muted small">
          <time dateTime={e.createdAt}>{entryTime(e.createdAt)}</time>
        </p>
        {e.gst && e.type === 'recharge' && (
          <p className="txn__gst small">
            incl. GST {rupees(e.gst.gstPaise)} paid on top · you paid {rupees(e.gst.totalPaise)}
          </p>
        )}
        {e.gst && e.type !== 'recharge' && <p className="txn__gst small">GST {rupees(e.gst.gstPaise)} returned with it · {rupees(e.gst.totalPaise)} in all</p>}
        {e.memo && <p className="txn__memo small">{e.memo}</p>}
      </div>
      <div className="txn__money">
        <p className={`txn__amount ${credit ? 'txn__amount--credit' : 'txn__amount--debit'}`}>
          <span className="visually-hidden">{credit ? 'Credit ' : 'Debit '}</span>
          {sign}
          {rupees(Math.abs(e.amountPaise))}
        </p>
        <p className="txn__after muted small">Balance {rupees(e.balanceAfterPaise)}</p>
      </div>
    </li>
  );
}

function Statement() {
  const ids = useId();
  // This month so far, in the browser's calendar (the server reads the dates in the zone we send).
  const [from, setFrom] = useState(() => {
    const now = new Date();
    return isoDate(new Date(now.getFullYear(), now.getMonth(), 1));
  });
  const [to, setTo] = useState(() => isoDate(new Date()));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setProblem(null);
    if (!from || !to) return setProblem('Choose both dates.');
    if (from > to) return setProblem('The end date must not be before the start date.');
    if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > 366) return setProblem('A statement covers at most one year.');
    setBusy(true);
    try {
      await downloadStatement(from, to);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel stack" aria-labelledby={`${ids}-title`} onSubmit={(e) => void submit(e)} noValidate>
      <div>
        <h2 className="h3" id={`${ids}-title`}>
          Statement
        </h2>
        <p className="muted small">Every credit and debit with the balance after it, as a CSV file for a spreadsheet.</p>
      </div>
      <div className="statement-dates">
        <div className="field">
          <label htmlFor={`${ids}-from`}>From</label>
          <input id={`${ids}-from`} type="date" className="input" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-to`}>To</label>
          <input id={`${ids}-to`} type="date" className="input" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} />
        </div>
      </div>
      {problem && (
        <p className="field__error" role="alert">
          {problem}
        </p>
      )}
      {error && <ErrorAlert error={error} title="We couldn't prepare your statement." fieldLabels={{ from: 'From', to: 'To' }} />}
      <button type="submit" className="btn btn--outline" disabled={busy}>
        <DownloadIcon />
        {busy ? 'Preparing…' : 'Download statement (CSV)'}
      </button>
      <p className="hint">Dates are calendar days in your time zone.</p>
    </form>
  );
}
