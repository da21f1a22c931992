import { invalid } from './errors.js';

/** Opaque keyset cursors: the sort key of the last row seen, so pages stay stable under inserts (no OFFSET). */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T extends readonly (string | number)[]>(cursor: string, shape: readonly ('string' | 'number')[]): T {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === shape.length && value.every((v, i) => typeof v === shape[i])) return value as unknown as T;
  } catch {
    // fall through
  }
  throw invalid('invalid_cursor', 'cursor is not one this API returned');
}
