import { GRAHA_INFO, SIGN_INFO, type Kundli } from './astro';

const KEY = 'ap.chartToShare';
const deg = (d: number) => `${Math.floor(d)}°${String(Math.floor((d % 1) * 60)).padStart(2, '0')}′`;

/** The chart as a chat message an astrologer can read at a glance (birth data, lagna, moon, planets, running dasha). */
export function chartMessage(k: Kundli, now = new Date()): string {
  const sign = (s: keyof typeof SIGN_INFO) => SIGN_INFO[s].en;
  const planets = k.planets.map((p) => `${GRAHA_INFO[p.graha].abbr} ${sign(p.sign)} ${deg(p.degreeInSign)}${p.retrograde ? ' R' : ''} (H${p.house})`).join(', ');
  const maha = k.dasha.mahadashas.find((m) => new Date(m.start) <= now && now < new Date(m.end));
  const antar = maha?.antardashas.find((a) => new Date(a.start) <= now && now < new Date(a.end));
  const lines = [
    `My birth chart — ${k.name}`,
    `Born ${k.birth.date} at ${k.birth.time}${k.birth.place ? `, ${k.birth.place}` : ''} (${k.birth.timeZone})`,
    `Lagna ${sign(k.ascendant.sign)} ${deg(k.ascendant.degreeInSign)} · Moon ${sign(k.moonSign)}, ${k.nakshatra.name} pada ${k.nakshatra.pada} · Sun ${sign(k.sunSign)}`,
    `Planets: ${planets}`,
    maha ? `Dasha now: ${GRAHA_INFO[maha.lord].en}${antar ? ` / ${GRAHA_INFO[antar.lord].en}` : ''}` : '',
    k.manglik.manglik ? 'Manglik: yes' : 'Manglik: no',
  ];
  return lines.filter(Boolean).join('\n').slice(0, 2000);
}

/** Remembers a chart to offer in the next session (the "Talk to an astrologer about this chart" button). */
export function rememberChartToShare(k: Kundli): void {
  try { window.sessionStorage.setItem(KEY, JSON.stringify({ name: k.name, text: chartMessage(k) })); } catch { /* storage off: nothing to offer */ }
}

export function chartToShare(): { name: string; text: string } | null {
  try {
    const raw = window.sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as { name: string; text: string }) : null;
  } catch {
    return null;
  }
}

export function forgetChartToShare(): void {
  try { window.sessionStorage.removeItem(KEY); } catch { /* nothing kept */ }
}
