import { describe, expect, it } from 'vitest';
import { buildCityIndex, indianCities, normalizePlaceName, type City } from '../src/index.js';

const names = (cities: City[]) => cities.map((c) => c.name);

describe('indianCities', () => {
  it('holds the Indian cities of the offline list, and only those', () => {
    const index = indianCities();
    expect(index.size).toBeGreaterThan(3000);
    expect(index.size).toBeLessThan(4000);
    expect(index.search('london', 10)).toEqual([]);
  });

  it('suggests cities by prefix, most populous first, with state and coordinates', () => {
    const items = indianCities().search('jai', 10);
    expect(items[0]).toEqual({ name: 'Jaipur', state: 'Rajasthan', lat: expect.closeTo(26.92, 1), lon: expect.closeTo(75.79, 1), population: expect.any(Number) });
    expect(items.length).toBeGreaterThan(1);
    expect(items.every((c) => normalizePlaceName(c.name).split(' ').some((w) => w.startsWith('jai')))).toBe(true);
    const populations = items.map((c) => c.population);
    expect(populations).toEqual([...populations].sort((a, b) => b - a));
  });

  it('ignores case and accents both ways', () => {
    expect(names(indianCities().search('DEHRA DU', 5))).toContain('Dehra Dūn');
    expect(names(indianCities().search('dehra dū', 5))).toContain('Dehra Dūn');
    expect(names(indianCities().search('Thāne', 5))).toEqual(names(indianCities().search('thane', 5)));
  });

  it('matches the start of any word of the name', () => {
    const delhi = names(indianCities().search('delhi', 10));
    expect(delhi[0]).toBe('Delhi');
    expect(delhi).toContain('New Delhi');
  });

  it('knows the common former and English names', () => {
    expect(names(indianCities().search('bangal', 3))).toContain('Bengaluru');
    expect(names(indianCities().search('Bombay', 3))).toEqual(['Mumbai']);
    expect(names(indianCities().search('gurugram', 3))).toEqual(['Gurgaon']);
  });

  it('honours the limit', () => {
    expect(indianCities().search('a', 7)).toHaveLength(7);
  });
});

describe('buildCityIndex', () => {
  const city = (name: string, population: number, state: string | null = null): City => ({ name, state, lat: 0, lon: 0, population });
  const index = buildCityIndex([city('Aurangabad', 1_000_000, 'Maharashtra'), city('Aurangābād', 100_000, 'Bihar'), city('Aurangpur', 5_000)]);

  it('keeps namesakes apart and ranks them by population', () => {
    expect(index.search('aurang', 10).map((c) => c.state)).toEqual(['Maharashtra', 'Bihar', null]);
    expect(index.find('Aurangabad, Bihar').map((c) => c.population)).toEqual([100_000]);
  });

  it('finds nothing for a blank query', () => {
    expect(index.search('  ', 10)).toEqual([]);
    expect(index.search('-', 10)).toEqual([]);
  });
});
