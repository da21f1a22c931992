'use client';

import { useTranslations } from 'next-intl';
import '../app/horoscope/astro.css';
import { useState, type FormEvent } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { points, type Match } from '../lib/astro';
import { useAstroNames } from './astro-names';
import { ErrorAlert } from './error-alert';
import { BirthFields, birthBody, emptyBirth, type BirthForm } from './kundli-birth-fields';


/** Guna milan: two birth forms, then the koota table, the total of 36 and a plain-language summary. */
export function KundliMatch() {
  const [boy, setBoy] = useState<BirthForm>(emptyBirth);
  const t = useTranslations('match');
  const [girl, setGirl] = useState<BirthForm>(emptyBirth);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [match, setMatch] = useState<Match | null>(null);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setMatch(await api<Match>('/api/user/kundli/match', { method: 'POST', body: { boy: birthBody(boy), girl: birthBody(girl) } }));
      requestAnimationFrame(() => document.getElementById('match-result')?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const errorsOf = (who: 'boy' | 'girl') => {
    const out: Record<string, string> = {};
    for (const fe of error?.errors ?? []) {
      const [head, field] = fe.path.split('.');
      if (head === who && field) out[field] ??= fe.message;
    }
    return out;
  };

  return (
    <div className="stack-lg">
      <div>
        <p className="eyebrow">{t('eyebrow')}</p>
        <h1 className="h2">{t('title')}</h1>
        <p className="muted">{t('lead')}</p>
      </div>
      <form className="panel stack-lg" onSubmit={onSubmit} noValidate aria-label={t('both')}>
        <div className="ast-people">
          <BirthFields legend={t('boy')} value={boy} onChange={setBoy} errors={errorsOf('boy')} />
          <BirthFields legend={t('girl')} value={girl} onChange={setGirl} errors={errorsOf('girl')} />
        </div>
        {error && <ErrorAlert error={error} labelFor={(p) => p.replace(/^boy\./, `${t('boy')}: `).replace(/^girl\./, `${t('girl')}: `)} />}
        <button type="submit" className="btn btn--primary" disabled={busy}>{busy ? t('matching') : t('match')}</button>
      </form>
      <div id="match-result" aria-live="polite">
        {match && <MatchResult m={match} />}
      </div>
    </div>
  );
}

function MatchResult({ m }: { m: Match }) {
  const t = useTranslations('matchResult');
  const n = useAstroNames();
  const kootaName = (k: Match['kootas'][number]) => (t.has(`kootas.${k.key}` as never) ? t(`kootas.${k.key}` as never) : k.name);
  const full = m.kootas.filter((k) => k.points === k.max).map(kootaName);
  const nil = m.kootas.filter((k) => k.points === 0);
  // The API's summary is English; in Hindi it is put together here from the same figures.
  const summary = [
    t('sumScore', { boy: m.boy.name, girl: m.girl.name, total: points(m.total), verdict: t(`verdict.${m.verdict}`) }),
    full.length ? t('sumFull', { list: full.join(', ') }) : '',
    nil.length ? t('sumNil', { list: nil.map(kootaName).join(', '), nadi: String(nil.some((k) => k.key === 'nadi')) }) : '',
  ].filter(Boolean).join(' ');
  return (
    <section className="panel stack" aria-labelledby="match-title">
      <div className="row row--between" style={{ flexWrap: 'wrap', gap: 12 }}>
        <div>
          <h2 id="match-title" className="h3">{m.boy.name} &amp; {m.girl.name}</h2>
          <p className="muted small">
            {t('moon', { sign: n.sign(m.boy.moonSign), nakshatra: n.nakshatra(m.boy.nakshatra) })} · {t('moon', { sign: n.sign(m.girl.moonSign), nakshatra: n.nakshatra(m.girl.nakshatra) })}
          </p>
        </div>
        <div className="ast-score" aria-label={t('score', { points: points(m.total) })}>
          <span className="ast-score__value" data-testid="match-total">{points(m.total)}</span>
          <span className="muted">/ 36</span>
        </div>
      </div>
      <div className="ast-meter" aria-hidden><span style={{ width: `${(m.total / 36) * 100}%` }} /></div>
      <p><strong data-testid="match-verdict">{t(`verdict.${m.verdict}`)}.</strong> {n.hindi ? summary : m.summary}</p>
      <div className="ast-table-wrap">
        <table className="ast-table ast-table--wrap" aria-label={t('table')}>
          <thead>
            <tr><th>{t('koota')}</th><th>{m.boy.name}</th><th>{m.girl.name}</th><th className="ast-num">{t('points')}</th></tr>
          </thead>
          <tbody>
            {m.kootas.map((k) => (
              <tr key={k.key} data-koota={k.key}>
                <td style={{ whiteSpace: 'normal' }}>{t.has(`kootas.${k.key}` as never) ? t(`kootas.${k.key}` as never) : k.name}<span className="small muted ast-note">{n.hindi && t.has(`notes.${k.key}` as never) ? t(`notes.${k.key}` as never) : k.note}</span></td>
                <td>{n.value(k.boy)}</td><td>{n.value(k.girl)}</td>
                <td className="ast-num">{points(k.points)} / {k.max}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr><td colSpan={3}>{t('total')}</td><td className="ast-num">{points(m.total)} / 36</td></tr>
          </tfoot>
        </table>
      </div>
      <p className="small">
        {t('manglik', { boy: m.boy.name, boyIs: String(m.boy.manglik.manglik), girl: m.girl.name, girlIs: String(m.girl.manglik.manglik) })}
      </p>
    </section>
  );
}
