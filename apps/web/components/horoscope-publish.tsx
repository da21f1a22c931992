'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useId, useState, type FormEvent } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { SIGN_INFO, type Horoscope, type Period, type Sign } from '../lib/astro';
import { isAdmin, useSession } from '../lib/session';
import { ErrorAlert } from './error-alert';

/**
 * Astrologers and admins write their own text for a sign and period; it replaces the computed one for everyone,
 * with their name. Hidden from everyone else.
 */
export function HoroscopePublish({ sign, period, start, onPublished }: { sign: Sign; period: Period; start: string; onPublished: (h: Horoscope) => void }) {
  const astrologer = useSession('astrologer');
  const customer = useSession('customer');
  const as = astrologer ? 'astrologer' : isAdmin(customer) ? 'customer' : null;
  const id = useId();
  const [open, setOpen] = useState(false);
  const [en, setEn] = useState('');
  const [hi, setHi] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const t = useTranslations('horoscopePublish');
  const signName = useLocale() === 'hi' ? SIGN_INFO[sign].hi : SIGN_INFO[sign].en;
  if (!as) return null;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const text = { en: en.trim(), ...(hi.trim() ? { hi: hi.trim() } : {}) };
      onPublished(await api<Horoscope>('/api/user/horoscope/published', { method: 'POST', auth: as!, body: { sign, period, date: start, text } }));
      setOpen(false);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <button type="button" className="btn btn--outline btn--sm" onClick={() => setOpen(true)}>
        {t('write', { period, sign: signName })}
      </button>
    );
  }
  return (
    <form className="panel stack" onSubmit={onSubmit} aria-label={t('formLabel')}>
      <h2 className="h3">{t('heading', { period, sign: signName })}</h2>
      <p className="small muted">{t('lead')}</p>
      <div className="field">
        <label htmlFor={`${id}-en`}>{t('english')}</label>
        <textarea id={`${id}-en`} className="textarea" rows={5} minLength={20} maxLength={4000} required value={en} onChange={(e) => setEn(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-hi`}>{t('hindiOptional')}</label>
        <textarea id={`${id}-hi`} className="textarea" rows={4} maxLength={4000} lang="hi" value={hi} onChange={(e) => setHi(e.target.value)} />
      </div>
      {error && <ErrorAlert error={error} fieldLabels={{ text: t('text') }} labelFor={(p) => (p === 'text.en' ? t('english') : p === 'text.hi' ? t('hindi') : p)} />}
      <div className="row" style={{ gap: 8 }}>
        <button type="submit" className="btn btn--primary" disabled={busy}>{busy ? t('publishing') : t('publish')}</button>
        <button type="button" className="btn btn--ghost" onClick={() => setOpen(false)}>{t('cancel')}</button>
      </div>
    </form>
  );
}
