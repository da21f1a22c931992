import { useTranslations } from 'next-intl';
import { SIGN_INFO, SIGNS, type Graha } from '../lib/astro';
import { useAstroNames } from './astro-names';

/**
 * Birth charts as SVG. North Indian: fixed houses (the lagna is always the top diamond), the sign number written
 * in each house. South Indian: fixed signs (Pisces top-left, clockwise), the lagna's sign marked.
 */

interface ChartProps {
  /** Index (Aries = 0) of the lagna's sign. */
  ascendant: number;
  /** Grahas in each sign, Aries first. */
  signs: Graha[][];
  /** Grahas to mark as retrograde. */
  retrograde?: Set<Graha>;
  title: string;
}

const S = 320;
const H = S / 2;
const Q = S / 4;

// North Indian houses (house 1 = top diamond, then counter-clockwise): where the grahas go, and where the sign
// number goes (in the house's corner nearest the centre, as charts are drawn by hand).
const E = 14;
const T = 30;
const NORTH: { planets: [number, number]; sign: [number, number]; small: boolean }[] = [
  { planets: [H, Q - 6], sign: [H, H - E], small: false },
  { planets: [Q, T], sign: [Q, Q - E], small: true },
  { planets: [T, Q], sign: [Q - E, Q], small: true },
  { planets: [Q - 6, H], sign: [H - E, H], small: false },
  { planets: [T, 3 * Q], sign: [Q - E, 3 * Q], small: true },
  { planets: [Q, S - T], sign: [Q, 3 * Q + E], small: true },
  { planets: [H, 3 * Q + 6], sign: [H, H + E], small: false },
  { planets: [3 * Q, S - T], sign: [3 * Q, 3 * Q + E], small: true },
  { planets: [S - T, 3 * Q], sign: [3 * Q + E, 3 * Q], small: true },
  { planets: [3 * Q + 6, H], sign: [H + E, H], small: false },
  { planets: [S - T, Q], sign: [3 * Q + E, Q], small: true },
  { planets: [3 * Q, T], sign: [3 * Q, Q - E], small: true },
];

const label = (abbr: string, g: Graha, retro?: Set<Graha>, r = 'R') => `${abbr}${retro?.has(g) ? `(${r})` : ''}`;

function PlanetLines({ x, y, grahas, size = 12, perLine = 2 }: { x: number; y: number; grahas: string[]; size?: number; perLine?: number }) {
  const lines: string[] = [];
  for (let i = 0; i < grahas.length; i += perLine) lines.push(grahas.slice(i, i + perLine).join(' '));
  const top = y - ((lines.length - 1) * (size + 2)) / 2;
  return (
    <>
      {lines.map((l, i) => (
        <text key={i} x={x} y={top + i * (size + 2)} fontSize={size} textAnchor="middle" dominantBaseline="middle" className="ast-chart__planets">
          {l}
        </text>
      ))}
    </>
  );
}

export function NorthIndianChart({ ascendant, signs, retrograde, title }: ChartProps) {
  const n = useAstroNames();
  const t = useTranslations('chart');
  return (
    <svg viewBox={`-2 -2 ${S + 4} ${S + 4}`} role="img" aria-label={title} className="ast-chart" data-style="north">
      <title>{title}</title>
      <rect x={0} y={0} width={S} height={S} className="ast-chart__frame" />
      <path d={`M0 0L${S} ${S}M${S} 0L0 ${S}M${H} 0L${S} ${H}L${H} ${S}L0 ${H}Z`} className="ast-chart__line" />
      {NORTH.map((house, i) => {
        const sign = (ascendant + i) % 12;
        const grahas = signs[sign] ?? [];
        return (
          <g key={i} data-house={i + 1} data-sign={SIGNS[sign]} aria-label={`${t('house', { n: i + 1 })}: ${n.sign(SIGNS[sign]!)}${grahas.length ? `, ${grahas.map((g) => n.graha(g)).join(', ')}` : ''}`}>
            <text x={house.sign[0]} y={house.sign[1]} fontSize={11} textAnchor="middle" dominantBaseline="middle" className="ast-chart__sign">
              {sign + 1}
            </text>
            <PlanetLines x={house.planets[0]} y={house.planets[1]} grahas={[...(i === 0 ? [t('asc')] : []), ...grahas.map((g) => label(n.abbr(g), g, retrograde, t('retro')))]} size={house.small ? 10 : 12} perLine={house.small && (i === 2 || i === 4 || i === 8 || i === 10) ? 1 : 2} />
          </g>
        );
      })}
    </svg>
  );
}

// South Indian cells: [column, row] of each sign, Aries first.
const SOUTH: [number, number][] = [[1, 0], [2, 0], [3, 0], [3, 1], [3, 2], [3, 3], [2, 3], [1, 3], [0, 3], [0, 2], [0, 1], [0, 0]];

export function SouthIndianChart({ ascendant, signs, retrograde, title }: ChartProps) {
  const n = useAstroNames();
  const t = useTranslations('chart');
  return (
    <svg viewBox={`-2 -2 ${S + 4} ${S + 4}`} role="img" aria-label={title} className="ast-chart" data-style="south">
      <title>{title}</title>
      {SOUTH.map(([c, r], sign) => {
        const grahas = signs[sign] ?? [];
        const isAsc = sign === ascendant;
        return (
          <g key={sign} data-sign={SIGNS[sign]} aria-label={`${n.sign(SIGNS[sign]!)}${isAsc ? ` (${t('lagna')})` : ''}${grahas.length ? `: ${grahas.map((g) => n.graha(g)).join(', ')}` : ''}`}>
            <rect x={c * Q} y={r * Q} width={Q} height={Q} className={isAsc ? 'ast-chart__cell ast-chart__cell--asc' : 'ast-chart__cell'} />
            {isAsc && <path d={`M${c * Q} ${r * Q + 18}L${c * Q + 18} ${r * Q}`} className="ast-chart__line" />}
            <text x={c * Q + Q - 5} y={r * Q + 11} fontSize={9} textAnchor="end" className="ast-chart__sign">
              {n.hindi ? SIGN_INFO[SIGNS[sign]!].hi : SIGN_INFO[SIGNS[sign]!].en.slice(0, 3)}
            </text>
            <PlanetLines x={c * Q + Q / 2} y={r * Q + Q / 2 + 4} grahas={[...(isAsc ? [t('asc')] : []), ...grahas.map((g) => label(n.abbr(g), g, retrograde, t('retro')))]} size={11} />
          </g>
        );
      })}
      <rect x={Q} y={Q} width={H} height={H} className="ast-chart__centre" />
      <text x={H} y={H} fontSize={14} textAnchor="middle" dominantBaseline="middle" className="ast-chart__title">
        {title.split(' — ')[0]}
      </text>
    </svg>
  );
}
