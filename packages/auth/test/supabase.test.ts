import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '@ap/core';
import { serviceEnv } from '@ap/platform';
import { DomainError } from '@ap/core';
import { createSupabaseVerifier, supabasePhoneToE164 } from '../src/index.js';
import { randomPhone, signUp, testStack, type TestStack } from '../../../test/support/app.js';

// A stand-in for a Supabase project: its JWKS endpoint on loopback, an ES256 signing key shaped like Supabase's
// (kid, alg ES256, use sig), and the legacy HS256 secret.
const SUPABASE_URL = 'https://abcdefghijklmnop.supabase.co';
const ISSUER = `${SUPABASE_URL}/auth/v1`;
const LEGACY_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';
const KID = randomUUID();

let privateKey: CryptoKey;
let otherKey: CryptoKey;
let rsaKey: CryptoKey;
const RSA_KID = randomUUID();
let jwksServer: Server;
let jwksRequests = 0;
let stack: TestStack;

beforeAll(async () => {
  const signing = await generateKeyPair('ES256', { extractable: true });
  privateKey = signing.privateKey;
  otherKey = (await generateKeyPair('ES256')).privateKey;
  const jwk: JWK = { ...(await exportJWK(signing.publicKey)), kid: KID, alg: 'ES256', use: 'sig', key_ops: ['verify'] };
  const rsa = await generateKeyPair('RS256');
  rsaKey = rsa.privateKey;
  const rsaJwk: JWK = { ...(await exportJWK(rsa.publicKey)), kid: RSA_KID, alg: 'RS256', use: 'sig', key_ops: ['verify'] };
  jwksServer = createServer((req, res) => {
    if (req.url === '/auth/v1/.well-known/jwks.json') {
      jwksRequests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk, rsaJwk] }));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const { port } = jwksServer.address() as AddressInfo;
  stack = await testStack({
    AUTH_PROVIDER: 'supabase', SUPABASE_URL, SUPABASE_JWT_SECRET: LEGACY_SECRET,
    SUPABASE_JWKS_URL: `http://127.0.0.1:${port}/auth/v1/.well-known/jwks.json`,
  });
});
afterAll(async () => {
  await stack?.close();
  await new Promise((resolve) => jwksServer?.close(resolve));
});

const now = () => Math.floor(Date.now() / 1000);

interface Person {
  sub?: string;
  phone?: string | undefined;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
}

/** Claims as Supabase Auth issues them for a phone sign-in. */
function claimsOf(p: Person) {
  return {
    aud: 'authenticated', role: 'authenticated', email: '', phone: p.phone ?? randomPhone().slice(1),
    app_metadata: { provider: 'phone', providers: ['phone'], ...p.app_metadata },
    user_metadata: { ...p.user_metadata }, aal: 'aal1', amr: [{ method: 'otp', timestamp: now() }],
    session_id: randomUUID(), is_anonymous: false,
  };
}

async function supabaseToken(p: Person = {}, opts: { key?: CryptoKey; kid?: string; iss?: string; aud?: string; exp?: number; hs256?: string; rs256?: boolean } = {}) {
  const claims = claimsOf(p);
  const jwt = new SignJWT({ ...claims, aud: opts.aud ?? claims.aud })
    .setSubject(p.sub ?? randomUUID())
    .setIssuer(opts.iss ?? ISSUER)
    .setIssuedAt((opts.exp ?? now() + 3600) - 3600)
    .setExpirationTime(opts.exp ?? now() + 3600);
  if (opts.rs256) return jwt.setProtectedHeader({ alg: 'RS256', kid: RSA_KID, typ: 'JWT' }).sign(rsaKey);
  if (opts.hs256) return jwt.setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(opts.hs256));
  return jwt.setProtectedHeader({ alg: 'ES256', kid: opts.kid ?? KID, typ: 'JWT' }).sign(opts.key ?? privateKey);
}

const profile = (token: string) => request(stack.user).get('/api/user/profile').set('Authorization', `Bearer ${token}`);

async function identity(id: string) {
  const { rows } = await stack.db.pool.query<{ kind: string; phone: string; roles: string[] }>('SELECT kind, phone, roles FROM identities WHERE id = $1', [id]);
  return rows[0];
}

