'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { whenIn } from '../lib/bookings';
import { rupees, timeAgo } from '../lib/format';
import { browserTimeZone } from '../lib/time';
import type { PracticeClientDetail } from '../lib/types';
import { PortalNav } from './astrologer-work';
import { ErrorAlert, Notice } from './error-alert';
import { PageLoading } from './sign-in-prompt';


function NoteEditor({ userId, initial, onSaved }: { userId: string; initial: string; onSaved: (note: string | null) => void }) {
  const id = useId();
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const t = useTranslations('clientDetail');

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
        <label htmlFor={id}>{t('privateNote')}</label>
        <textarea
          id={id}
          className="input textarea"
          rows={5}
          maxLength={4000}
          placeholder={t('notePlaceholder')}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setSaved(false);
          }}
        />
        <p className="hint">{t('noteHint', { length: text.length })}</p>
      </div>
      {error && <ErrorAlert error={error} title={t('noteError')} />}
      {saved && <Notice tone="success">{t('noteSaved')}</Notice>}
      <div className="row" style={{ justifyContent: 'flex-end' }}>
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? t('saving') : t('saveNote')}
        </button>
      </div>
    </form>
  );
}

export function ClientDetailView({ userId }: { userId: string }) {
  const [data, setData] = useState<PracticeClientDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [zone, setZone] = useState('Asia/Kolkata');
  const t = useTranslations('clientDetail');
  const tc = useTranslations('common');

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
          <h1 className="h3">{t('notFound')}</h1>
          <p className="muted">{t('notFoundText')}</p>
          <Link href="/astrologer/clients" className="btn btn--outline">
            {t('allClients')}
          </Link>
        </div>
      </div>
    );
  }

  return (
    <div className="stack-lg">
      <div>
        <p className="eyebrow">
          <Link href="/astrologer/clients">{t('clients')}</Link> /
        </p>
        <h1 className="h2">{data?.name ?? t('client')}</h1>
      </div>
      <PortalNav />
      {error && (
        <ErrorAlert error={error} title={t('loadError')}>
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load()}>
            {t('retry')}
          </button>
        </ErrorAlert>
      )}
      {!data && !error && <PageLoading label={t('loading')} />}
      {data && (
        <>
          <div className="earn-grid" style={{ gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))' }}>
            <section className="earn-card" aria-label={t('sessions')}>
              <h2 className="earn-card__label">{t('sessions')}</h2>
              <p className="earn-card__net">{data.sessionCount}</p>
              <p className="muted small">{data.firstSessionAt ? t('since', { when: whenIn(data.firstSessionAt, zone, true) }) : t('noneCompleted')}</p>
            </section>
            <section className="earn-card" aria-label={t('spent')}>
              <h2 className="earn-card__label">{t('spent')}</h2>
              <p className="earn-card__net">{rupees(data.totalSpentPaise)}</p>
              <p className="muted small">{t('beforeCommission')}</p>
            </section>
            <section className="earn-card" aria-label={t('lastSession')}>
              <h2 className="earn-card__label">{t('lastSession')}</h2>
              <p className="earn-card__net" style={{ fontSize: '1.2rem' }}>
                {data.lastSessionAt ? timeAgo(data.lastSessionAt) : '—'}
              </p>
              <p className="muted small">{data.lastSessionAt ? whenIn(data.lastSessionAt, zone, true) : ''}</p>
            </section>
          </div>
          <div className="earn-layout">
            <section className="panel" aria-labelledby="client-note">
              <h2 id="client-note" className="h3 panel__title">
                {t('yourNote')}
              </h2>
              <NoteEditor userId={userId} initial={data.note ?? ''} onSaved={(note) => setData((d) => (d ? { ...d, note, hasNote: !!note } : d))} />
            </section>
            <section className="panel" aria-labelledby="client-history">
              <h2 id="client-history" className="h3 panel__title">
                {t('consultations')}
              </h2>
              <ul className="payout-list" aria-label={t('consultationsList')}>
                {data.consultations.map((c) => (
                  <li key={c.id} className="payout">
                    <div>
                      <strong>
                        {tc(`modes.${c.mode}`)} · {t('kind', { kind: c.kind })}
                      </strong>
                      <p className="muted small">
                        {whenIn(c.at, zone, true)}
                        {c.minutes !== null ? ` · ${t('minutes', { count: c.minutes })}` : ''}
                        {c.spentPaise > 0 ? ` · ${rupees(c.spentPaise)}` : ''}
                      </p>
                    </div>
                    <span className={`status-badge status-badge--${c.status === 'completed' ? 'ok' : 'off'}`}>{t.has(`status.${c.status}` as never) ? t(`status.${c.status}` as never) : c.status}</span>
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
