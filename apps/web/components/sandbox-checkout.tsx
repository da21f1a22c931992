'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
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
  const t = useTranslations('sandbox');
  if (!hydrated) return <PageLoading />;
  if (!session) {
    const next = `/sandbox/pay?${new URLSearchParams({ order: gatewayOrder, recharge })}`;
    return <SignInPrompt title={t('signInTitle')} text={t('signInText')} next={next} />;
  }
  if (!UUID.test(recharge)) {
    return (
      <div className="panel center stack narrow-box">
        <h1 className="h2">{t('noPayment')}</h1>
        <p className="muted">{t('noPaymentHint')}</p>
        <Link href="/wallet" className="btn btn--primary">
          {t('goToWallet')}
        </Link>
      </div>
    );
  }
  return <Checkout gatewayOrder={gatewayOrder} recharge={recharge} />;
}

function Checkout({ gatewayOrder, recharge }: { gatewayOrder: string; recharge: string }) {
  const router = useRouter();
  const t = useTranslations('sandbox');
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
        <strong>{t('banner')}</strong> <span>{t('bannerNote')}</span>
      </div>
      <div className="sandbox__card stack">
        <div className="sandbox__merchant">
          <span className="sandbox__logo" aria-hidden>
            AP
          </span>
          <div>
            <h1 className="sandbox__title">Anytime Pooja</h1>
            <p className="muted small">{t('walletRecharge')}</p>
          </div>
        </div>

        {error && (
          <ErrorAlert error={error} title={order ? t('payFailed') : t('loadError')}>
            {!order && (
              <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load()}>
                {t('retry')}
              </button>
            )}
          </ErrorAlert>
        )}
        {!order && !error && <PageLoading label={t('loading')} />}

        {order && (
          <>
            <dl className="bill__rows sandbox__bill">
              <div className="bill__row">
                <dt>{t('walletCredit')}</dt>
                <dd>{rupees(order.amountPaise)}</dd>
              </div>
              <div className="bill__row">
                <dt>GST</dt>
                <dd>{rupees(order.gstPaise)}</dd>
              </div>
              <div className="bill__row bill__row--total">
                <dt>{t('amountToPay')}</dt>
                <dd data-testid="sandbox-total">{rupees(order.totalPaise)}</dd>
              </div>
            </dl>
            <p className="muted small sandbox__ref">
              {t('order')} <code>{payloadOrder ?? gatewayOrder}</code>
            </p>

            {mismatch ? (
              <div className="alert alert--error" role="alert">
                <strong className="alert__title">{t('mismatch')}</strong>
                <span>{t('mismatchHint')}</span>
              </div>
            ) : order.status === 'created' ? (
              <div className="sandbox__actions">
                <button type="button" className="btn btn--primary btn--block" disabled={!!sending} onClick={() => void finish('paid')}>
                  {sending === 'paid' ? t('paying') : t('pay', { amount: rupees(order.totalPaise) })}
                </button>
                <button type="button" className="btn btn--ghost btn--danger-text btn--block" disabled={!!sending} onClick={() => void finish('failed')}>
                  {sending === 'failed' ? t('failing') : t('fail')}
                </button>
              </div>
            ) : (
              <div className="alert alert--info" role="status">
                <strong className="alert__title">
                  {order.status === 'paid' ? t('alreadyPaid') : order.status === 'failed' ? t('failed') : t('refunded')}
                </strong>
                <Link href={`/wallet?recharge=${order.orderId}`} className="btn btn--ghost btn--sm">
                  {t('backToWallet')}
                </Link>
              </div>
            )}
          </>
        )}
        <p className="hint sandbox__note">
          {t('note')}
        </p>
      </div>
      <p className="center small">
        <Link href="/wallet">{t('cancel')}</Link>
      </p>
    </div>
  );
}
