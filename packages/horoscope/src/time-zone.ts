import { isTimeZone } from '@ap/core';
import { find, setCache } from 'geo-tz/all';

/** A Map that forgets its oldest entry beyond `limit`. */
class Bounded<V> extends Map<string, V> {
  constructor(private readonly limit: number) { super(); }
  override set(key: string, value: V): this {
    super.set(key, value);
    if (this.size > this.limit) this.delete(this.keys().next().value!);
    return this;
  }
}

// Decoded polygon tiles: the whole data set decoded would take hundreds of MB.
setCache({ store: new Bounded(256) });
// A look-up tests the point against its zone's polygon, ~0.7 ms here; people are born in the same cities.
const recent = new Bounded<string>(2_000);

/**
 * The IANA zone of a place, from its coordinates: geo-tz's time zone polygons (timezone-boundary-builder, from
 * OpenStreetMap borders), in its "all" variant, which keeps zones that agree since 1970 but not before (a birth can
 * be as old as 1800). At sea it is the nautical zone (Etc/GMT±h). Where polygons overlap (disputed borders) the
 * first zone geo-tz lists is taken.
 */
export function zoneAt(lat: number, lon: number): string {
  const key = `${lat},${lon}`;
  let zone = recent.get(key);
  if (!zone) recent.set(key, (zone = lookUp(lat, lon)));
  return zone;
}

function lookUp(lat: number, lon: number): string {
  const zone = find(lat, lon).find(isTimeZone);
  if (zone) return zone;
  // A zone newer than this Node's ICU data: the nautical zone keeps the hour right.
  const hours = Math.round(lon / 15);
  return hours === 0 ? 'Etc/GMT' : `Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}`;
}
