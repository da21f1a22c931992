import type { Graha } from './ephemeris.js';
import { SIGN_LORDS } from './names.js';

/**
 * Ashtakoota (guna milan) between a groom (`boy`) and a bride (`girl`), from each one's Moon: sidereal sign (0…11)
 * and nakshatra (1…27).
 *
 * Tables (DESIGN §8 asks for one documented set): the North Indian set most Indian software prints — varna by
 * the sign's element (water Brahmin, fire Kshatriya, earth Vaishya, air Shudra); tara counted both ways, 1.5
 * points each, 3rd/5th/7th taras inauspicious; the 14-animal yoni table; Parashara's natural friendships
 * (Brihat Parashara Hora Shastra ch. 3) for graha maitri; gana with Deva–Rakshasa 1 and Manushya–Rakshasa 0;
 * bhakoot 2/12, 5/9, 6/8 nil; nadi nil for the same nadi. Classical exceptions (cancellations) are not applied.
 * The one cell group published sets disagree on that is selectable is Vashya of Sagittarius and Capricorn:
 * `vashya: 'half-sign'` (default: first half of Sagittarius human, second half quadruped; first half of
 * Capricorn quadruped, second half water) or `'sign'` (Sagittarius human, Capricorn water throughout).
 * Checked pair by pair against PyJHora's North method (test/matching-reference.test.ts; README): graha maitri and
 * nadi agree for all 11,664 nakshatra-pada pairs; the differences in the other kootas are each stated there.
 */

export interface MoonPlacement { sign: number; nakshatra: number; /** sidereal longitude, for half-sign vashya */ longitude: number }
export interface MatchOptions { vashya?: 'half-sign' | 'sign' }

export interface Koota { name: string; key: string; max: number; points: number; boy: string; girl: string; note: string }

const VARNAS = ['Shudra', 'Vaishya', 'Kshatriya', 'Brahmin'] as const;
// Element by sign: fire Kshatriya(2), earth Vaishya(1), air Shudra(0), water Brahmin(3).
const VARNA_OF_SIGN = [2, 1, 0, 3, 2, 1, 0, 3, 2, 1, 0, 3];

const VASHYAS = ['Chatushpada', 'Manava', 'Jalachara', 'Vanachara', 'Keeta'] as const;
const VASHYA_OF_SIGN = [0, 0, 1, 2, 3, 1, 1, 4, 1, 2, 1, 2];
// Rows: boy's group, columns: girl's group.
const VASHYA_POINTS = [
  [2, 1, 1, 0.5, 1],
  [1, 2, 0.5, 0, 1],
  [1, 0.5, 2, 1, 1],
  [0.5, 0, 1, 2, 0],
  [1, 1, 1, 0, 2],
];

function vashyaOf(p: MoonPlacement, opts: MatchOptions): number {
  if ((opts.vashya ?? 'half-sign') === 'half-sign') {
    const firstHalf = p.longitude % 30 < 15;
    if (p.sign === 8) return firstHalf ? 1 : 0;
    if (p.sign === 9) return firstHalf ? 0 : 2;
  }
  return VASHYA_OF_SIGN[p.sign]!;
}

