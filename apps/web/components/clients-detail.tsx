'use client';

import Link from 'next/link';
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { MODE_LABEL, whenIn } from '../lib/bookings';
import { rupees, timeAgo } from '../lib/format';
import { browserTimeZone } from '../lib/time';
import type { PracticeClientDetail } from '../lib/types';
import { PortalNav } from './astrologer-work';
import { ErrorAlert, Notice } from './error-alert';
import { PageLoading } from './sign-in-prompt';

const STATUS_TEXT: Record<string, string> = {
  completed: 'Completed', active: 'Live', in_progress: 'Live', confirmed: 'Confirmed', pending: 'Requested', requested: 'Requested',
  cancelled: 'Cancelled', expired: 'Expired', rejected: 'Declined', declined: 'Declined', no_show: 'No-show',
};

function NoteEditor({ userId, initial, onSaved }: { userId: string; initial: string; onSaved: (note: string | null) => void }) {
  const id = useId();
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const res = await api<{ note: string | null }>(`/api/astrologer/clients/${encodeURIComponent(userId)}/note`, { method: 'PUT', auth: 'astrologer', body: { note: text } });
      setText(res.note ?? '');
      setSaved(true);
      onSaved(res.note);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={save}>
      <div className="field">
        <label htmlFor={id}>Private note</label>
        <textarea
          id={id}
          className="input textarea"
          rows={5}
          maxLength={4000}
          placeholder="What they asked about, their chart details, what to follow up on. Only you can read this."
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setSaved(false);
          }}
        />
        <p className="hint">{text.length}/4000 · leave it empty and save to delete the note</p>
      </div>
      {error && <ErrorAlert error={error} title="The note was not saved." />}
      {saved && <Notice tone="success">Note saved.</Notice>}
      <div className="row" style={{ justifyContent: 'flex-end' }}>
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save note'}
        </button>
      </div>
    </form>
  );
}

export function ClientDetailView({ userId }: { userId: string }) {
  const [data, setData] = useState<PracticeClientDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [zone, setZone] = useState('Asia/Kolkata');

  useEffect(() => setZone(browserTimeZone()), []);

  const load = useCallback(async () => {
    setError(null);
    try {
      setData(await api<PracticeClientDetail>(`/api/astrologer/clients/${encodeURIComponent(userId)}`, { auth: 'astrologer' }));
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    }
  }, [userId]);

  useEffect(() => {
    void load();
  }, [load]);

  if (error?.status === 404) {
    return (
      <div className="stack-lg">
        <PortalNav />
        <div className="panel center empty">
          <h1 className="h3">Client not found</h1>
          <p className="muted">This customer has not consulted with you.</p>
          <Link href="/astrologer/clients" className="btn btn--outline">
            All clients
          </Link>
        </div>
      </div>
    );
  }

  return (
    <div className="stack-lg">
      <div>
        <p className="eyebrow">
          <Link href="/astrologer/clients">Clients</Link> /
        </p>
        <h1 className="h2">{data?.name ?? 'Client'}</h1>
      </div>
      <PortalNav />
      {error && (
        <ErrorAlert error={error} title="We couldn't load this client.">
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load()}>
            Try again
          </button>
        </ErrorAlert>
      )}
      {!data && !error && <PageLoading label="Loading client…" />}
      {data && (
        <>
          <div className="earn-grid" style={{ gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))' }}>
            <section className="earn-card" aria-label="Sessions">
              <h2 className="earn-card__label">Sessions</h2>
              <p className="earn-card__net">{data.sessionCount}</p>
              <p className="muted small">{data.firstSessionAt ? `since ${whenIn(data.firstSessionAt, zone, true)}` : 'none completed yet'}</p>
            </section>
            <section className="earn-card" aria-label="Spent with you">
              <h2 className="earn-card__label">Spent with you</h2>
              <p className="earn-card__net">{rupees(data.totalSpentPaise)}</p>
              <p className="muted small">before commission</p>
            </section>
            <section className="earn-card" aria-label="Last session">
              <h2 className="earn-card__label">Last session</h2>
              <p className="earn-card__net" style={{ fontSize: '1.2rem' }}>
                {data.lastSessionAt ? timeAgo(data.lastSessionAt) : '—'}
              </p>
              <p className="muted small">{data.lastSessionAt ? whenIn(data.lastSessionAt, zone, true) : ''}</p>
            </section>
          </div>
          <div className="earn-layout">
            <section className="panel" aria-labelledby="client-note">
              <h2 id="client-note" className="h3 panel__title">
                Your note
              </h2>
              <NoteEditor userId={userId} initial={data.note ?? ''} onSaved={(note) => setData((d) => (d ? { ...d, note, hasNote: !!note } : d))} />
            </section>
            <section className="panel" aria-labelledby="client-history">
              <h2 id="client-history" className="h3 panel__title">
                Consultations
              </h2>
              <ul className="payout-list" aria-label="Consultations with this client">
                {data.consultations.map((c) => (
                  <li key={c.id} className="payout">
                    <div>
                      <strong>
                        {MODE_LABEL[c.mode]} · {c.kind === 'instant' ? 'instant' : 'booked'}
                      </strong>
                      <p className="muted small">
                        {whenIn(c.at, zone, true)}
                        {c.minutes !== null ? ` · ${c.minutes} min` : ''}
                        {c.spentPaise > 0 ? ` · ${rupees(c.spentPaise)}` : ''}
                      </p>
                    </div>
                    <span className={`status-badge status-badge--${c.status === 'completed' ? 'ok' : 'off'}`}>{STATUS_TEXT[c.status] ?? c.status}</span>
                  </li>
                ))}
              </ul>
            </section>
          </div>
        </>
      )}
    </div>
  );
}
