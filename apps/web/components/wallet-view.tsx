'use client';

import { useTranslations } from 'next-intl';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { paiseFromRupees, rupees, rupeesInput } from '../lib/format';
import { useHydrated, useSession } from '../lib/session';
import {
  downloadStatement,
  entryKind,
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
  const t = useTranslations('wallet');
  if (!hydrated) return <PageLoading />;
  if (!session) {
    return <SignInPrompt title={t('title')} text={t('signIn')} next="/wallet" />;
  }
  return <Wallet />;
}

function Wallet() {
  const params = useSearchParams();
  const recharge = params.get('recharge');
  const t = useTranslations('wallet');
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
          <p className="eyebrow">{t('eyebrow')}</p>
          <h1 className="h2">{t('title')}</h1>
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
  const t = useTranslations('wallet');
  const tc = useTranslations('common');
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
      {t('dismiss')}
    </button>
  );

  if (error) {
    return (
      <ErrorAlert error={error} title={t('checkError')}>
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load()}>
          {tc('retry')}
        </button>
      </ErrorAlert>
    );
  }
  if (!order) return null;
  if (order.status === 'paid') {
    return (
      <div className="alert alert--success wallet-result" role="status">
        <strong className="alert__title">{t('added', { amount: rupees(order.amountPaise) })}</strong>
        <span>
          {t('paidBreakdown', { total: rupees(order.totalPaise), amount: rupees(order.amountPaise), gst: rupees(order.gstPaise) })}
        </span>
        {dismiss}
      </div>
    );
  }
  if (order.status === 'failed') {
    return (
      <div className="alert alert--error wallet-result" role="status">
        <strong className="alert__title">{t('failed')}</strong>
        <span>{t('failedHint')}</span>
        {dismiss}
      </div>
    );
  }
  if (order.status === 'refunded') {
    return (
      <Notice>
        <strong className="alert__title">{t('refunded')}</strong>
        <span>{t('refundedHint', { amount: rupees(order.totalPaise) })}</span>
        {dismiss}
      </Notice>
    );
  }
  return (
    <Notice tone="warning">
      <strong className="alert__title">{t('waiting', { amount: rupees(order.totalPaise) })}</strong>
      <span>{t('waitingHint')}</span>
      <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load()} disabled={checking}>
        {checking ? t('checking') : t('checkAgain')}
      </button>
    </Notice>
  );
}

function BalanceCard({ balance, error, onRetry }: { balance: WalletBalance | null; error: ApiError | null; onRetry: () => void }) {
  const t = useTranslations('wallet');
  const tc = useTranslations('common');
  if (error && !balance) {
    return (
      <ErrorAlert error={error} title={t('balanceError')}>
        <button type="button" className="btn btn--ghost btn--sm" onClick={onRetry}>
          {tc('retry')}
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
          {t('available')}
        </p>
        <p className="wallet-balance__amount" aria-labelledby="wallet-available" data-testid="wallet-available">
          {balance ? rupees(balance.availablePaise) : <span className="skeleton skeleton--line wallet-balance__skeleton" />}
        </p>
        {balance && balance.heldPaise > 0 && (
          <p className="wallet-balance__held">
            {t('held', { held: rupees(balance.heldPaise), total: rupees(balance.balancePaise) })}
          </p>
        )}
        {balance && balance.heldPaise <= 0 && <p className="wallet-balance__held">{t('usedFor')}</p>}
      </div>
    </div>
  );
}

function RechargePanel() {
  const router = useRouter();
  const ids = useId();
  const t = useTranslations('wallet');
  const tc = useTranslations('common');
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
      <ErrorAlert error={packsError} title={t('packsError')}>
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => void loadPacks()}>
          {tc('retry')}
        </button>
      </ErrorAlert>
    );
  }
  if (!packs) {
    return (
      <div className="panel" aria-busy="true" aria-label={t('loadingPacks')}>
        <span className="skeleton skeleton--line" style={{ width: '40%' }} />
        <div className="skeleton skeleton--block" style={{ height: 120, marginTop: 16 }} />
      </div>
    );
  }

  const typed = pack === null ? paiseFromRupees(custom) : null;
  const amountPaise = pack ?? (typed !== null && Number.isFinite(typed) ? typed : null);
  let customError: string | null = null;
  if (pack === null && custom.trim()) {
    if (typed === null || !Number.isFinite(typed)) customError = t('amountFormat');
    else if (typed < packs.minPaise || typed > packs.maxPaise) {
      customError = t('amountRange', { min: rupees(packs.minPaise), max: rupees(packs.maxPaise) });
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
        <h2 className="h3">{t('addMoney')}</h2>
        <p className="muted small">
          {t('gstNote', { percent: percent(packs.gstBps) })}
        </p>
      </div>
      <div className="pack-grid" role="group" aria-label={t('rechargeAmount')}>
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
        <label htmlFor={`${ids}-custom`}>{t('orEnter')}</label>
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
            {t('fromTo', { min: rupees(packs.minPaise), max: rupees(packs.maxPaise) })}
          </p>
        )}
      </div>

      <div className="bill" aria-live="polite">
        <h3 className="bill__title">{t('beforeYouPay')}</h3>
        {valid && gst !== null && total !== null ? (
          <dl className="bill__rows">
            <div className="bill__row">
              <dt>{t('addedToWallet')}</dt>
              <dd>{rupees(amountPaise)}</dd>
            </div>
            <div className="bill__row">
              <dt>{t('gstRow', { percent: percent(packs.gstBps) })}</dt>
              <dd>{rupees(gst)}</dd>
            </div>
            <div className="bill__row bill__row--total">
              <dt>{t('totalToPay')}</dt>
              <dd>{rupees(total)}</dd>
            </div>
          </dl>
        ) : (
          <p className="muted small">{t('choosePack')}</p>
        )}
      </div>

      {payError && <ErrorAlert error={payError} title={t('payError')} fieldLabels={{ amountPaise: t('amount') }} />}

      {hosted && (
        <div className="alert alert--info" role="status">
          <strong className="alert__title">
            {t('orderCreated', { total: rupees(hosted.totalPaise), amount: rupees(hosted.amountPaise), gst: rupees(hosted.gstPaise) })}
          </strong>
          <span>
            {t('hostedNote', { gateway: hosted.provider === 'razorpay' ? 'Razorpay' : 'Stripe' })}
          </span>
        </div>
      )}

      <button type="submit" className="btn btn--primary btn--block" disabled={!valid || paying}>
        {paying ? t('starting') : total !== null ? t('payAmount', { amount: rupees(total) }) : t('pay')}
      </button>
      <ul className="wallet-promises small">
        <li>
          <ShieldIcon width={15} height={15} /> {t('promiseConnected')}
        </li>
        <li>
          <RefundIcon width={15} height={15} /> {t('promiseRefunds')}
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
  const t = useTranslations('wallet');
  const tc = useTranslations('common');

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
        {t('transactions')}
      </h2>
      {error && (
        <ErrorAlert error={error} title={t('transactionsError')}>
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load(items?.length ? cursor : null)}>
            {tc('retry')}
          </button>
        </ErrorAlert>
      )}
      {!items && !error && (
        <div aria-busy="true" aria-label={t('loadingTransactions')} className="stack">
          <span className="skeleton skeleton--line" />
          <span className="skeleton skeleton--line" />
        </div>
      )}
      {items && items.length === 0 && <p className="muted">{t('noTransactions')}</p>}
      {items && items.length > 0 && (
        <ol className="txn-list" aria-label={t('transactions')}>
          {items.map((e) => (
            <Transaction key={e.id} entry={e} />
          ))}
        </ol>
      )}
      {cursor && items && (
        <div className="center">
          <button type="button" className="btn btn--outline btn--sm" onClick={() => void load(cursor)} disabled={loadingMore}>
            {loadingMore ? tc('loading') : t('loadMore')}
          </button>
        </div>
      )}
    </section>
  );
}

