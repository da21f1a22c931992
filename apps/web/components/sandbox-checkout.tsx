'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { rupees } from '../lib/format';
import { useHydrated, useSession } from '../lib/session';
import { walletChanged, type RechargeOrder } from '../lib/wallet';
import { ErrorAlert } from './error-alert';
import { PageLoading, SignInPrompt } from './sign-in-prompt';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The sandbox gateway's checkout: stands in for Razorpay or Stripe in test mode, and moves no real money. */
export function SandboxCheckout() {
  const hydrated = useHydrated();
  const session = useSession('customer');
  const params = useSearchParams();
  const gatewayOrder = params.get('order') ?? '';
  const recharge = params.get('recharge') ?? '';
  if (!hydrated) return <PageLoading />;
  if (!session) {
    const next = `/sandbox/pay?${new URLSearchParams({ order: gatewayOrder, recharge })}`;
    return <SignInPrompt title="Log in to pay" text="This payment belongs to your Anytime Pooja account." next={next} />;
  }
  if (!UUID.test(recharge)) {
    return (
      <div className="panel center stack narrow-box">
        <h1 className="h2">No payment to make</h1>
        <p className="muted">This link is missing its order. Start a recharge from your wallet.</p>
        <Link href="/wallet" className="btn btn--primary">
          Go to your wallet
        </Link>
      </div>
    );
  }
  return <Checkout gatewayOrder={gatewayOrder} recharge={recharge} />;
}

function Checkout({ gatewayOrder, recharge }: { gatewayOrder: string; recharge: string }) {
  const router = useRouter();
  const [order, setOrder] = useState<RechargeOrder | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [sending, setSending] = useState<'paid' | 'failed' | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      setOrder(await api<RechargeOrder>(`/api/user/wallet/recharge/${recharge}`, { auth: 'customer' }));
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    }
  }, [recharge]);

  useEffect(() => {
    void load();
  }, [load]);

  const finish = async (outcome: 'paid' | 'failed') => {
    setSending(outcome);
    setError(null);
    try {
      await api<RechargeOrder>(`/api/user/wallet/recharge/${recharge}/sandbox`, { method: 'POST', auth: 'customer', body: { outcome } });
      walletChanged();
      router.replace(`/wallet?recharge=${recharge}`);
    } catch (err) {
      setSending(null);
      if (!isApiError(err)) throw err;
      setError(err);
    }
  };

  const payloadOrder = typeof order?.clientPayload?.orderId === 'string' ? order.clientPayload.orderId : null;
  const mismatch = !!order && (order.provider !== 'sandbox' || (!!payloadOrder && !!gatewayOrder && payloadOrder !== gatewayOrder));

  return (
    <div className="sandbox">
      <div className="sandbox__banner" role="note">
        <strong>Sandbox payment gateway</strong> <span>(test mode — no real money)</span>
      </div>
      <div className="sandbox__card stack">
        <div className="sandbox__merchant">
          <span className="sandbox__logo" aria-hidden>
            AP
          </span>
          <div>
            <h1 className="sandbox__title">Anytime Pooja</h1>
            <p className="muted small">Wallet recharge</p>
          </div>
        </div>

        {error && (
          <ErrorAlert error={error} title={order ? 'The payment did not go through.' : "We couldn't load this payment."}>
            {!order && (
              <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load()}>
                Try again
              </button>
            )}
          </ErrorAlert>
        )}
        {!order && !error && <PageLoading label="Loading the order…" />}

        {order && (
          <>
            <dl className="bill__rows sandbox__bill">
              <div className="bill__row">
                <dt>Wallet credit</dt>
                <dd>{rupees(order.amountPaise)}</dd>
              </div>
              <div className="bill__row">
                <dt>GST</dt>
                <dd>{rupees(order.gstPaise)}</dd>
              </div>
              <div className="bill__row bill__row--total">
                <dt>Amount to pay</dt>
                <dd data-testid="sandbox-total">{rupees(order.totalPaise)}</dd>
              </div>
            </dl>
            <p className="muted small sandbox__ref">
              Order <code>{payloadOrder ?? gatewayOrder}</code>
            </p>

            {mismatch ? (
              <div className="alert alert--error" role="alert">
                <strong className="alert__title">This checkout link does not match the order.</strong>
                <span>Start the recharge again from your wallet.</span>
              </div>
            ) : order.status === 'created' ? (
              <div className="sandbox__actions">
                <button type="button" className="btn btn--primary btn--block" disabled={!!sending} onClick={() => void finish('paid')}>
                  {sending === 'paid' ? 'Paying…' : `Pay ${rupees(order.totalPaise)}`}
                </button>
                <button type="button" className="btn btn--ghost btn--danger-text btn--block" disabled={!!sending} onClick={() => void finish('failed')}>
                  {sending === 'failed' ? 'Failing…' : 'Fail payment'}
                </button>
              </div>
            ) : (
              <div className="alert alert--info" role="status">
                <strong className="alert__title">
                  {order.status === 'paid' ? 'This order is already paid.' : order.status === 'failed' ? 'This payment failed.' : 'This order was refunded.'}
                </strong>
                <Link href={`/wallet?recharge=${order.orderId}`} className="btn btn--ghost btn--sm">
                  Back to your wallet
                </Link>
              </div>
            )}
          </>
        )}
        <p className="hint sandbox__note">
          Choosing an outcome here sends the same signed confirmation a real gateway would. Nothing is charged to any card or bank.
        </p>
      </div>
      <p className="center small">
        <Link href="/wallet">Cancel and return to your wallet</Link>
      </p>
    </div>
  );
}
