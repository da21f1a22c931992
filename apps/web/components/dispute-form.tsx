'use client';

import { useCallback, useEffect, useState } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { rupees } from '../lib/format';
import { ErrorAlert } from './error-alert';

const FEEDBACK = '/api/communication/feedback';

export type DisputeReason = 'not_delivered' | 'poor_quality' | 'technical_issue' | 'overcharged' | 'astrologer_no_show' | 'other';
export type DisputeStatus = 'open' | 'rejected' | 'refunded';

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

export function disputeSummary(d: Dispute): string {
  if (d.status === 'open') return 'Problem reported · we are looking into it';
  if (d.status === 'refunded') return `Problem reported · ${rupees(d.refundPaise)} refunded to your wallet`;
  return `Problem reported · closed without a refund${d.resolutionNote ? `: ${d.resolutionNote}` : ''}`;
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
    <form className="stack" onSubmit={(e) => void submit(e)} aria-label="Report a problem" noValidate>
      <strong>Report a problem</strong>
      <p className="small muted">Our team reviews every report. If you were charged for something that went wrong, we refund it to your wallet.</p>
      <div className={`field${touched && !reason ? ' field--invalid' : ''}`}>
        <label htmlFor={`${id}-reason`}>What went wrong?</label>
        <select id={`${id}-reason`} className="input" value={reason} onChange={(e) => setReason(e.target.value as DisputeReason)}>
          <option value="">Choose one…</option>
          {(Object.keys(DISPUTE_REASON_LABEL) as DisputeReason[]).map((r) => (
            <option key={r} value={r}>
              {DISPUTE_REASON_LABEL[r]}
            </option>
          ))}
        </select>
        {touched && !reason && <span className="field__error">Choose what went wrong.</span>}
      </div>
      <div className={`field${touched && !description.trim() ? ' field--invalid' : ''}`}>
        <label htmlFor={`${id}-text`}>Tell us more</label>
        <textarea id={`${id}-text`} className="input textarea" maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)}
          placeholder="What happened, and what would make it right?" />
        {touched && !description.trim() && <span className="field__error">Describe the problem in a few words.</span>}
      </div>
      {error && <ErrorAlert error={error} title="Could not send your report." fieldLabels={{ reason: 'Reason', description: 'Details' }} />}
      <div className="row">
        <button type="submit" className="btn btn--primary btn--sm" disabled={busy}>
          {busy ? 'Sending…' : 'Send report'}
        </button>
        <button type="button" className="link-button small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
