'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { GRAHA_INFO, SIGN_INFO, clockOf, dateOf, dms, type Graha, type Kundli } from '../lib/astro';
import { NorthIndianChart, SouthIndianChart } from './chart-svg';

/** A computed birth chart: both chart styles (D1 and D9), the planet table, the birth panchang and the dasha. */
export function KundliResult({ k }: { k: Kundli }) {
  const [style, setStyle] = useState<'north' | 'south'>('north');
  const t = useTranslations('kundliResult');
  const retro = new Set<Graha>(k.planets.filter((p) => p.retrograde && p.graha !== 'rahu' && p.graha !== 'ketu').map((p) => p.graha));
  const Chart = style === 'north' ? NorthIndianChart : SouthIndianChart;
  return (
    <div className="stack-lg" aria-label={t('label', { name: k.name })}>
      <div className="panel stack">
        <div className="row row--between" style={{ flexWrap: 'wrap', gap: 12 }}>
          <div>
            <p className="eyebrow">{t('eyebrow')}</p>
            <h2 className="h2">{k.name}</h2>
            <p className="muted small">
              {dateOf(k.birth.date)}, {clockOf(`${k.birth.date}T${k.birth.time}`)}
              {k.birth.place ? `, ${k.birth.place}` : ''} ({k.birth.timeZone}) · UTC {k.birth.utc.slice(0, 16).replace('T', ' ')}
              {k.birth.basis === 'local_mean_time' ? ' (local mean time)' : ''}
            </p>
          </div>
          <div className="tabs tabs--inline" role="tablist" aria-label={t('style')}>
            <button type="button" role="tab" className="tabs__tab" aria-selected={style === 'north'} onClick={() => setStyle('north')}>{t('north')}</button>
            <button type="button" role="tab" className="tabs__tab" aria-selected={style === 'south'} onClick={() => setStyle('south')}>{t('south')}</button>
          </div>
        </div>
        <div className="ast-charts">
          <figure className="ast-chart-box" style={{ margin: 0 }}>
            <Chart ascendant={k.d1.ascendant} signs={k.d1.signs} retrograde={retro} title={`Lagna (D1) — ${style === 'north' ? 'North' : 'South'} Indian chart of ${k.name}`} />
            <figcaption>{t('d1')}</figcaption>
          </figure>
          <figure className="ast-chart-box" style={{ margin: 0 }}>
            <Chart ascendant={k.d9.ascendant} signs={k.d9.signs} retrograde={retro} title={`Navamsa (D9) — ${style === 'north' ? 'North' : 'South'} Indian chart of ${k.name}`} />
            <figcaption>{t('d9')}</figcaption>
          </figure>
        </div>
        <dl className="ast-facts" aria-label={t('facts')}>
          <div><dt>{t('lagna')}</dt><dd data-testid="lagna">{SIGN_INFO[k.ascendant.sign].en} {dms(k.ascendant.degreeInSign)}</dd></div>
          <div><dt>{t('moonSign')}</dt><dd data-testid="moon-sign">{SIGN_INFO[k.moonSign].en} ({SIGN_INFO[k.moonSign].sanskrit})</dd></div>
          <div><dt>{t('nakshatra')}</dt><dd data-testid="nakshatra">{k.nakshatra.name}, pada {k.nakshatra.pada}</dd></div>
          <div><dt>{t('sunSign')}</dt><dd>{SIGN_INFO[k.sunSign].en} <span className="muted small">(Western: {SIGN_INFO[k.westernSunSign].en})</span></dd></div>
          <div><dt>{t('tithi')}</dt><dd>{k.tithi.paksha === 'shukla' ? 'Shukla' : 'Krishna'} {k.tithi.name}</dd></div>
          <div><dt>{t('yogaKarana')}</dt><dd>{k.yoga.name} · {k.karana.name}</dd></div>
          <div><dt>{t('vara')}</dt><dd>{k.vara}</dd></div>
          <div><dt>{t('sun')}</dt><dd>{clockOf(k.sunrise)} · {clockOf(k.sunset)}</dd></div>
          <div><dt>{t('manglik')}</dt><dd data-testid="manglik">{k.manglik.manglik ? 'Yes' : 'No'}{k.manglik.fromMoon && !k.manglik.fromLagna ? ' (from Moon: yes)' : ''}</dd></div>
          <div><dt>{t('ayanamsa')}</dt><dd>{k.ayanamsa.name === 'kp' ? 'KP' : k.ayanamsa.name[0]!.toUpperCase() + k.ayanamsa.name.slice(1)} {dms(k.ayanamsa.degrees)}</dd></div>
        </dl>
      </div>

      <section className="panel stack" aria-labelledby="planets-title">
        <h2 id="planets-title" className="h3">{t('planets')}</h2>
        <div className="ast-table-wrap">
          <table className="ast-table" aria-labelledby="planets-title">
            <thead>
              <tr><th>Graha</th><th>Sign</th><th className="ast-num">Degree</th><th>Nakshatra</th><th className="ast-num">Pada</th><th className="ast-num">House</th><th>Navamsa</th></tr>
            </thead>
            <tbody>
              <tr>
                <td>Lagna</td><td>{SIGN_INFO[k.ascendant.sign].en}</td><td className="ast-num">{dms(k.ascendant.degreeInSign)}</td>
                <td>{k.ascendant.nakshatra.name}</td><td className="ast-num">{k.ascendant.nakshatra.pada}</td><td className="ast-num">1</td><td>{SIGN_INFO[k.ascendant.navamsaSign].en}</td>
              </tr>
              {k.planets.map((p) => (
                <tr key={p.graha} data-graha={p.graha}>
                  <td>{GRAHA_INFO[p.graha].en}{p.retrograde && p.graha !== 'rahu' && p.graha !== 'ketu' ? ' (R)' : ''}</td>
                  <td>{SIGN_INFO[p.sign].en}</td>
                  <td className="ast-num">{dms(p.degreeInSign)}</td>
                  <td>{p.nakshatra.name}</td>
                  <td className="ast-num">{p.nakshatra.pada}</td>
                  <td className="ast-num">{p.house}</td>
                  <td>{SIGN_INFO[p.navamsaSign].en}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="small muted">Sidereal longitudes, whole-sign houses from the lagna. (R) retrograde; Rahu and Ketu always move backwards.</p>
      </section>

      <DashaTimeline k={k} />
    </div>
  );
}

function DashaTimeline({ k }: { k: Kundli }) {
  const t = useTranslations('kundliResult');
  const mahas = k.dasha.mahadashas;
  const first = Date.parse(mahas[0]!.start);
  const last = Date.parse(mahas.at(-1)!.end);
  const now = Date.now();
  const b = k.dasha.balance;
  return (
    <section className="panel stack" aria-labelledby="dasha-title">
      <h2 id="dasha-title" className="h3">{t('dasha')}</h2>
      <p data-testid="dasha-balance">
        Balance at birth: <strong>{GRAHA_INFO[b.lord].en}</strong> {b.y} years {b.m} months {b.d} days
      </p>
      <div className="ast-timeline" aria-hidden>
        {mahas.map((m) => {
          const s = Date.parse(m.start), e = Date.parse(m.end);
          const current = s <= now && now < e;
          return (
            <span key={m.start} className={`ast-timeline__seg${current ? ' ast-timeline__seg--now' : ''}`} style={{ width: `${((e - s) / (last - first)) * 100}%` }} title={`${GRAHA_INFO[m.lord].en} ${dateOf(m.start)} – ${dateOf(m.end)}`}>
              {GRAHA_INFO[m.lord].abbr}
            </span>
          );
        })}
      </div>
      <ol className="ast-dashas">
        {mahas.map((m) => {
          const current = Date.parse(m.start) <= now && now < Date.parse(m.end);
          return (
            <li key={m.start}>
              <details open={current}>
                <summary>
                  <span>{GRAHA_INFO[m.lord].en} mahadasha{current ? ' (now)' : ''}</span>
                  <span className="muted small nowrap">{dateOf(m.start)} – {dateOf(m.end)}</span>
                </summary>
                <div className="ast-table-wrap">
                <table className="ast-table">
                  <thead><tr><th>Antardasha</th><th>From</th><th>To</th></tr></thead>
                  <tbody>
                    {m.antardashas.map((a) => (
                      <tr key={a.start}><td>{GRAHA_INFO[m.lord].abbr}–{GRAHA_INFO[a.lord].abbr} {GRAHA_INFO[a.lord].en}</td><td>{dateOf(a.start)}</td><td>{dateOf(a.end)}</td></tr>
                    ))}
                  </tbody>
                </table>
                </div>
              </details>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
