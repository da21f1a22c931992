'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, isApiError } from '../lib/api';
import { countdown } from '../lib/format';
import type { Role, Session } from '../lib/session';
import { sendSupabaseCode, verifySupabaseCode } from '../lib/supabase-auth';
import { ErrorAlert } from './error-alert';
import { composePhone, type AuthMode } from './otp-auth';

interface Props {
  role: Role;
  mode: AuthMode;
  initialPhone?: string;
  onSwitchMode: (mode: AuthMode, phone: string) => void;
  onSignedIn: (session: Session) => void;
}

const COUNTRY_CODES = ['+91', '+977', '+971', '+65', '+44', '+1', '+61'];
/** Supabase Auth sends at most one SMS a minute to a number (its default). */
const RESEND_SECONDS = 60;

function splitPhone(phone: string | undefined): { countryCode: string; number: string } {
  const match = phone ? COUNTRY_CODES.find((c) => phone.startsWith(c)) : undefined;
  if (!phone) return { countryCode: '+91', number: '' };
  return match ? { countryCode: match, number: phone.slice(match.length) } : { countryCode: '+91', number: phone };
}

function useSecondsLeft(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    setNow(Date.now());
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, [until]);
  return until ? Math.max(0, Math.ceil((until - now) / 1000)) : 0;
}

/**
 * Phone sign-in through Supabase Auth (@supabase/supabase-js signInWithOtp / verifyOtp), with the same fields and
 * labels as OtpAuth. Shown instead of it when the deployment runs AUTH_PROVIDER=supabase.
 */
export function SupabaseOtpAuth({ role, mode, initialPhone, onSwitchMode, onSignedIn }: Props) {
  const t = useTranslations('otp');
  const tx = useTranslations('supabaseAuth');
  const ids = useId();
  const initial = splitPhone(initialPhone);
  const [step, setStep] = useState<'phone' | 'code'>('phone');
  const [countryCode, setCountryCode] = useState(initial.countryCode);
  const [number, setNumber] = useState(initial.number);
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState('');
  const [resendAt, setResendAt] = useState<number | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const resendIn = useSecondsLeft(resendAt);
  const phone = composePhone(countryCode, number);

  /** The Supabase sign-in's own errors in the reader's language (the API's come translated or as they are). */
  function localised(err: ApiError): ApiError {
    const key =
      err.code === 'account_not_found' ? 'noAccount'
      : err.code === 'otp_invalid' ? 'wrongCode'
      : err.code === 'otp_rate_limited' ? 'tooMany'
      : err.code === 'wrong_app' ? (role === 'astrologer' ? 'customerNumber' : 'astrologerNumber')
      : null;
    return key ? new ApiError(err.status, { ...err.body, detail: tx(key) }, null) : err;
  }

  useEffect(() => {
    if (step === 'code') codeRef.current?.focus();
  }, [step]);

  async function send(): Promise<boolean> {
    setError(null);
    setNotice('');
    setBusy(true);
    try {
      await sendSupabaseCode(role, mode, phone, name.trim());
      setResendAt(Date.now() + RESEND_SECONDS * 1000);
      setCode('');
      return true;
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(localised(err));
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function onSendCode(e: FormEvent) {
    e.preventDefault();
    if (await send()) setStep('code');
  }

  async function onResend() {
    if (await send()) setNotice(t('newCode', { phone }));
  }

  async function onVerify(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setNotice('');
    setBusy(true);
    try {
      onSignedIn(await verifySupabaseCode(role, phone, code));
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(localised(err));
      setCode('');
      codeRef.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  const errorBox = error && (
    <ErrorAlert error={error}>
      {error.code === 'account_not_found' && (
        <button type="button" className="link-button" onClick={() => onSwitchMode('signup', phone)}>
          {t('createAccount')}
        </button>
      )}
    </ErrorAlert>
  );

  if (step === 'code') {
    return (
      <form className="stack" onSubmit={onVerify} noValidate>
        <p className="muted">
          {t.rich('enterCode', { phone, strong: (chunks) => <strong className="nowrap">{chunks}</strong> })}
        </p>
        <div className="field">
          <label htmlFor={`${ids}-code`}>{t('code')}</label>
          <input
            ref={codeRef}
            id={`${ids}-code`}
            className="input input--otp"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            placeholder="••••••"
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
            aria-invalid={error ? true : undefined}
          />
        </div>
        {errorBox}
        {notice && (
          <p className="alert alert--success" role="status">
            {notice}
          </p>
        )}
        <button type="submit" className="btn btn--primary btn--block" disabled={busy || !/^\d{6}$/.test(code)}>
          {busy ? t('checking') : t('verify')}
        </button>
        <div className="otp-actions">
          <button type="button" className="link-button" onClick={onResend} disabled={busy || resendIn > 0}>
            {resendIn > 0 ? t('resendIn', { time: countdown(resendIn) }) : t('resend')}
          </button>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setStep('phone');
              setError(null);
              setNotice('');
            }}
          >
            {t('changeNumber')}
          </button>
        </div>
      </form>
    );
  }

  const canSend = number.replace(/\D/g, '').length >= 6 && (mode === 'login' || name.trim().length > 0);
  return (
    <form className="stack" onSubmit={onSendCode} noValidate>
      {mode === 'signup' && (
        <div className="field">
          <label htmlFor={`${ids}-name`}>{role === 'astrologer' ? t('yourName') : t('fullName')}</label>
          <input
            id={`${ids}-name`}
            className="input"
            autoComplete="name"
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
            placeholder={role === 'astrologer' ? t('astrologerNamePlaceholder') : t('namePlaceholder')}
          />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${ids}-phone`}>{t('mobile')}</label>
        <div className="phone-input">
          <select
            className="input phone-input__cc"
            aria-label={t('countryCode')}
            disabled={number.trim().startsWith('+')}
            value={countryCode}
            onChange={(e) => setCountryCode(e.target.value)}
          >
            {COUNTRY_CODES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          <input
            id={`${ids}-phone`}
            className="input"
            type="tel"
            inputMode="tel"
            autoComplete="tel-national"
            placeholder="98765 43210"
            value={number}
            maxLength={20}
            onChange={(e) => setNumber(e.target.value)}
          />
        </div>
        <p className="hint">{t('hint')}</p>
      </div>
      {errorBox}
      <button type="submit" className="btn btn--primary btn--block" disabled={busy || !canSend}>
        {busy ? t('sending') : t('send')}
      </button>
      <p className="muted center small">
        {mode === 'login' ? t('newHere') : t('haveAccount')}{' '}
        <button type="button" className="link-button" onClick={() => onSwitchMode(mode === 'login' ? 'signup' : 'login', phone)}>
          {mode === 'login' ? t('createAccount') : t('logIn')}
        </button>
      </p>
    </form>
  );
}