const YONIS = ['Horse', 'Elephant', 'Sheep', 'Serpent', 'Dog', 'Cat', 'Rat', 'Cow', 'Buffalo', 'Tiger', 'Deer', 'Monkey', 'Mongoose', 'Lion'] as const;
const YONI_OF_NAKSHATRA = [0, 1, 2, 3, 3, 4, 5, 2, 5, 6, 6, 7, 8, 9, 8, 9, 10, 10, 4, 11, 12, 11, 13, 0, 13, 7, 1];
const YONI_POINTS = [
  [4, 2, 2, 3, 2, 2, 2, 1, 0, 1, 3, 3, 2, 1],
  [2, 4, 3, 3, 2, 2, 2, 2, 3, 1, 2, 3, 2, 0],
  [2, 3, 4, 2, 1, 2, 1, 3, 3, 1, 2, 0, 3, 1],
  [3, 3, 2, 4, 2, 1, 1, 1, 1, 2, 2, 2, 0, 2],
  [2, 2, 1, 2, 4, 2, 1, 2, 2, 1, 0, 2, 1, 1],
  [2, 2, 2, 1, 2, 4, 0, 2, 2, 1, 3, 3, 2, 1],
  [2, 2, 1, 1, 1, 0, 4, 2, 2, 2, 2, 2, 1, 2],
  [1, 2, 3, 1, 2, 2, 2, 4, 3, 0, 3, 2, 2, 1],
  [0, 3, 3, 1, 2, 2, 2, 3, 4, 1, 2, 2, 2, 1],
  [1, 1, 1, 2, 1, 1, 2, 0, 1, 4, 1, 1, 2, 1],
  [3, 2, 2, 2, 0, 3, 2, 3, 2, 1, 4, 2, 2, 1],
  [3, 3, 0, 2, 2, 3, 2, 2, 2, 1, 2, 4, 3, 2],
  [2, 2, 3, 0, 1, 2, 1, 2, 2, 2, 2, 3, 4, 2],
  [1, 0, 1, 2, 1, 1, 2, 1, 1, 1, 1, 2, 2, 4],
];

type Relation = 'friend' | 'neutral' | 'enemy';
const FRIENDS: Partial<Record<Graha, { friends: Graha[]; enemies: Graha[] }>> = {
  sun: { friends: ['moon', 'mars', 'jupiter'], enemies: ['venus', 'saturn'] },
  moon: { friends: ['sun', 'mercury'], enemies: [] },
  mars: { friends: ['sun', 'moon', 'jupiter'], enemies: ['mercury'] },
  mercury: { friends: ['sun', 'venus'], enemies: ['moon'] },
  jupiter: { friends: ['sun', 'moon', 'mars'], enemies: ['mercury', 'venus'] },
  venus: { friends: ['mercury', 'saturn'], enemies: ['sun', 'moon'] },
  saturn: { friends: ['mercury', 'venus'], enemies: ['sun', 'moon', 'mars'] },
};
function relation(of: Graha, to: Graha): Relation {
  const r = FRIENDS[of]!;
  return r.friends.includes(to) ? 'friend' : r.enemies.includes(to) ? 'enemy' : 'neutral';
}
function maitriPoints(a: Graha, b: Graha): number {
  if (a === b) return 5;
  const pair = [relation(a, b), relation(b, a)].sort().join('+');
  const table: Record<string, number> = {
    'friend+friend': 5, 'friend+neutral': 4, 'neutral+neutral': 3, 'enemy+friend': 1, 'enemy+neutral': 0.5, 'enemy+enemy': 0,
  };
  return table[pair]!;
}

const GANAS = ['Deva', 'Manushya', 'Rakshasa'] as const;
const GANA_OF_NAKSHATRA = [0, 1, 2, 1, 0, 1, 0, 0, 2, 2, 1, 1, 0, 2, 0, 2, 0, 2, 2, 1, 1, 0, 2, 2, 1, 1, 0];
const GANA_POINTS = [
  [6, 6, 1],
  [5, 6, 0],
  [1, 0, 6],
];

const NADIS = ['Adi', 'Madhya', 'Antya'] as const;
const nadiOf = (nakshatra: number) => [0, 1, 2, 2, 1, 0][(nakshatra - 1) % 6]!;

const TARA_BAD = new Set([3, 5, 7]);
const TARAS = ['Janma', 'Sampat', 'Vipat', 'Kshema', 'Pratyari', 'Sadhaka', 'Vadha', 'Mitra', 'Ati-mitra'] as const;
const taraName = (n: number) => `${TARAS[n - 1]} (${n})`;
const titled = (g: string) => g[0]!.toUpperCase() + g.slice(1);
const taraFrom = (from: number, to: number) => {
  const r = (((to - from + 27) % 27) + 1) % 9;
  return r === 0 ? 9 : r;
};

