import { decodeCursor, invalid } from '@ap/core';

/**
 * Keyset cursors over (created_at, id). A timestamptz has microseconds, a JS Date only milliseconds, so the
 * cursor carries whole microseconds since the epoch: exact, and any safe integer converts back without a SQL
 * error (a forged cursor is a 400, never a 500).
 */
export type TimeKey = [micros: number, id: string];

export const toMicros = (column: string) => `(extract(epoch FROM ${column}) * 1000000)::bigint`;
export const fromMicros = (param: string) => `(timestamptz 'epoch' + ${param}::bigint * interval '1 microsecond')`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
export const isTimeKey = (key: readonly unknown[]): key is TimeKey => key.length === 2 && Number.isSafeInteger(key[0]) && isUuid(key[1]);

/** Decodes a (created_at, id) cursor or throws 400 invalid_cursor. */
export function decodeTimeCursor(cursor: string): TimeKey {
  const key = decodeCursor<TimeKey>(cursor, ['number', 'string']);
  if (!isTimeKey(key)) throw invalid('invalid_cursor', 'cursor is not one this API returned');
  return key;
}
