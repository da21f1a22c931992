'use client';

import '../app/horoscope/astro.css';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { useSession } from '../lib/session';
import { GRAHA_INFO, SIGN_INFO, SIGNS, clockOf, dateOf, type Horoscope, type Period, type Sign } from '../lib/astro';
import { ErrorAlert } from './error-alert';
import { HoroscopePublish } from './horoscope-publish';

const PERIODS: { key: Period; label: string }[] = [
  { key: 'daily', label: 'Today' },
  { key: 'weekly', label: 'This week' },
  { key: 'monthly', label: 'This month' },
];

/** The 12 signs as links; `current` is marked. */
export function HoroscopeSignGrid({ current }: { current?: Sign }) {
  return (
    <nav aria-label="Zodiac signs" className="ast-signs">
      {SIGNS.map((s) => (
        <Link key={s} href={`/horoscope/${s}`} className="ast-sign" aria-current={s === current ? 'page' : undefined}>
          <span className="ast-sign__glyph" aria-hidden>{SIGN_INFO[s].glyph}</span>
          <span className="ast-sign__name">{SIGN_INFO[s].en}</span>
          <span className="small muted">{SIGN_INFO[s].sanskrit} · {SIGN_INFO[s].hi}</span>
        </Link>
      ))}
    </nav>
  );
}

/** For a signed-in customer with a saved chart (or birth details): a link straight to their moon sign. */
export function HoroscopeMine() {
  const session = useSession('customer');
  const [mine, setMine] = useState<Horoscope | null>(null);
  useEffect(() => {
    if (!session) return;
    let alive = true;
    api<Horoscope>('/api/user/horoscope', { auth: 'customer' }).then(
      (h) => alive && setMine(h),
      (err: unknown) => {
        if (!isApiError(err)) throw err;
      },
    );
    return () => {
      alive = false;
    };
  }, [session]);
  if (!mine) return null;
  const info = SIGN_INFO[mine.sign];
  return (
    <p className="alert alert--info">
      <span>
        Your moon sign is <strong>{info.en} ({info.sanskrit})</strong>. <Link href={`/horoscope/${mine.sign}`}>Read your horoscope →</Link>
      </span>
    </p>
  );
}

/** One sign's horoscope with daily/weekly/monthly tabs and an English/Hindi switch. */
export function HoroscopeView({ sign }: { sign: Sign }) {
  const [period, setPeriod] = useState<Period>('daily');
  const [lang, setLang] = useState<'en' | 'hi'>('en');
  const [data, setData] = useState<Horoscope | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    const ctrl = new AbortController();
    setError(null);
    api<Horoscope>(`/api/user/horoscope?${new URLSearchParams({ sign, period })}`, { signal: ctrl.signal }).then(setData, (err: unknown) => {
      if (err instanceof DOMException && err.name === 'AbortError') return;
      if (!isApiError(err)) throw err;
      setError(err);
    });
    return () => ctrl.abort();
  }, [sign, period]);

  const info = SIGN_INFO[sign];
  const current = data && data.sign === sign && data.period === period ? data : null;
  const text = current ? (lang === 'hi' && current.text.hi ? current.text.hi : current.text.en) : null;
  return (
    <div className="stack-lg">
      <div className="ast-strip" aria-label="Other signs">
        {SIGNS.map((s) => (
          <Link key={s} href={`/horoscope/${s}`} aria-current={s === sign ? 'page' : undefined}>{SIGN_INFO[s].en}</Link>
        ))}
      </div>
      <div className="section__head">
        <div>
          <p className="eyebrow">{info.sanskrit} · {info.hi} · {info.dates}</p>
          <h1 className="h2"><span aria-hidden>{info.glyph} </span>{info.en} horoscope</h1>
        </div>
        <div className="tabs ast-lang" role="tablist" aria-label="Language">
          <button type="button" role="tab" className="tabs__tab" aria-selected={lang === 'en'} onClick={() => setLang('en')}>English</button>
          <button type="button" role="tab" className="tabs__tab" aria-selected={lang === 'hi'} onClick={() => setLang('hi')} lang="hi">हिंदी</button>
        </div>
      </div>
      <div className="tabs ast-tabs" role="tablist" aria-label="Period">
        {PERIODS.map((p) => (
          <button key={p.key} type="button" role="tab" id={`tab-${p.key}`} aria-controls="horoscope-panel" className="tabs__tab" aria-selected={period === p.key} onClick={() => setPeriod(p.key)}>
            {p.label}
          </button>
        ))}
      </div>
      <section id="horoscope-panel" role="tabpanel" aria-labelledby={`tab-${period}`} className="panel stack" aria-busy={!current && !error}>
        {error && <ErrorAlert error={error} />}
        {!current && !error && <p className="muted">Reading the sky…</p>}
        {current && (
          <>
            <p className="small muted">
              {current.start === current.end ? dateOf(current.start) : `${dateOf(current.start)} – ${dateOf(current.end)}`}
              {current.author ? ` · by ${current.author.name}` : current.source === 'builtin' ? ' · from the day’s transits' : ''}
            </p>
            <p className="ast-reading" lang={lang === 'hi' && current.text.hi ? 'hi' : 'en'} data-testid="horoscope-text">{text}</p>
            <dl className="ast-facts">
              <div><dt>Lucky colour</dt><dd>{lang === 'hi' ? current.lucky.colour.hi : current.lucky.colour.en}</dd></div>
              <div><dt>Lucky number</dt><dd>{current.lucky.number}</dd></div>
              {current.lucky.time && <div><dt>Lucky time</dt><dd>{clockOf(current.lucky.time.start)} – {clockOf(current.lucky.time.end)}</dd></div>}
              <div><dt>Moon</dt><dd>{SIGN_INFO[current.transits.moonSign].en}, {current.transits.nakshatra}</dd></div>
            </dl>
            {current.transits.events.length > 0 && (
              <div>
                <h2 className="h3">In the sky {period === 'daily' ? 'today' : period === 'weekly' ? 'this week' : 'this month'}</h2>
                <ul className="small">
                  {current.transits.events.map((e) => (
                    <li key={`${e.graha}-${e.kind}-${e.date}`}>
                      {dateOf(e.date)}: {GRAHA_INFO[e.graha].en} {e.kind === 'ingress' ? 'enters' : e.kind === 'retrograde' ? 'turns retrograde in' : 'turns direct in'} {SIGN_INFO[e.sign].en} (your house {e.house})
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </>
        )}
      </section>
      {current && <HoroscopePublish key={`${sign}-${period}-${current.start}`} sign={sign} period={period} start={current.start} onPublished={setData} />}
      <div className="panel row row--between" style={{ flexWrap: 'wrap', gap: 12 }}>
        <span>Horoscopes by sign are general. Your own chart says more.</span>
        <span className="ast-links">
          <Link href="/kundli" className="btn btn--outline btn--sm">Free kundli</Link>
          <Link href="/" className="btn btn--saffron btn--sm">Talk to an astrologer</Link>
        </span>
      </div>
    </div>
  );
}
