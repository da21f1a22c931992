'use client';

import { useTranslations } from 'next-intl';
import type { FormEvent, ReactNode, RefObject } from 'react';
import { countdown } from '../lib/format';
import type { Role } from '../lib/session';

/** The two steps of a phone sign-in, shared by our OTP API's form (OtpAuth) and Supabase Auth's (SupabaseOtpAuth). */
export type AuthMode = 'login' | 'signup';

export const COUNTRY_CODES = ['+91', '+977', '+971', '+65', '+44', '+1', '+61'];

/** "98765 43210" with +91 → "+919876543210"; a number typed with its own "+" wins over the picker. */
export function composePhone(countryCode: string, number: string): string {
  const cleaned = number.replace(/[\s().-]/g, '');
  if (cleaned.startsWith('+')) return cleaned;
  return countryCode + cleaned.replace(/^0+/, '');
}

/** "+919876543210" → +91 and "9876543210" for the picker and the box. */
export function splitPhone(phone: string | undefined): { countryCode: string; number: string } {
  if (!phone) return { countryCode: '+91', number: '' };
  const match = COUNTRY_CODES.find((c) => phone.startsWith(c));
  return match ? { countryCode: match, number: phone.slice(match.length) } : { countryCode: '+91', number: phone };
}

export const canSendCode = (mode: AuthMode, number: string, name: string) =>
  number.replace(/\D/g, '').length >= 6 && (mode === 'login' || name.trim().length > 0);

interface PhoneStepProps {
  ids: string;
  role: Role;
  mode: AuthMode;
  name: string;
  onName: (name: string) => void;
  countryCode: string;
  onCountryCode: (code: string) => void;
  number: string;
  onNumber: (number: string) => void;
  errorBox: ReactNode;
  /** Whether the send button is disabled, and what it says. */
  sendDisabled: boolean;
  sendLabel: string;
  onSubmit: (e: FormEvent) => void;
  onSwitchMode: (mode: AuthMode) => void;
}

/** Name (at sign-up), country code and mobile number, and the button that sends a code. */
export function PhoneStep(p: PhoneStepProps) {
  const t = useTranslations('otp');
  return (
    <form className="stack" onSubmit={p.onSubmit} noValidate>
      {p.mode === 'signup' && (
        <div className="field">
          <label htmlFor={`${p.ids}-name`}>{p.role === 'astrologer' ? t('yourName') : t('fullName')}</label>
          <input
            id={`${p.ids}-name`}
            className="input"
            autoComplete="name"
            value={p.name}
            maxLength={100}
            onChange={(e) => p.onName(e.target.value)}
            placeholder={p.role === 'astrologer' ? t('astrologerNamePlaceholder') : t('namePlaceholder')}
          />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${p.ids}-phone`}>{t('mobile')}</label>
        <div className="phone-input">
          <select
            className="input phone-input__cc"
            aria-label={t('countryCode')}
            disabled={p.number.trim().startsWith('+')}
            value={p.countryCode}
            onChange={(e) => p.onCountryCode(e.target.value)}
          >
            {COUNTRY_CODES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          <input
            id={`${p.ids}-phone`}
            className="input"
            type="tel"
            inputMode="tel"
            autoComplete="tel-national"
            placeholder="98765 43210"
            value={p.number}
            maxLength={20}
            onChange={(e) => p.onNumber(e.target.value)}
          />
        </div>
        <p className="hint">{t('hint')}</p>
      </div>
      {p.errorBox}
      <button type="submit" className="btn btn--primary btn--block" disabled={p.sendDisabled}>
        {p.sendLabel}
      </button>
      <p className="muted center small">
        {p.mode === 'login' ? t('newHere') : t('haveAccount')}{' '}
        <button type="button" className="link-button" onClick={() => p.onSwitchMode(p.mode === 'login' ? 'signup' : 'login')}>
          {p.mode === 'login' ? t('createAccount') : t('logIn')}
        </button>
      </p>
    </form>
  );
}

interface CodeStepProps {
  ids: string;
  codeRef: RefObject<HTMLInputElement | null>;
  sentTo: string;
  code: string;
  onCode: (code: string) => void;
  invalid: boolean;
  errorBox: ReactNode;
  notice: string;
  busy: boolean;
  /** Set when the code cannot be checked now (locked, throttled), beyond being incomplete. */
  verifyBlocked: boolean;
  resendIn: number;
  onSubmit: (e: FormEvent) => void;
  onResend: () => void;
  onChangeNumber: () => void;
}

/** The six-digit code, the verify button, resend (with its countdown) and "change number". */
export function CodeStep(p: CodeStepProps) {
  const t = useTranslations('otp');
  const complete = /^\d{6}$/.test(p.code);
  return (
    <form className="stack" onSubmit={p.onSubmit} noValidate>
      <p className="muted">
        {t.rich('enterCode', { phone: p.sentTo, strong: (chunks) => <strong className="nowrap">{chunks}</strong> })}
      </p>
      <div className="field">
        <label htmlFor={`${p.ids}-code`}>{t('code')}</label>
        <input
          ref={p.codeRef}
          id={`${p.ids}-code`}
          className="input input--otp"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          placeholder="••••••"
          value={p.code}
          onChange={(e) => p.onCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
          aria-invalid={p.invalid ? true : undefined}
        />
      </div>
      {p.errorBox}
      {p.notice && (
        <p className="alert alert--success" role="status">
          {p.notice}
        </p>
      )}
      <button type="submit" className="btn btn--primary btn--block" disabled={p.busy || !complete || p.verifyBlocked}>
        {p.busy ? t('checking') : t('verify')}
      </button>
      <div className="otp-actions">
        <button type="button" className="link-button" onClick={p.onResend} disabled={p.busy || p.resendIn > 0}>
          {p.resendIn > 0 ? t('resendIn', { time: countdown(p.resendIn) }) : t('resend')}
        </button>
        <button type="button" className="link-button" onClick={p.onChangeNumber}>
          {t('changeNumber')}
        </button>
      </div>
    </form>
  );
}
