'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useState } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { rupees } from '../lib/format';
import { ErrorAlert } from './error-alert';

const FEEDBACK = '/api/communication/feedback';

export type DisputeReason = 'not_delivered' | 'poor_quality' | 'technical_issue' | 'overcharged' | 'astrologer_no_show' | 'other';
export type DisputeStatus = 'open' | 'rejected' | 'refunded';

export const DISPUTE_REASONS: DisputeReason[] = ['not_delivered', 'astrologer_no_show', 'technical_issue', 'poor_quality', 'overcharged', 'other'];

/** English reason names, for the admin's console (kept in English like the rest of admin's domain data). */
export const DISPUTE_REASON_LABEL: Record<DisputeReason, string> = {
  not_delivered: 'The session did not happen',
  astrologer_no_show: 'The astrologer did not show up',
  technical_issue: 'Technical problems (drops, no audio, no video)',
  poor_quality: 'Poor quality or unhelpful advice',
  overcharged: 'I was charged the wrong amount',
  other: 'Something else',
};

export interface Dispute {
  id: string;
  consultationId: string;
  reason: DisputeReason;
  description: string;
  status: DisputeStatus;
  resolutionNote: string | null;
  refundPaise: number | null;
  resolvedAt: string | null;
  createdAt: string;
  astrologer: { id: string; name: string };
}

export function disputeSummary(d: Dispute, t: ReturnType<typeof useTranslations<'dispute'>>): string {
  if (d.status === 'open') return t('summaryOpen');
  if (d.status === 'refunded') return t('summaryRefunded', { amount: rupees(d.refundPaise) });
  return `${t('summaryClosed')}${d.resolutionNote ? `: ${d.resolutionNote}` : ''}`;
}

/** My disputes, keyed by consultation id (the newest 50 are plenty for a list of sessions). */
export function useMyDisputes() {
  const [disputes, setDisputes] = useState<Record<string, Dispute>>({});
  useEffect(() => {
    let live = true;
    api<{ items: Dispute[] }>(`${FEEDBACK}/disputes?limit=50`, { auth: 'customer' })
      .then((page) => {
        if (live) setDisputes(Object.fromEntries(page.items.map((d) => [d.consultationId, d])));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  const remember = useCallback((d: Dispute) => setDisputes((prev) => ({ ...prev, [d.consultationId]: d })), []);
  return { disputes, remember };
}

/** "Report a problem / request a refund" for one of my consultations. */
export function DisputeForm({ consultationId, onSaved, onCancel }: { consultationId: string; onSaved: (d: Dispute) => void; onCancel: () => void }) {
  const [reason, setReason] = useState<DisputeReason | ''>('');
  const t = useTranslations('dispute');
  const tc = useTranslations('common');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [touched, setTouched] = useState(false);
  const invalid = !reason || !description.trim();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (invalid) return;
    setBusy(true);
    setError(null);
    try {
      onSaved(await api<Dispute>(`${FEEDBACK}/disputes`, { method: 'POST', auth: 'customer', body: { consultationId, reason, description: description.trim() } }));
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const id = `dispute-${consultationId}`;
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} aria-label={t('title')} noValidate>
      <strong>{t('title')}</strong>
      <p className="small muted">{t('lead')}</p>
      <div className={`field${touched && !reason ? ' field--invalid' : ''}`}>
        <label htmlFor={`${id}-reason`}>{t('what')}</label>
        <select id={`${id}-reason`} className="input" value={reason} onChange={(e) => setReason(e.target.value as DisputeReason)}>
          <option value="">{t('choose')}</option>
          {DISPUTE_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`reasons.${r}`)}
            </option>
          ))}
        </select>
        {touched && !reason && <span className="field__error">{t('chooseError')}</span>}
      </div>
      <div className={`field${touched && !description.trim() ? ' field--invalid' : ''}`}>
        <label htmlFor={`${id}-text`}>{t('more')}</label>
        <textarea id={`${id}-text`} className="input textarea" maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)}
          placeholder={t('placeholder')} />
        {touched && !description.trim() && <span className="field__error">{t('describeError')}</span>}
      </div>
      {error && <ErrorAlert error={error} title={t('sendError')} fieldLabels={{ reason: t('reason'), description: t('details') }} />}
      <div className="row">
        <button type="submit" className="btn btn--primary btn--sm" disabled={busy}>
          {busy ? t('sending') : t('send')}
        </button>
        <button type="button" className="link-button small" onClick={onCancel}>
          {tc('cancel')}
        </button>
      </div>
    </form>
  );
}
