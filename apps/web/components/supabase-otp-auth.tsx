'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, isApiError } from '../lib/api';
import type { Role, Session } from '../lib/session';
import { sendSupabaseCode, verifySupabaseCode } from '../lib/supabase-auth';
import { ErrorAlert } from './error-alert';
import { canSendCode, CodeStep, composePhone, PhoneStep, splitPhone, type AuthMode } from './otp-forms';

interface Props {
  role: Role;
  mode: AuthMode;
  initialPhone?: string;
  onSwitchMode: (mode: AuthMode, phone: string) => void;
  onSignedIn: (session: Session) => void;
}

/** Supabase Auth sends at most one SMS a minute to a number (its default). */
const RESEND_SECONDS = 60;

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
      <CodeStep
        ids={ids} codeRef={codeRef} sentTo={phone} code={code} onCode={setCode} invalid={!!error} errorBox={errorBox} notice={notice}
        busy={busy} verifyBlocked={false} resendIn={resendIn} onSubmit={onVerify} onResend={onResend}
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
      sendDisabled={busy || !canSendCode(mode, number, name)} sendLabel={busy ? t('sending') : t('send')}
      onSubmit={onSendCode} onSwitchMode={(to) => onSwitchMode(to, phone)}
    />
  );
}
