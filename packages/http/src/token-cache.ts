import type { Caller, TokenVerifier } from './caller.js';

export interface TokenCacheOptions {
  /** Most tokens remembered; the oldest is forgotten first. */
  maxEntries?: number;
  /** The clock (ms); tests move it. */
  now?: () => number;
}

interface Entry {
  caller: Caller;
  notBeforeMs: number;
  expiresAtMs: number;
}

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
};

/**
 * Remembers tokens that verified, until their `exp`. A signed token is immutable: the same string with the same key
 * verifies to the same claims until it expires, so a repeat skips the HMAC (an async WebCrypto job per request,
 * about a fifth of a busy service's CPU in the spends bench). Only successes are kept, keyed by the whole token
 * (signature included): a forged, garbled or expired token is always verified in full and refused as before, and an
 * entry is dropped the moment its `exp` (or before its `nbf`) would make the verifier refuse it. Tokens without `exp`
 * are never cached. The cached caller is frozen: requests sharing a token share the object.
 */
export function cachedTokenVerifier(verify: TokenVerifier, { maxEntries = 10_000, now = Date.now }: TokenCacheOptions = {}): TokenVerifier {
  const entries = new Map<string, Entry>();
  return async (token) => {
    const at = now();
    const hit = entries.get(token);
    if (hit) {
      // jose refuses when exp <= now and when nbf > now (whole seconds, no clock tolerance configured).
      if (at < hit.expiresAtMs && at >= hit.notBeforeMs) return hit.caller;
      entries.delete(token);
    }
    const caller = await verify(token);
    const { exp, nbf } = caller.claims;
    if (typeof exp === 'number' && Number.isFinite(exp)) {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(token, { caller: deepFreeze(caller), expiresAtMs: exp * 1000, notBeforeMs: typeof nbf === 'number' ? nbf * 1000 : 0 });
    }
    return caller;
  };
}
