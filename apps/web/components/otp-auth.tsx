'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, authBase, isApiError, toSession, type ApiError } from '../lib/api';
import { countdown } from '../lib/format';
import { saveSession, type Role, type Session } from '../lib/session';
import type { OtpSent } from '../lib/types';
import { ErrorAlert } from './error-alert';

export type AuthMode = 'login' | 'signup';

interface Props {
  role: Role;
  mode: AuthMode;
  initialPhone?: string;
  onSwitchMode: (mode: AuthMode, phone: string) => void;
  onSignedIn: (session: Session) => void;
}

const COUNTRY_CODES = [
  { code: '+91', label: 'India (+91)' },
  { code: '+977', label: 'Nepal (+977)' },
  { code: '+971', label: 'UAE (+971)' },
  { code: '+65', label: 'Singapore (+65)' },
  { code: '+44', label: 'UK (+44)' },
  { code: '+1', label: 'US / Canada (+1)' },
  { code: '+61', label: 'Australia (+61)' },
];

/** "98765 43210" with +91 → "+919876543210"; a number typed with its own "+" wins over the picker. */
export function composePhone(countryCode: string, number: string): string {
  const cleaned = number.replace(/[\s().-]/g, '');
  if (cleaned.startsWith('+')) return cleaned;
  return countryCode + cleaned.replace(/^0+/, '');
}

function splitPhone(phone: string | undefined): { countryCode: string; number: string } {
  if (!phone) return { countryCode: '+91', number: '' };
  const match = COUNTRY_CODES.find((c) => phone.startsWith(c.code));
  return match ? { countryCode: match.code, number: phone.slice(match.code.length) } : { countryCode: '+91', number: phone };
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, [active]);
  return now;
}

const secondsLeft = (until: number | null, now: number) => (until ? Math.max(0, Math.ceil((until - now) / 1000)) : 0);

export function OtpAuth({ role, mode, initialPhone, onSwitchMode, onSignedIn }: Props) {
  const ids = useId();
  const t = useTranslations('otp');
  const initial = splitPhone(initialPhone);
  const [step, setStep] = useState<'phone' | 'code'>('phone');
  const [countryCode, setCountryCode] = useState(initial.countryCode);
  const [number, setNumber] = useState(initial.number);
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [sentTo, setSentTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState('');
  const [resendAt, setResendAt] = useState<number | null>(null);
  const [sendBlockedUntil, setSendBlockedUntil] = useState<number | null>(null);
  const [verifyBlockedUntil, setVerifyBlockedUntil] = useState<number | null>(null);
  const [locked, setLocked] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);

  const now = useNow(resendAt !== null || sendBlockedUntil !== null || verifyBlockedUntil !== null);
  const resendIn = secondsLeft(resendAt, now);
  const sendBlockedFor = secondsLeft(sendBlockedUntil, now);
  const verifyBlockedFor = secondsLeft(verifyBlockedUntil, now);

  const phone = composePhone(countryCode, number);
  const base = authBase(role);

  useEffect(() => {
    if (step === 'code') codeRef.current?.focus();
  }, [step]);

  async function requestCode(which: AuthMode): Promise<OtpSent> {
    const body = which === 'signup' ? { phone, name: name.trim() } : { phone };
    return api<OtpSent>(`${base}/${which}`, { method: 'POST', body });
  }

  function codeSent(sent: OtpSent) {
    setLocked(false);
    setSentTo(sent.otpSentTo || phone);
    setResendAt(Date.now() + Math.max(0, sent.resendAfterSeconds ?? 30) * 1000);
  }

  async function onSendCode(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setNotice('');
    setBusy(true);
    try {
      codeSent(await requestCode(mode));
      setCode('');
      setStep('code');
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
      if (err.retryAfterSeconds) setSendBlockedUntil(Date.now() + err.retryAfterSeconds * 1000);
    } finally {
      setBusy(false);
    }
  }

  async function onResend() {
    setError(null);
    setNotice('');
    setBusy(true);
    try {
      const sent = await requestCode(mode);
      codeSent(sent);
      setCode('');
      setNotice(t('newCode', { phone: sent.otpSentTo || phone }));
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
      if (err.retryAfterSeconds) setResendAt(Date.now() + err.retryAfterSeconds * 1000);
    } finally {
      setBusy(false);
    }
  }

  async function onVerify(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setNotice('');
    setBusy(true);
    try {
      const body = await api<unknown>(`${base}/verify`, { method: 'POST', body: { phone, code } });
      const session = toSession(body);
      if (!session) throw new Error('verify returned no session');
      saveSession(role, session);
      onSignedIn(session);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
      setCode('');
      codeRef.current?.focus();
      // A locked code can never succeed: only a new code helps. Other 429s are throttles that pass.
      if (err.code === 'otp_locked' || err.body.attemptsLeft === 0) setLocked(true);
      else if (err.status === 429 && err.retryAfterSeconds) setVerifyBlockedUntil(Date.now() + err.retryAfterSeconds * 1000);
    } finally {
      setBusy(false);
    }
  }

  const switchAction =
    error?.code === 'account_not_found'
      ? { label: t('createAccount'), mode: 'signup' as const }
      : error?.code === 'account_exists'
        ? { label: t('logInInstead'), mode: 'login' as const }
        : null;

  const errorBox = error && (
    <ErrorAlert error={error}>
      {switchAction && (
        <button type="button" className="link-button" onClick={() => onSwitchMode(switchAction.mode, phone)}>
          {switchAction.label}
        </button>
      )}
      {step === 'phone' && sendBlockedFor > 0 && <span className="alert__meta">{t('canTryIn', { time: countdown(sendBlockedFor) })}</span>}
      {step === 'phone' && error.code === 'otp_resend_too_soon' && (
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setResendAt(sendBlockedUntil);
            setSentTo(phone);
            setError(null);
            setCode('');
            setStep('code');
          }}
        >
          {t('haveCode')}
        </button>
      )}
      {step === 'code' && verifyBlockedFor > 0 && <span className="alert__meta">{t('tryIn', { time: countdown(verifyBlockedFor) })}.</span>}
    </ErrorAlert>
  );

  if (step === 'code') {
    const codeComplete = /^\d{6}$/.test(code);
    return (
      <form className="stack" onSubmit={onVerify} noValidate>
        <p className="muted">
          {t.rich('enterCode', { phone: sentTo, strong: (chunks) => <strong className="nowrap">{chunks}</strong> })}
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
        <button type="submit" className="btn btn--primary btn--block" disabled={busy || !codeComplete || locked || verifyBlockedFor > 0}>
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
              <option key={c.code} value={c.code}>
                {c.code}
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
      <button type="submit" className="btn btn--primary btn--block" disabled={busy || !canSend || sendBlockedFor > 0}>
        {busy ? t('sending') : sendBlockedFor > 0 ? t('tryIn', { time: countdown(sendBlockedFor) }) : t('send')}
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
