import { invalid } from '@ap/core';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,200}$/;

/** The Idempotency-Key header every money-moving POST must carry (DESIGN §6), or 400 idempotency_key_required. */
export function idempotencyKeyFrom(header: string | string[] | undefined): string {
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || !IDEMPOTENCY_KEY.test(key)) {
    throw invalid('idempotency_key_required', 'send an Idempotency-Key header (8–200 letters, digits, . _ : -) with every money-moving request');
  }
  return key;
}