function Transaction({ entry: e }: { entry: LedgerEntry }) {
  const credit = e.amountPaise >= 0;
  const sign = credit ? '+' : '−';
  const t = useTranslations('wallet');
  return (
    <li className="txn">
      <div className="txn__main">
        <p className="txn__label">{t(`entry.${entryKind(e)}`)}</p>
        <p className="txn__time muted small">
          <time dateTime={e.createdAt}>{entryTime(e.createdAt)}</time>
        </p>
        {e.gst && e.type === 'recharge' && (
          <p className="txn__gst small">
            {t('gstPaidOnTop', { gst: rupees(e.gst.gstPaise), total: rupees(e.gst.totalPaise) })}
          </p>
        )}
        {e.gst && e.type !== 'recharge' && <p className="txn__gst small">{t('gstReturned', { gst: rupees(e.gst.gstPaise), total: rupees(e.gst.totalPaise) })}</p>}
        {e.memo && <p className="txn__memo small">{e.memo}</p>}
      </div>
      <div className="txn__money">
        <p className={`txn__amount ${credit ? 'txn__amount--credit' : 'txn__amount--debit'}`}>
          <span className="visually-hidden">{credit ? t('credit') : t('debit')}</span>
          {sign}
          {rupees(Math.abs(e.amountPaise))}
        </p>
        <p className="txn__after muted small">{t('balanceAfter', { amount: rupees(e.balanceAfterPaise) })}</p>
      </div>
    </li>
  );
}

function Statement() {
  const ids = useId();
  const t = useTranslations('wallet');
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
    if (!from || !to) return setProblem(t('bothDates'));
    if (from > to) return setProblem(t('endBeforeStart'));
    if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > 366) return setProblem(t('atMostYear'));
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
          {t('statement')}
        </h2>
        <p className="muted small">{t('statementNote')}</p>
      </div>
      <div className="statement-dates">
        <div className="field">
          <label htmlFor={`${ids}-from`}>{t('from')}</label>
          <input id={`${ids}-from`} type="date" className="input" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-to`}>{t('to')}</label>
          <input id={`${ids}-to`} type="date" className="input" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} />
        </div>
      </div>
      {problem && (
        <p className="field__error" role="alert">
          {problem}
        </p>
      )}
      {error && <ErrorAlert error={error} title={t('statementError')} fieldLabels={{ from: t('from'), to: t('to') }} />}
      <button type="submit" className="btn btn--outline" disabled={busy}>
        <DownloadIcon />
        {busy ? t('preparing') : t('download')}
      </button>
      <p className="hint">{t('datesNote')}</p>
    </form>
  );
}
