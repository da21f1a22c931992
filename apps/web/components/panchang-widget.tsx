'use client';

import { useLocale, useTranslations } from 'next-intl';
import '../app/horoscope/astro.css';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { api, isApiError } from '../lib/api';
import { clockOf, dateOf, type Panchang } from '../lib/astro';

const NEW_DELHI = { lat: 28.6139, lon: 77.209, label: 'New Delhi' };

/** Today's panchang for New Delhi (or the visitor's location, when they share it). */
export function PanchangWidget() {
  const [place, setPlace] = useState(NEW_DELHI);
  const t = useTranslations('panchang');
  const hindi = useLocale() === 'hi';
  const [p, setP] = useState<Panchang | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const ctrl = new AbortController();
    api<Panchang>(`/api/user/panchang?${new URLSearchParams({ lat: String(place.lat), lon: String(place.lon) })}`, { signal: ctrl.signal }).then(
      (res) => { setP(res); setFailed(false); },
      (err: unknown) => {
        if (err instanceof DOMException && err.name === 'AbortError') return;
        if (!isApiError(err)) throw err;
        setFailed(true);
      },
    );
    return () => ctrl.abort();
  }, [place]);

  const locate = () => {
    navigator.geolocation?.getCurrentPosition((pos) => setPlace({ lat: Math.round(pos.coords.latitude * 100) / 100, lon: Math.round(pos.coords.longitude * 100) / 100, label: t('yourLocation') }));
  };

  return (
    <section className="panel ast-panchang" aria-labelledby="panchang-title" data-testid="panchang">
      <div className="ast-panchang__head">
        <div>
          <p className="eyebrow">{t('eyebrow')}</p>
          <h2 id="panchang-title" className="h3">{p ? `${hindi ? p.vara.hi : p.vara.en}, ${dateOf(p.date)}` : t('today')}</h2>
        </div>
        <span className="small muted">
          {place === NEW_DELHI ? t('newDelhi') : place.label} · <button type="button" className="link-button" onClick={locate}>{t('useLocation')}</button>
        </span>
      </div>
      {failed && <p className="muted small">{t('failed')}</p>}
      {!p && !failed && <div className="skeleton skeleton--block" style={{ height: 96 }} aria-busy="true" aria-label={t('loading')} />}
      {p && (
        <dl className="ast-facts">
          <div><dt>{t('tithi')}</dt><dd>{p.tithi.paksha === 'shukla' ? t('shukla') : t('krishna')} {p.tithi.name} <span className="small muted">{t('till', { time: clockOf(p.tithi.endsAt) })}</span></dd></div>
          <div><dt>{t('nakshatra')}</dt><dd>{p.nakshatra.name} <span className="small muted">{t('till', { time: clockOf(p.nakshatra.endsAt) })}</span></dd></div>
          <div><dt>{t('yoga')}</dt><dd>{p.yoga.name}</dd></div>
          <div><dt>{t('karana')}</dt><dd>{p.karana.name}</dd></div>
          <div><dt>{t('sun')}</dt><dd>{clockOf(p.sunrise)} · {clockOf(p.sunset)}</dd></div>
          {p.rahuKaal && <div><dt>{t('rahu')}</dt><dd>{clockOf(p.rahuKaal.start)} – {clockOf(p.rahuKaal.end)}</dd></div>}
        </dl>
      )}
      <div className="ast-links small">
        <Link href="/horoscope">{t('horoscope')}</Link>·<Link href="/kundli">{t('kundli')}</Link>·<Link href="/match">{t('match')}</Link>
      </div>
    </section>
  );
}
