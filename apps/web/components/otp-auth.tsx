'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, authBase, isApiError, toSession, type ApiError } from '../lib/api';
import { countdown } from '../lib/format';
import { saveSession, type Role, type Session } from '../lib/session';
import type { OtpSent } from '../lib/types';
import { ErrorAlert } from './error-alert';
import { canSendCode, CodeStep, composePhone, PhoneStep, splitPhone, type AuthMode } from './otp-forms';

export { composePhone, type AuthMode } from './otp-forms';

interface Props {
  role: Role;
  mode: AuthMode;
  initialPhone?: string;
  onSwitchMode: (mode: AuthMode, phone: string) => void;
  onSignedIn: (session: Session) => void;
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
    return (
      <CodeStep
        ids={ids} codeRef={codeRef} sentTo={sentTo} code={code} onCode={setCode} invalid={!!error} errorBox={errorBox} notice={notice}
        busy={busy} verifyBlocked={locked || verifyBlockedFor > 0} resendIn={resendIn} onSubmit={onVerify} onResend={onResend}
        onChangeNumber={() => {
          setStep('phone');
          setError(null);
          setNotice('');
        }}
      />
    );
  }

  return (
    <PhoneStep
      ids={ids} role={role} mode={mode} name={name} onName={setName} countryCode={countryCode} onCountryCode={setCountryCode}
      number={number} onNumber={setNumber} errorBox={errorBox}
      sendDisabled={busy || !canSendCode(mode, number, name) || sendBlockedFor > 0}
      sendLabel={busy ? t('sending') : sendBlockedFor > 0 ? t('tryIn', { time: countdown(sendBlockedFor) }) : t('send')}
      onSubmit={onSendCode} onSwitchMode={(to) => onSwitchMode(to, phone)}
    />
  );
}
