import type { JwtClaims } from '@ap/db';
import { errors, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { cachedTokenVerifier, type Caller } from '../src/index.js';

const key = new TextEncoder().encode('a-test-secret-of-at-least-32-bytes!!');
const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);

const sign = (sub: string, expSeconds: number, secret = key) =>
  new SignJWT({ role: 'authenticated', app_metadata: { roles: ['user'] } })
    .setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt(T0 / 1000).setExpirationTime(expSeconds).sign(secret);

/** The real jose check on a clock the test moves, counting how often it runs. */
function verifierAt(clock: { now: number }) {
  let calls = 0;
  const verify = async (token: string): Promise<Caller> => {
    calls += 1;
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], currentDate: new Date(clock.now) });
    return { id: payload.sub!, roles: ['user'], claims: { ...payload, sub: payload.sub!, role: 'authenticated' } as JwtClaims };
  };
  return { verify, calls: () => calls };
}

describe('the verified-token cache', () => {
  it('verifies a token once and answers repeats from memory until the instant it expires', async () => {
    const clock = { now: T0 };
    const v = verifierAt(clock);
    const cached = cachedTokenVerifier(v.verify, { now: () => clock.now });
    const exp = T0 / 1000 + 60;
    const token = await sign('u1', exp);

    expect((await cached(token)).id).toBe('u1');
    clock.now = exp * 1000 - 1;
    expect((await cached(token)).id).toBe('u1');
    expect(v.calls()).toBe(1);

    clock.now = exp * 1000; // jose refuses from here on: so must the cache
    await expect(cached(token)).rejects.toBeInstanceOf(errors.JWTExpired);
    await expect(cached(token)).rejects.toBeInstanceOf(errors.JWTExpired);
    expect(v.calls()).toBe(3);
  });

  it('never remembers a refusal: a forged token is checked (and refused) every time', async () => {
    const clock = { now: T0 };
    const v = verifierAt(clock);
    const cached = cachedTokenVerifier(v.verify, { now: () => clock.now });
    const forged = await sign('u1', T0 / 1000 + 60, new TextEncoder().encode('another-secret-of-at-least-32-bytes!'));
    for (let i = 0; i < 3; i++) await expect(cached(forged)).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
    expect(v.calls()).toBe(3);
  });

  it('keys on the whole token, so a token with a tampered signature is not a hit', async () => {
    const clock = { now: T0 };
    const v = verifierAt(clock);
    const cached = cachedTokenVerifier(v.verify, { now: () => clock.now });
    const token = await sign('u1', T0 / 1000 + 60);
    await cached(token);
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(cached(tampered)).rejects.toBeInstanceOf(errors.JOSEError);
    expect(v.calls()).toBe(2);
  });

  it('forgets the oldest token once it holds maxEntries', async () => {
    const clock = { now: T0 };
    const v = verifierAt(clock);
    const cached = cachedTokenVerifier(v.verify, { now: () => clock.now, maxEntries: 2 });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((s) => sign(s, T0 / 1000 + 60)));
    for (const t of [a!, b!, c!]) await cached(t);
    await cached(c!);
    await cached(b!);
    expect(v.calls()).toBe(3);
    await cached(a!); // evicted: verified again
    expect(v.calls()).toBe(4);
  });

  it('hands out a frozen caller, so one request cannot change what the next one sees', async () => {
    const clock = { now: T0 };
    const cached = cachedTokenVerifier(verifierAt(clock).verify, { now: () => clock.now });
    const token = await sign('u1', T0 / 1000 + 60);
    await cached(token);
    const caller = await cached(token);
    expect(() => caller.roles.push('admin')).toThrow(TypeError);
    expect(() => { (caller.claims as Record<string, unknown>).sub = 'someone-else'; }).toThrow(TypeError);
    expect((await cached(token)).claims.sub).toBe('u1');
  });
});