describe('AUTH_PROVIDER=supabase', () => {
  it('accepts an ES256 token verified with the JWKS and creates the identity and user row on first sight', async () => {
    const sub = randomUUID();
    const phone = randomPhone();
    const token = await supabaseToken({ sub, phone: phone.slice(1), user_metadata: { name: 'Asha Rao' } });
    const res = await profile(token).expect(200);
    expect(res.body).toMatchObject({ id: sub, name: 'Asha Rao' });
    expect(await identity(sub)).toEqual({ kind: 'user', phone, roles: ['user'] });
    expect(jwksRequests).toBeGreaterThan(0);
  });

  it('refuses a wrong issuer, a wrong audience, an expired token, an unknown kid and a key not in the JWKS with 401', async () => {
    const sub = randomUUID();
    const bad = [
      await supabaseToken({ sub }, { iss: 'https://other.supabase.co/auth/v1' }),
      await supabaseToken({ sub }, { aud: 'anon' }),
      await supabaseToken({ sub }, { exp: now() - 10 }),
      await supabaseToken({ sub }, { kid: randomUUID() }),
      await supabaseToken({ sub }, { key: otherKey }),
      await supabaseToken({ sub }, { hs256: 'not-the-project-secret-but-long-enough-1234567890' }),
    ];
    for (const token of bad) {
      const res = await profile(token);
      expect(res.status).toBe(401);
    }
    const expired = await profile(bad[2]!);
    expect(expired.body.error?.code ?? expired.body.code).toBe('token_expired');
    expect(await identity(sub)).toBeUndefined();
  });

  it('creates the identity exactly once under 10 concurrent first requests', async () => {
    const sub = randomUUID();
    const phone = randomPhone();
    const tokens = await Promise.all(Array.from({ length: 10 }, () => supabaseToken({ sub, phone: phone.slice(1) })));
    const statuses = await Promise.all(tokens.map(async (t) => (await profile(t)).status));
    expect(statuses).toEqual(Array(10).fill(200));
    const { rows } = await stack.db.pool.query<{ identities: number; users: number }>(
      `SELECT (SELECT count(*)::int FROM identities WHERE phone = $1) AS identities, (SELECT count(*)::int FROM users WHERE id = $2) AS users`,
      [phone, sub],
    );
    expect(rows[0]).toEqual({ identities: 1, users: 1 });
  });

  it('accepts an RS256 token from the same JWKS', async () => {
    const sub = randomUUID();
    await profile(await supabaseToken({ sub }, { rs256: true })).expect(200);
    expect((await identity(sub))?.kind).toBe('user');
  });

  it('accepts the legacy HS256 secret path', async () => {
    const sub = randomUUID();
    await profile(await supabaseToken({ sub }, { hs256: LEGACY_SECRET })).expect(200);
    expect((await identity(sub))?.kind).toBe('user');
  });

  it('takes roles from app_metadata filtered to known roles, never from user_metadata', async () => {
    const admin = randomUUID();
    const t1 = await supabaseToken({ sub: admin, app_metadata: { roles: ['admin', 'superuser', 'astrologer'] } });
    await profile(t1).expect(200);
    expect((await identity(admin))?.roles).toEqual(['user', 'admin']);
    await request(stack.astrologer).get('/api/astrologer/admin/astrologers').set('Authorization', `Bearer ${t1}`).expect(200);

    const sneaky = randomUUID();
    const t2 = await supabaseToken({ sub: sneaky, user_metadata: { roles: ['admin'] }, app_metadata: { roles: 'admin' } });
    await profile(t2).expect(200);
    expect((await identity(sneaky))?.roles).toEqual(['user']);
    await request(stack.astrologer).get('/api/astrologer/admin/astrologers').set('Authorization', `Bearer ${t2}`).expect(403);
  });

  it('tells the web app who signed in (GET /auth/me, the first call creating the account); the other app answers 403', async () => {
    const sub = randomUUID();
    const phone = randomPhone();
    const token = await supabaseToken({ sub, phone: phone.slice(1), user_metadata: { kind: 'user', name: 'Meera Iyer' } });
    const res = await request(stack.user).get('/api/user/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body).toEqual({ id: sub, kind: 'user', roles: ['user'], name: 'Meera Iyer' });
    expect(await identity(sub)).toEqual({ kind: 'user', phone, roles: ['user'] });
    await request(stack.astrologer).get('/api/astrologer/auth/me').set('Authorization', `Bearer ${token}`).expect(403);
    const astro = randomUUID();
    const astroToken = await supabaseToken({ sub: astro, user_metadata: { kind: 'astrologer', name: 'Pandit Om' } });
    const astroMe = await request(stack.astrologer).get('/api/astrologer/auth/me').set('Authorization', `Bearer ${astroToken}`).expect(200);
    expect(astroMe.body).toEqual({ id: astro, kind: 'astrologer', roles: ['astrologer'], name: 'Pandit Om', status: 'pending' });
    await request(stack.user).get('/api/user/auth/me').expect(401);
  });

  it('makes an astrologer identity from user_metadata.kind', async () => {
    const sub = randomUUID();
    const token = await supabaseToken({ sub, user_metadata: { kind: 'astrologer', name: 'Pandit Ravi' } });
    await request(stack.astrologer).get('/api/astrologer/profile').set('Authorization', `Bearer ${token}`).expect(200);
    expect((await identity(sub))?.kind).toBe('astrologer');
    const { rows } = await stack.db.pool.query('SELECT display_name, status FROM astrologers WHERE id = $1', [sub]);
    expect(rows[0]).toEqual({ display_name: 'Pandit Ravi', status: 'pending' });
  });

  it('refuses a token without a phone (401) and a phone already registered here under another id (409)', async () => {
    const noPhone = await supabaseToken({ phone: '' });
    expect((await profile(noPhone)).status).toBe(401);
    const local = await signUp(stack.user, stack.db.pool, 'user');
    const res = await profile(await supabaseToken({ phone: local.phone.slice(1) }));
    expect(res.status).toBe(409);
  });

  it('answers 503, not 401, when the JWKS endpoint is down or broken', async () => {
    const broken = createServer((_req, res) => res.writeHead(500).end('oops'));
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    const { port } = broken.address() as AddressInfo;
    try {
      for (const jwksUrl of [`http://127.0.0.1:${port}/jwks.json`, 'http://127.0.0.1:9/jwks.json']) {
        const verifier = createSupabaseVerifier({ url: SUPABASE_URL, jwksUrl, pool: stack.db.pool });
        const err = await verifier.verify(await supabaseToken()).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DomainError);
        expect(err).toMatchObject({ kind: 'unavailable', code: 'auth_unavailable' });
      }
    } finally {
      await new Promise((resolve) => broken.close(resolve));
    }
  });

  it('keeps accepting our own tokens', async () => {
    const me = await signUp(stack.user, stack.db.pool, 'user');
    await profile(me.accessToken).expect(200);
  });

  it('normalises Supabase phones to E.164', () => {
    expect(supabasePhoneToE164('919876543210')).toBe('+919876543210');
    expect(supabasePhoneToE164('+91 98765 43210')).toBe('+919876543210');
    expect(supabasePhoneToE164('12')).toBeNull();
    expect(supabasePhoneToE164(undefined)).toBeNull();
  });
});

describe('AUTH_PROVIDER settings', () => {
  const base = { DATABASE_URL: 'postgres://u@127.0.0.1:5432/db', JWT_SECRET: 'x'.repeat(32), OTP_SECRET: 'y'.repeat(32), PAYMENT_SANDBOX_SECRET: 'z'.repeat(32) };

  it('defaults to local and needs the project URL and a key source for supabase', () => {
    expect(parseEnv(serviceEnv(3001), base).AUTH_PROVIDER).toBe('local');
    expect(() => parseEnv(serviceEnv(3001), { ...base, AUTH_PROVIDER: 'supabase' })).toThrow(/SUPABASE_URL[\s\S]*SUPABASE_JWKS_URL or SUPABASE_JWT_SECRET/);
    expect(parseEnv(serviceEnv(3001), { ...base, AUTH_PROVIDER: 'supabase', SUPABASE_URL, SUPABASE_JWT_SECRET: LEGACY_SECRET }).AUTH_PROVIDER).toBe('supabase');
  });
});