export function ashtakoota(boy: MoonPlacement, girl: MoonPlacement, opts: MatchOptions = {}) {
  const kootas: Koota[] = [];
  const vb = VARNA_OF_SIGN[boy.sign]!, vg = VARNA_OF_SIGN[girl.sign]!;
  kootas.push({ key: 'varna', name: 'Varna', max: 1, points: vb >= vg ? 1 : 0, boy: VARNAS[vb]!, girl: VARNAS[vg]!, note: 'spiritual compatibility, work attitude' });
  const wb = vashyaOf(boy, opts), wg = vashyaOf(girl, opts);
  kootas.push({ key: 'vashya', name: 'Vashya', max: 2, points: VASHYA_POINTS[wb]![wg]!, boy: VASHYAS[wb]!, girl: VASHYAS[wg]!, note: 'mutual attraction and influence' });
  const tg = taraFrom(girl.nakshatra, boy.nakshatra), tb = taraFrom(boy.nakshatra, girl.nakshatra);
  kootas.push({ key: 'tara', name: 'Tara', max: 3, points: (TARA_BAD.has(tg) ? 0 : 1.5) + (TARA_BAD.has(tb) ? 0 : 1.5), boy: taraName(tb), girl: taraName(tg), note: 'health and well-being, by birth star' });
  const yb = YONI_OF_NAKSHATRA[boy.nakshatra - 1]!, yg = YONI_OF_NAKSHATRA[girl.nakshatra - 1]!;
  kootas.push({ key: 'yoni', name: 'Yoni', max: 4, points: YONI_POINTS[yb]![yg]!, boy: YONIS[yb]!, girl: YONIS[yg]!, note: 'physical and intimate compatibility' });
  const lb = SIGN_LORDS[boy.sign]!, lg = SIGN_LORDS[girl.sign]!;
  kootas.push({ key: 'graha_maitri', name: 'Graha Maitri', max: 5, points: maitriPoints(lb, lg), boy: titled(lb), girl: titled(lg), note: 'friendship of the Moon-sign lords, mental wavelength' });
  const gb = GANA_OF_NAKSHATRA[boy.nakshatra - 1]!, gg = GANA_OF_NAKSHATRA[girl.nakshatra - 1]!;
  kootas.push({ key: 'gana', name: 'Gana', max: 6, points: GANA_POINTS[gb]![gg]!, boy: GANAS[gb]!, girl: GANAS[gg]!, note: 'temperament' });
  const fromGirl = ((boy.sign - girl.sign + 12) % 12) + 1;
  const fromBoy = ((girl.sign - boy.sign + 12) % 12) + 1;
  const badPair = [[2, 12], [5, 9], [6, 8]].some(([a, b]) => (fromGirl === a && fromBoy === b) || (fromGirl === b && fromBoy === a));
  kootas.push({ key: 'bhakoot', name: 'Bhakoot', max: 7, points: badPair ? 0 : 7, boy: `${fromBoy}/${fromGirl}`, girl: `${fromGirl}/${fromBoy}`, note: 'family welfare and prosperity, by Moon signs' });
  const nb = nadiOf(boy.nakshatra), ng = nadiOf(girl.nakshatra);
  kootas.push({ key: 'nadi', name: 'Nadi', max: 8, points: nb === ng ? 0 : 8, boy: NADIS[nb]!, girl: NADIS[ng]!, note: 'health and progeny' });
  const total = kootas.reduce((s, k) => s + k.points, 0);
  return { kootas, total, max: 36 };
}

/** Mars in the 1st, 2nd, 4th, 7th, 8th or 12th house counted from a reference sign (lagna, Moon or Venus). */
const MANGLIK_HOUSES = new Set([1, 2, 4, 7, 8, 12]);
export function isManglikFrom(referenceSign: number, marsSign: number): boolean {
  return MANGLIK_HOUSES.has(((marsSign - referenceSign + 12) % 12) + 1);
}

export function verdict(total: number): { level: 'excellent' | 'good' | 'average' | 'not_recommended'; text: string } {
  if (total >= 28) return { level: 'excellent', text: 'an excellent match' };
  if (total >= 21) return { level: 'good', text: 'a good match' };
  if (total >= 18) return { level: 'average', text: 'an acceptable match' };
  return { level: 'not_recommended', text: 'a match the tradition does not recommend' };
}
