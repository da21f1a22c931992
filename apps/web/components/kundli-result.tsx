'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { clockOf, dateOf, dms, type Graha, type Kundli } from '../lib/astro';
import { SIGN_INFO } from '../lib/astro';
import { useAstroNames } from './astro-names';

const SIGN_SANSKRIT = (s: keyof typeof SIGN_INFO) => SIGN_INFO[s].sanskrit;
import { NorthIndianChart, SouthIndianChart } from './chart-svg';

/** A computed birth chart: both chart styles (D1 and D9), the planet table, the birth panchang and the dasha. */
export function KundliResult({ k }: { k: Kundli }) {
  const [style, setStyle] = useState<'north' | 'south'>('north');
  const t = useTranslations('kundliResult');
  const n = useAstroNames();
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
              {k.birth.basis === 'local_mean_time' ? ` (${t('lmt')})` : ''}
            </p>
          </div>
          <div className="tabs tabs--inline" role="tablist" aria-label={t('style')}>
            <button type="button" role="tab" className="tabs__tab" aria-selected={style === 'north'} onClick={() => setStyle('north')}>{t('north')}</button>
            <button type="button" role="tab" className="tabs__tab" aria-selected={style === 'south'} onClick={() => setStyle('south')}>{t('south')}</button>
          </div>
        </div>
        <div className="ast-charts">
          <figure className="ast-chart-box" style={{ margin: 0 }}>
            <Chart ascendant={k.d1.ascendant} signs={k.d1.signs} retrograde={retro} title={t('chartTitle', { chart: 'd1', style, name: k.name })} />
            <figcaption>{t('d1')}</figcaption>
          </figure>
          <figure className="ast-chart-box" style={{ margin: 0 }}>
            <Chart ascendant={k.d9.ascendant} signs={k.d9.signs} retrograde={retro} title={t('chartTitle', { chart: 'd9', style, name: k.name })} />
            <figcaption>{t('d9')}</figcaption>
          </figure>
        </div>
        <dl className="ast-facts" aria-label={t('facts')}>
          <div><dt>{t('lagna')}</dt><dd data-testid="lagna">{n.sign(k.ascendant.sign)} {dms(k.ascendant.degreeInSign)}</dd></div>
          <div><dt>{t('moonSign')}</dt><dd data-testid="moon-sign">{n.hindi ? n.sign(k.moonSign) : `${n.sign(k.moonSign)} (${SIGN_SANSKRIT(k.moonSign)})`}</dd></div>
          <div><dt>{t('nakshatra')}</dt><dd data-testid="nakshatra">{t('pada', { name: n.nakshatra(k.nakshatra), pada: k.nakshatra.pada })}</dd></div>
          <div><dt>{t('sunSign')}</dt><dd>{n.sign(k.sunSign)} <span className="muted small">({t('western', { sign: n.sign(k.westernSunSign) })})</span></dd></div>
          <div><dt>{t('tithi')}</dt><dd>{t('paksha', { paksha: k.tithi.paksha })} {n.term(k.tithi.name)}</dd></div>
          <div><dt>{t('yogaKarana')}</dt><dd>{n.term(k.yoga.name)} · {n.term(k.karana.name)}</dd></div>
          <div><dt>{t('vara')}</dt><dd>{n.term(k.vara)}</dd></div>
          <div><dt>{t('sun')}</dt><dd>{clockOf(k.sunrise)} · {clockOf(k.sunset)}</dd></div>
          <div><dt>{t('manglik')}</dt><dd data-testid="manglik">{k.manglik.manglik ? t('yes') : t('no')}{k.manglik.fromMoon && !k.manglik.fromLagna ? ` (${t('fromMoon')})` : ''}</dd></div>
          <div><dt>{t('ayanamsa')}</dt><dd>{k.ayanamsa.name === 'kp' ? 'KP' : n.term(k.ayanamsa.name[0]!.toUpperCase() + k.ayanamsa.name.slice(1))} {dms(k.ayanamsa.degrees)}</dd></div>
        </dl>
      </div>

      <section className="panel stack" aria-labelledby="planets-title">
        <h2 id="planets-title" className="h3">{t('planets')}</h2>
        <div className="ast-table-wrap">
          <table className="ast-table" aria-labelledby="planets-title">
            <thead>
              <tr><th>{t('colGraha')}</th><th>{t('colSign')}</th><th className="ast-num">{t('colDegree')}</th><th>{t('nakshatra')}</th><th className="ast-num">{t('colPada')}</th><th className="ast-num">{t('colHouse')}</th><th>{t('colNavamsa')}</th></tr>
            </thead>
            <tbody>
              <tr>
                <td>{t('lagna')}</td><td>{n.sign(k.ascendant.sign)}</td><td className="ast-num">{dms(k.ascendant.degreeInSign)}</td>
                <td>{n.nakshatra(k.ascendant.nakshatra)}</td><td className="ast-num">{k.ascendant.nakshatra.pada}</td><td className="ast-num">1</td><td>{n.sign(k.ascendant.navamsaSign)}</td>
              </tr>
              {k.planets.map((p) => (
                <tr key={p.graha} data-graha={p.graha}>
                  <td>{n.graha(p.graha)}{p.retrograde && p.graha !== 'rahu' && p.graha !== 'ketu' ? ` (${t('retro')})` : ''}</td>
                  <td>{n.sign(p.sign)}</td>
                  <td className="ast-num">{dms(p.degreeInSign)}</td>
                  <td>{n.nakshatra(p.nakshatra)}</td>
                  <td className="ast-num">{p.nakshatra.pada}</td>
                  <td className="ast-num">{p.house}</td>
                  <td>{n.sign(p.navamsaSign)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="small muted">{t('planetsNote')}</p>
      </section>

      <DashaTimeline k={k} />
    </div>
  );
}

function DashaTimeline({ k }: { k: Kundli }) {
  const t = useTranslations('kundliResult');
  const n = useAstroNames();
  const mahas = k.dasha.mahadashas;
  const first = Date.parse(mahas[0]!.start);
  const last = Date.parse(mahas.at(-1)!.end);
  const now = Date.now();
  const b = k.dasha.balance;
  return (
    <section className="panel stack" aria-labelledby="dasha-title">
      <h2 id="dasha-title" className="h3">{t('dasha')}</h2>
      <p data-testid="dasha-balance">
        {t.rich('balance', { lord: n.graha(b.lord), y: b.y, m: b.m, d: b.d, strong: (chunks) => <strong>{chunks}</strong> })}
      </p>
      <div className="ast-timeline" aria-hidden>
        {mahas.map((m) => {
          const s = Date.parse(m.start), e = Date.parse(m.end);
          const current = s <= now && now < e;
          return (
            <span key={m.start} className={`ast-timeline__seg${current ? ' ast-timeline__seg--now' : ''}`} style={{ width: `${((e - s) / (last - first)) * 100}%` }} title={`${n.graha(m.lord)} ${dateOf(m.start)} – ${dateOf(m.end)}`}>
              {n.abbr(m.lord)}
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
                  <span>{t('mahadasha', { lord: n.graha(m.lord) })}{current ? ` (${t('now')})` : ''}</span>
                  <span className="muted small nowrap">{dateOf(m.start)} – {dateOf(m.end)}</span>
                </summary>
                <div className="ast-table-wrap">
                <table className="ast-table">
                  <thead><tr><th>{t('antardasha')}</th><th>{t('from')}</th><th>{t('to')}</th></tr></thead>
                  <tbody>
                    {m.antardashas.map((a) => (
                      <tr key={a.start}><td>{n.abbr(m.lord)}–{n.abbr(a.lord)} {n.graha(a.lord)}</td><td>{dateOf(a.start)}</td><td>{dateOf(a.end)}</td></tr>
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
