'use client';

import { useId, useState, type FormEvent } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { SIGN_INFO, type Horoscope, type Period, type Sign } from '../lib/astro';
import { isAdmin, useSession } from '../lib/session';
import { ErrorAlert } from './error-alert';

const PERIOD_LABEL: Record<Period, string> = { daily: "today's", weekly: "this week's", monthly: "this month's" };

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
        Write {PERIOD_LABEL[period]} {SIGN_INFO[sign].en} horoscope
      </button>
    );
  }
  return (
    <form className="panel stack" onSubmit={onSubmit} aria-label="Publish a horoscope">
      <h2 className="h3">Your {PERIOD_LABEL[period]} text for {SIGN_INFO[sign].en}</h2>
      <p className="small muted">It replaces the computed horoscope for everyone, signed with your name.</p>
      <div className="field">
        <label htmlFor={`${id}-en`}>English</label>
        <textarea id={`${id}-en`} className="textarea" rows={5} minLength={20} maxLength={4000} required value={en} onChange={(e) => setEn(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-hi`}>Hindi (optional)</label>
        <textarea id={`${id}-hi`} className="textarea" rows={4} maxLength={4000} lang="hi" value={hi} onChange={(e) => setHi(e.target.value)} />
      </div>
      {error && <ErrorAlert error={error} fieldLabels={{ text: 'Text' }} labelFor={(p) => (p === 'text.en' ? 'English' : p === 'text.hi' ? 'Hindi' : p)} />}
      <div className="row" style={{ gap: 8 }}>
        <button type="submit" className="btn btn--primary" disabled={busy}>{busy ? 'Publishing…' : 'Publish'}</button>
        <button type="button" className="btn btn--ghost" onClick={() => setOpen(false)}>Cancel</button>
      </div>
    </form>
  );
}
