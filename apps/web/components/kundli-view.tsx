'use client';

import { useTranslations } from 'next-intl';
import { rememberChartToShare } from '../lib/chart-share';
import '../app/horoscope/astro.css';
import Link from 'next/link';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { SIGN_INFO, dateOf, type ChartSummary, type Kundli } from '../lib/astro';
import { useHydrated, useSession } from '../lib/session';
import { ErrorAlert } from './error-alert';
import { BirthFields, birthBody, emptyBirth, type BirthForm } from './kundli-birth-fields';
import { KundliResult } from './kundli-result';

interface Candidate { utc: string; utcOffsetMinutes: number }

const offsetLabel = (minutes: number) => {
  const sign = minutes < 0 ? '−' : '+';
  const m = Math.abs(minutes);
  return `UTC${sign}${Math.floor(m / 60)}:${String(Math.round(m % 60)).padStart(2, '0')}`;
};

/** Free kundli: the birth form, the chart, and (signed in) my saved charts. */
export function KundliView() {
  const hydrated = useHydrated();
  const session = useSession('customer');
  const t = useTranslations('kundli');
  const [form, setForm] = useState<BirthForm>(emptyBirth);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [chart, setChart] = useState<Kundli | null>(null);
  const [saved, setSaved] = useState<ChartSummary[] | null>(null);

  const loadSaved = useCallback(async () => {
    if (!session) return;
    try {
      setSaved((await api<{ items: ChartSummary[] }>('/api/user/kundli', { auth: 'customer' })).items);
    } catch (err) {
      if (!isApiError(err)) throw err;
    }
  }, [session]);

  useEffect(() => {
    void loadSaved();
  }, [loadSaved]);

  async function draw(f: BirthForm) {
    setBusy(true);
    setError(null);
    try {
      const k = await api<Kundli>('/api/user/kundli', { method: 'POST', body: birthBody(f), auth: session ? 'customer' : undefined });
      setChart(k);
      if (k.id) void loadSaved();
      requestAnimationFrame(() => document.getElementById('kundli-result')?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function open(id: string) {
    setError(null);
    try {
      setChart(await api<Kundli>(`/api/user/kundli/${id}`, { auth: 'customer' }));
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    }
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void draw(form);
  };

  const errors: Record<string, string> = {};
  for (const fe of error?.errors ?? []) errors[fe.path.split('.')[0] ?? ''] ??= fe.message;
  const candidates = (error?.body.candidates as Candidate[] | undefined) ?? [];

  return (
    <div className="ast-layout">
      <div className="stack-lg">
        <form className="panel stack" onSubmit={onSubmit} noValidate aria-label={t('birthDetails')}>
          <div>
            <p className="eyebrow">{t('eyebrow')}</p>
            <h1 className="h2">{t('title')}</h1>
            <p className="muted small">{t('lead')}</p>
          </div>
          <BirthFields value={form} onChange={setForm} errors={errors} />
          {error && (
            <ErrorAlert error={error} fieldLabels={{ name: t('name'), date: t('date'), time: t('time'), place: t('place'), lat: t('place'), lon: t('place') }}>
              {candidates.length > 0 && (
                <div className="row" style={{ flexWrap: 'wrap', gap: 8, marginTop: 8 }}>
                  {candidates.map((c) => (
                    <button key={c.utc} type="button" className="btn btn--outline btn--sm" onClick={() => { const f = { ...form, utcOffsetMinutes: c.utcOffsetMinutes }; setForm(f); void draw(f); }}>
                      Read it as {offsetLabel(c.utcOffsetMinutes)}
                    </button>
                  ))}
                </div>
              )}
            </ErrorAlert>
          )}
          <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
            {busy ? t('drawing') : t('draw')}
          </button>
          {hydrated && !session && <p className="small muted">{t('logIn')}</p>}
        </form>
        {saved && saved.length > 0 && (
          <section className="panel stack" aria-labelledby="saved-title">
            <h2 id="saved-title" className="h3">{t('myCharts')}</h2>
            <ul className="stack" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {saved.map((c) => (
                <li key={c.id} className="row row--between">
                  <button type="button" className="link-button" onClick={() => void open(c.id)}>{c.name}</button>
                  <span className="small muted">{dateOf(c.date)} · {SIGN_INFO[c.moonSign].en} moon</span>
                </li>
              ))}
            </ul>
            <Link href="/match" className="small">{t('matchTwo')}</Link>
          </section>
        )}
      </div>
      <div id="kundli-result" aria-live="polite">
        {chart ? (
          <>
            {chart.id && <p className="alert alert--success" role="status">{t('saved')}</p>}
            <KundliResult k={chart} />
            <div className="panel row row--between" style={{ marginTop: 20, flexWrap: 'wrap', gap: 12 }}>
              <span>{t('questions')}</span>
              <Link href="/?online=true" className="btn btn--saffron" onClick={() => rememberChartToShare(chart)}>{t('talk')}</Link>
            </div>
          </>
        ) : (
          <div className="panel center stack muted">
            <p>{t('empty')}</p>
            <p className="small">{t('emptyHint')}</p>
          </div>
        )}
      </div>
    </div>
  );
}
