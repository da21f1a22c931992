import { GRAHA_INFO, SIGN_INFO, SIGNS, type Graha } from '../lib/astro';

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

// North Indian house label positions (house 1 = top diamond, then counter-clockwise), and each house's outline.
const NORTH: { at: [number, number]; shape: [number, number][] }[] = [
  { at: [H, Q], shape: [[Q, Q], [H, 0], [3 * Q, Q], [H, H]] },
  { at: [Q, Q / 2.2], shape: [[0, 0], [H, 0], [Q, Q]] },
  { at: [Q / 2.2, Q], shape: [[0, 0], [Q, Q], [0, H]] },
  { at: [Q, H], shape: [[0, H], [Q, Q], [H, H], [Q, 3 * Q]] },
  { at: [Q / 2.2, 3 * Q], shape: [[0, H], [Q, 3 * Q], [0, S]] },
  { at: [Q, S - Q / 2.2], shape: [[0, S], [Q, 3 * Q], [H, S]] },
  { at: [H, 3 * Q], shape: [[Q, 3 * Q], [H, H], [3 * Q, 3 * Q], [H, S]] },
  { at: [3 * Q, S - Q / 2.2], shape: [[H, S], [3 * Q, 3 * Q], [S, S]] },
  { at: [S - Q / 2.2, 3 * Q], shape: [[S, S], [3 * Q, 3 * Q], [S, H]] },
  { at: [3 * Q, H], shape: [[S, H], [3 * Q, Q], [H, H], [3 * Q, 3 * Q]] },
  { at: [S - Q / 2.2, Q], shape: [[S, H], [3 * Q, Q], [S, 0]] },
  { at: [3 * Q, Q / 2.2], shape: [[S, 0], [3 * Q, Q], [H, 0]] },
];

const label = (g: Graha, retro?: Set<Graha>) => `${GRAHA_INFO[g].abbr}${retro?.has(g) ? '(R)' : ''}`;

function PlanetLines({ x, y, grahas, size = 12 }: { x: number; y: number; grahas: string[]; size?: number }) {
  const lines: string[] = [];
  for (let i = 0; i < grahas.length; i += 2) lines.push(grahas.slice(i, i + 2).join(' '));
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
  return (
    <svg viewBox={`-2 -2 ${S + 4} ${S + 4}`} role="img" aria-label={title} className="ast-chart" data-style="north">
      <title>{title}</title>
      <rect x={0} y={0} width={S} height={S} className="ast-chart__frame" />
      <path d={`M0 0L${S} ${S}M${S} 0L0 ${S}M${H} 0L${S} ${H}L${H} ${S}L0 ${H}Z`} className="ast-chart__line" />
      {NORTH.map((house, i) => {
        const sign = (ascendant + i) % 12;
        const grahas = signs[sign] ?? [];
        const [x, y] = house.at;
        const labelPos = house.shape.length === 4 ? [x, y + (i === 0 ? -Q * 0.62 : i === 6 ? Q * 0.62 : 0)] : [x, y];
        return (
          <g key={i} data-house={i + 1} data-sign={SIGNS[sign]} aria-label={`House ${i + 1}: ${SIGN_INFO[SIGNS[sign]!].en}${grahas.length ? `, ${grahas.map((g) => GRAHA_INFO[g].en).join(', ')}` : ''}`}>
            <text
              x={i === 3 ? x - Q * 0.62 : i === 9 ? x + Q * 0.62 : labelPos[0]}
              y={i === 3 || i === 9 ? y : labelPos[1]}
              fontSize={10}
              textAnchor="middle"
              dominantBaseline="middle"
              className="ast-chart__sign"
            >
              {sign + 1}
            </text>
            <PlanetLines x={x} y={y + (house.shape.length === 3 ? 0 : 6)} grahas={[...(i === 0 ? ['Asc'] : []), ...grahas.map((g) => label(g, retrograde))]} size={house.shape.length === 3 ? 10 : 12} />
          </g>
        );
      })}
    </svg>
  );
}

// South Indian cells: [column, row] of each sign, Aries first.
const SOUTH: [number, number][] = [[1, 0], [2, 0], [3, 0], [3, 1], [3, 2], [3, 3], [2, 3], [1, 3], [0, 3], [0, 2], [0, 1], [0, 0]];

export function SouthIndianChart({ ascendant, signs, retrograde, title }: ChartProps) {
  return (
    <svg viewBox={`-2 -2 ${S + 4} ${S + 4}`} role="img" aria-label={title} className="ast-chart" data-style="south">
      <title>{title}</title>
      {SOUTH.map(([c, r], sign) => {
        const grahas = signs[sign] ?? [];
        const isAsc = sign === ascendant;
        return (
          <g key={sign} data-sign={SIGNS[sign]} aria-label={`${SIGN_INFO[SIGNS[sign]!].en}${isAsc ? ' (lagna)' : ''}${grahas.length ? `: ${grahas.map((g) => GRAHA_INFO[g].en).join(', ')}` : ''}`}>
            <rect x={c * Q} y={r * Q} width={Q} height={Q} className={isAsc ? 'ast-chart__cell ast-chart__cell--asc' : 'ast-chart__cell'} />
            {isAsc && <path d={`M${c * Q} ${r * Q + 18}L${c * Q + 18} ${r * Q}`} className="ast-chart__line" />}
            <text x={c * Q + Q - 5} y={r * Q + 11} fontSize={9} textAnchor="end" className="ast-chart__sign">
              {SIGN_INFO[SIGNS[sign]!].en.slice(0, 3)}
            </text>
            <PlanetLines x={c * Q + Q / 2} y={r * Q + Q / 2 + 4} grahas={[...(isAsc ? ['Asc'] : []), ...grahas.map((g) => label(g, retrograde))]} size={11} />
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
