export { DomainError, invalid, notFound, forbidden, unauthorized, conflict, tooMany, type ErrorKind } from './errors.js';
export { parseEnv, EnvError, csv, bool } from './env.js';
export type { LimitSpec, Throttle } from './throttle.js';
export { encodeCursor, decodeCursor } from './cursor.js';
export { isTimeZone, timeZoneSchema } from './validation.js';
export { DAY, MINUTE, offsetAt, wallAt, localDayAt, offsetsAround, wallToInstant, formatInZone, formatDay, parseDay, offsetsBetween, formatWithOffset, type DayOffsets } from './zone.js';
