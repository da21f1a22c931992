'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { MODE_LABEL, MODES, fetchPolicy, newKey, policyLines, whenIn, type BookingPolicy, type CustomerBooking, type Mode } from '../lib/bookings';
import { rupees } from '../lib/format';
import { useSession } from '../lib/session';
import type { Slot } from '../lib/types';
import { fetchBalance, walletChanged, type WalletBalance } from '../lib/wallet';
import { ErrorAlert, Notice } from './error-alert';
import { CallIcon, ChatIcon, VideoIcon } from './icons';

const MODE_ICON = { chat: <ChatIcon />, call: <CallIcon />, video: <VideoIcon /> } as const;

/**
 * The review step of booking a slot: astrologer, mode, time in the viewer's zone, price, wallet balance and the
 * refund rules, then Confirm. Each attempt carries its own Idempotency-Key, kept only while a retry is possible.
 */
export function BookingReview({
  astrologerId,
  name,
  slot,
  zone,
  modes,
  onTaken,
  onClose,
}: {
  astrologerId: string;
  name: string;
  slot: Slot;
  zone: string;
  modes: Mode[];
  onTaken: () => void;
  onClose: () => void;
}) {
  const ids = useId();
  const t = useTranslations('booking');
  const customer = useSession('customer');
  const offered = modes.length ? modes : MODES;
  const [mode, setMode] = useState<Mode>(offered[0]!);
  const [policy, setPolicy] = useState<BookingPolicy | null>(null);
  const [balance, setBalance] = useState<WalletBalance | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [booked, setBooked] = useState<CustomerBooking | null>(null);
  const key = useRef<string | null>(null);

  useEffect(() => {
    fetchPolicy().then(setPolicy, () => undefined);
  }, []);

  useEffect(() => {
    if (!customer) return;
    fetchBalance().then(setBalance, () => undefined);
  }, [customer]);

  // Another slot or mode is another request: it gets its own key.
  useEffect(() => {
    key.current = null;
    setError(null);
  }, [slot.start, mode]);

  const here = typeof window === 'undefined' ? `/astrologers/${astrologerId}` : window.location.pathname + window.location.search;

  if (!customer) {
    const q = `?next=${encodeURIComponent(here)}`;
    return (
      <div className="booking" aria-labelledby={`${ids}-title`}>
        <h3 className="h3" id={`${ids}-title`}>
          {t('logInToBook')}
        </h3>
        <p className="muted">
          {t('logInText', { when: whenIn(slot.start, zone), name })}
        </p>
        <div className="row">
          <Link href={`/login${q}`} className="btn btn--primary">
            {t('logIn')}
          </Link>
          <Link href={`/signup${q}`} className="btn btn--outline">
            {t('createAccount')}
          </Link>
        </div>
      </div>
    );
  }

  if (booked) {
    const held = booked.money?.heldPaise ?? booked.pricePaise;
    const ttl = policy?.requestTtlMinutes;
    return (
      <div className="booking booking--done" role="status" aria-labelledby={`${ids}-done`}>
        <h3 className="h3" id={`${ids}-done`}>
          {t('sent')}
        </h3>
        <p>
          {t.rich(ttl ? 'reservedTtl' : 'reserved', { amount: rupees(held), name, ttl: ttl ?? 0, strong: (c) => <strong>{c}</strong> })}
        </p>
        <p className="muted small">
          {MODE_LABEL[booked.mode]} · {whenIn(booked.slotStart, zone)}
        </p>
        <div className="row">
          <Link href="/consultations" className="btn btn--primary">
            {t('myConsultations')}
          </Link>
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t('another')}
          </button>
        </div>
      </div>
    );
  }

  async function confirm() {
    setSubmitting(true);
    setError(null);
    key.current ??= newKey('book');
    try {
      const b = await api<CustomerBooking>('/api/user/consultations/book', {
        method: 'POST',
        auth: 'customer',
        body: { astrologerId, mode, slotStart: slot.start },
        headers: { 'Idempotency-Key': key.current },
      });
      key.current = null;
      setBooked(b);
      walletChanged();
    } catch (err) {
      if (!isApiError(err)) throw err;
      // A lost answer may be retried with the same key; an answer the server gave needs a new attempt.
      if (err.status !== 0 && err.status < 500) key.current = null;
      if (err.status === 409 && err.code === 'slot_unavailable') {
        onTaken();
        return;
      }
      setError(err);
      if (err.status === 402) fetchBalance().then(setBalance, () => undefined);
    } finally {
      setSubmitting(false);
    }
  }

  const price = slot.pricePaise;
  const short = error?.status === 402 ? Number(error.body.shortfallPaise ?? 0) || Math.max(0, price - (balance?.availablePaise ?? 0)) : 0;
  const minutes = slot.durationMinutes ?? Math.round((Date.parse(slot.end) - Date.parse(slot.start)) / 60_000);

  return (
    <div className="booking" aria-labelledby={`${ids}-title`}>
      <div className="booking__head">
        <h3 className="h3" id={`${ids}-title`}>
          {t('review')}
        </h3>
        <button type="button" className="link-button small" onClick={onClose}>
          {t('changeSlot')}
        </button>
      </div>
      <dl className="booking__facts">
        <div>
          <dt>{t('astrologer')}</dt>
          <dd>{name}</dd>
        </div>
        <div>
          <dt>{t('when')}</dt>
          <dd>
            {whenIn(slot.start, zone, true)}
            <span className="muted small"> · {t('minutes', { minutes })} · {zone}</span>
          </dd>
        </div>
      </dl>
      <fieldset className="booking__modes">
        <legend>{t('consultBy')}</legend>
        <div className="mode-picker">
          {offered.map((m) => (
            <label key={m} className={`mode-option${mode === m ? ' mode-option--on' : ''}`}>
              <input type="radio" name={`${ids}-mode`} value={m} checked={mode === m} onChange={() => setMode(m)} />
              {MODE_ICON[m]}
              {MODE_LABEL[m]}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="bill">
        <dl className="bill__rows">
          <div className="bill__row bill__row--total">
            <dt>{t('price')}</dt>
            <dd data-testid="booking-price">{rupees(price)}</dd>
          </div>
          <div className="bill__row">
            <dt>{t('available')}</dt>
            <dd data-testid="booking-wallet">{balance ? rupees(balance.availablePaise) : '…'}</dd>
          </div>
        </dl>
      </div>
      {policy && (
        <div className="booking__rules">
          <p className="small">
            <strong>{t('rules')}</strong>
          </p>
          <ul className="small">
            {policyLines(policy).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
      {error?.status === 402 ? (
        <div className="alert alert--warning" role="alert">
          <strong className="alert__title">{t('notEnough')}</strong>
          <span>
            {t.rich('short', { short: rupees(short), price: rupees(price), strong: (c) => <strong data-testid="booking-shortfall">{c}</strong> })}
          </span>
          <Link href="/wallet" className="btn btn--saffron btn--sm">
            {t('recharge', { amount: rupees(short) })}
          </Link>
        </div>
      ) : (
        error && <ErrorAlert error={error} title={t('failed')} />
      )}
      <div className="row">
        <button type="button" className="btn btn--primary" disabled={submitting} onClick={() => void confirm()}>
          {submitting ? t('booking') : t('confirm', { amount: rupees(price) })}
        </button>
      </div>
    </div>
  );
}

export function SlotTakenNotice() {
  const t = useTranslations('booking');
  return (
    <Notice tone="warning">
      <strong>{t('taken')}</strong>
      <span>{t('takenHint')}</span>
    </Notice>
  );
}
