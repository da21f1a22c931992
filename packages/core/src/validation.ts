import { z } from 'zod';

/** True for a zone name this runtime's time zone database knows ("Asia/Kolkata", "America/New_York"). */
export function isTimeZone(zone: string): boolean {
  // Names only: newer ICU also accepts offsets such as "+05:30", which are not zones (no DST rules, no history).
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The one schema for an IANA time zone field. A function, not a constant: zod 4 gives each schema its methods
 * when it is built, so it must be built after @ap/http has added `.openapi()`.
 */
export const timeZoneSchema = () => z.string().max(64).refine(isTimeZone, 'an IANA time zone such as "Asia/Kolkata"');
