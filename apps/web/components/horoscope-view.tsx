'use client';

import '../app/horoscope/astro.css';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { useSession } from '../lib/session';
import { GRAHA_INFO, SIGN_INFO, SIGNS, clockOf, dateOf, type Horoscope, type Period, type Sign } from '../lib/astro';
import { ErrorAlert } from './error-alert';
import { HoroscopePublish } from './horoscope-publish';

const PERIODS: Period[] = ['daily', 'weekly', 'monthly'];
const GRAHA_HI: Record<keyof typeof GRAHA_INFO, string> = {
  sun: 'सूर्य', moon: 'चंद्र', mars: 'मंगल', mercury: 'बुध', jupiter: 'गुरु', venus: 'शुक्र', saturn: 'शनि', rahu: 'राहु', ketu: 'केतु',
};

/** A sign's name in the page's language: "मेष" in Hindi, "Aries" in English. */
function useSignName(): (s: Sign) => string {
  const hindi = useLocale() === 'hi';
  return (s) => (hindi ? SIGN_INFO[s].hi : SIGN_INFO[s].en);
}

/** The 12 signs as links; `current` is marked. */
export function HoroscopeSignGrid({ current }: { current?: Sign }) {
  const t = useTranslations('horoscope');
  const signName = useSignName();
  const hindi = useLocale() === 'hi';
  return (
    <nav aria-label={t('signs')} className="ast-signs">
      {SIGNS.map((s) => (
        <Link key={s} href={`/horoscope/${s}`} className="ast-sign" aria-current={s === current ? 'page' : undefined}>
          <span className="ast-sign__glyph" aria-hidden>{SIGN_INFO[s].glyph}</span>
          <span className="ast-sign__name">{signName(s)}</span>
          <span className="small muted">{SIGN_INFO[s].sanskrit} · {hindi ? SIGN_INFO[s].en : SIGN_INFO[s].hi}</span>
        </Link>
      ))}
    </nav>
  );
}

/** For a signed-in customer with a saved chart (or birth details): a link straight to their moon sign. */
export function HoroscopeMine() {
  const session = useSession('customer');
  const [mine, setMine] = useState<Horoscope | null>(null);
  const t = useTranslations('horoscope');
  const signName = useSignName();
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
        {t.rich('mine', { sign: `${signName(mine.sign)} (${info.sanskrit})`, strong: (c) => <strong>{c}</strong> })}{' '}
        <Link href={`/horoscope/${mine.sign}`}>{t('readYours')}</Link>
      </span>
    </p>
  );
}

/** One sign's horoscope with daily/weekly/monthly tabs and an English/Hindi switch. */
export function HoroscopeView({ sign }: { sign: Sign }) {
  const [period, setPeriod] = useState<Period>('daily');
  const locale = useLocale();
  const t = useTranslations('horoscope');
  const signName = useSignName();
  const graha = (g: keyof typeof GRAHA_INFO) => (locale === 'hi' ? GRAHA_HI[g] : GRAHA_INFO[g].en);
  const [lang, setLang] = useState<'en' | 'hi'>(locale === 'hi' ? 'hi' : 'en');
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
      <div className="ast-strip" aria-label={t('otherSigns')}>
        {SIGNS.map((s) => (
          <Link key={s} href={`/horoscope/${s}`} aria-current={s === sign ? 'page' : undefined}>{signName(s)}</Link>
        ))}
      </div>
      <div className="section__head">
        <div>
          <p className="eyebrow">{info.sanskrit} · {info.hi} · {info.dates}</p>
          <h1 className="h2"><span aria-hidden>{info.glyph} </span>{t('title', { sign: signName(sign) })}</h1>
        </div>
        <div className="tabs ast-lang" role="tablist" aria-label={t('language')}>
          <button type="button" role="tab" className="tabs__tab" aria-selected={lang === 'en'} onClick={() => setLang('en')} lang="en">English</button>
          <button type="button" role="tab" className="tabs__tab" aria-selected={lang === 'hi'} onClick={() => setLang('hi')} lang="hi">हिंदी</button>
        </div>
      </div>
      <div className="tabs ast-tabs" role="tablist" aria-label={t('period')}>
        {PERIODS.map((p) => (
          <button key={p} type="button" role="tab" id={`tab-${p}`} aria-controls="horoscope-panel" className="tabs__tab" aria-selected={period === p} onClick={() => setPeriod(p)}>
            {t(`periods.${p}`)}
          </button>
        ))}
      </div>
      <section id="horoscope-panel" role="tabpanel" aria-labelledby={`tab-${period}`} className="panel stack" aria-busy={!current && !error}>
        {error && <ErrorAlert error={error} />}
        {!current && !error && <p className="muted">{t('reading')}</p>}
        {current && (
          <>
            <p className="small muted">
              {current.start === current.end ? dateOf(current.start) : `${dateOf(current.start)} – ${dateOf(current.end)}`}
              {current.author ? ` · ${t('by', { name: current.author.name })}` : current.source === 'builtin' ? ` · ${t('fromTransits')}` : ''}
            </p>
            <p className="ast-reading" lang={lang === 'hi' && current.text.hi ? 'hi' : 'en'} data-testid="horoscope-text">{text}</p>
            <dl className="ast-facts">
              <div><dt>{t('luckyColour')}</dt><dd>{lang === 'hi' ? current.lucky.colour.hi : current.lucky.colour.en}</dd></div>
              <div><dt>{t('luckyNumber')}</dt><dd>{current.lucky.number}</dd></div>
              {current.lucky.time && <div><dt>{t('luckyTime')}</dt><dd>{clockOf(current.lucky.time.start)} – {clockOf(current.lucky.time.end)}</dd></div>}
              <div><dt>{t('moon')}</dt><dd>{signName(current.transits.moonSign)}, {current.transits.nakshatra}</dd></div>
            </dl>
            {current.transits.events.length > 0 && (
              <div>
                <h2 className="h3">{t(`inSky.${period}`)}</h2>
                <ul className="small">
                  {current.transits.events.map((e) => (
                    <li key={`${e.graha}-${e.kind}-${e.date}`}>
                      {dateOf(e.date)}: {t(`event.${e.kind === 'ingress' ? 'ingress' : e.kind === 'retrograde' ? 'retrograde' : 'direct'}`, { graha: graha(e.graha), sign: signName(e.sign), house: e.house })}
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
        <span>{t('general')}</span>
        <span className="ast-links">
          <Link href="/kundli" className="btn btn--outline btn--sm">{t('freeKundli')}</Link>
          <Link href="/" className="btn btn--saffron btn--sm">{t('talk')}</Link>
        </span>
      </div>
    </div>
  );
}
