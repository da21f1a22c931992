// A local stand-in for Supabase Auth (GoTrue) speaking the wire format @supabase/supabase-js uses for phone OTP, so
// the web app's Supabase sign-in runs end to end without a Supabase project: POST /auth/v1/otp, POST /auth/v1/verify,
// POST /auth/v1/token?grant_type=refresh_token (rotating, single-use refresh tokens), POST /auth/v1/logout,
// GET /auth/v1/user, GET /auth/v1/.well-known/jwks.json and GET /auth/v1/health. Access tokens are ES256 JWTs shaped
// like Supabase's (iss = <url>/auth/v1, aud and role 'authenticated', phone without '+', app/user metadata,
// session_id). Every /auth/v1 route but the JWKS and health wants the `apikey` header (the anon key), as Supabase's
// gateway does; errors carry `code` and `msg` with X-Supabase-Api-Version, as GoTrue's do.
//
// Test-only routes (never part of Supabase): GET /__fake/otp?phone=… (the last code "sent" to a phone, in place of
// an SMS) and GET /__fake/stats (request counts).
//
//   FAKE_GOTRUE_PORT=4014 FAKE_GOTRUE_ANON_KEY=… FAKE_GOTRUE_EXPIRES_IN=3600 npx tsx e2e/supabase/fake-gotrue.ts
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK } from 'jose';

export interface FakeGoTrueOptions {
  port: number;
  host?: string;
  anonKey: string;
  /** Access token lifetime in seconds (Supabase's default is 3600). */
  expiresIn?: number;
  /** The public base URL (what SUPABASE_URL is set to); default http://<host>:<port>. */
  publicUrl?: string;
}

interface FakeUser {
  id: string;
  phone: string;
  createdAt: string;
  confirmedAt: string | null;
  lastSignInAt: string | null;
  userMetadata: Record<string, unknown>;
  appMetadata: Record<string, unknown>;
}

interface RefreshToken {
  sessionId: string;
  userId: string;
  used: boolean;
}

const OTP_TTL_MS = 5 * 60_000;

export async function startFakeGoTrue(opts: FakeGoTrueOptions) {
  const host = opts.host ?? '127.0.0.1';
  const expiresIn = opts.expiresIn ?? 3600;
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = randomUUID();
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig', key_ops: ['verify'] };
  const jwks = createLocalJWKSet({ keys: [publicJwk] });
  let base = opts.publicUrl?.replace(/\/+$/, '') ?? '';

  const users = new Map<string, FakeUser>(); // by phone (digits only, as GoTrue stores it)
  const otps = new Map<string, { code: string; expiresAt: number }>();
  const refreshTokens = new Map<string, RefreshToken>();
  const revokedSessions = new Set<string>();
  const stats = { otp: 0, verify: 0, refresh: 0, logout: 0, user: 0 };

  const issuer = () => `${base}/auth/v1`;
  const digits = (phone: unknown) => (typeof phone === 'string' ? phone.replace(/[^\d]/g, '') : '');

  const userJson = (u: FakeUser) => ({
    id: u.id,
    aud: 'authenticated',
    role: 'authenticated',
    email: '',
    phone: u.phone,
    phone_confirmed_at: u.confirmedAt,
    confirmed_at: u.confirmedAt,
    last_sign_in_at: u.lastSignInAt,
    app_metadata: u.appMetadata,
    user_metadata: u.userMetadata,
    identities: [],
    created_at: u.createdAt,
    updated_at: u.lastSignInAt ?? u.createdAt,
    is_anonymous: false,
  });

  async function issueSession(u: FakeUser, sessionId: string) {
    const now = Math.floor(Date.now() / 1000);
    const accessToken = await new SignJWT({
      aud: 'authenticated',
      email: '',
      phone: u.phone,
      app_metadata: u.appMetadata,
      user_metadata: u.userMetadata,
      role: 'authenticated',
      aal: 'aal1',
      amr: [{ method: 'otp', timestamp: now }],
      session_id: sessionId,
      is_anonymous: false,
    })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setIssuer(issuer())
      .setSubject(u.id)
      .setIssuedAt(now)
      .setExpirationTime(now + expiresIn)
      .sign(privateKey);
    const refreshToken = randomBytes(9).toString('base64url');
    refreshTokens.set(refreshToken, { sessionId, userId: u.id, used: false });
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: expiresIn,
      expires_at: now + expiresIn,
      refresh_token: refreshToken,
      user: userJson(u),
    };
  }

  const userById = (id: string) => [...users.values()].find((u) => u.id === id);

  async function caller(req: IncomingMessage): Promise<{ user: FakeUser; sessionId: string } | null> {
    const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return null;
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer: issuer(), audience: 'authenticated' });
      const user = userById(String(payload.sub));
      const sessionId = String(payload.session_id);
      return user && !revokedSessions.has(sessionId) ? { user, sessionId } : null;
    } catch {
      return null;
    }
  }

  function send(res: ServerResponse, status: number, body?: unknown) {
    res.statusCode = status;
    res.setHeader('x-supabase-api-version', '2024-01-01');
    if (body === undefined) return res.end();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  }
  const fail = (res: ServerResponse, status: number, code: string, msg: string) => send(res, status, { code: status, error_code: code, msg });

  async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (!text) return {};
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    // Supabase's gateway answers browsers from any origin.
    res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
    res.setHeader('vary', 'origin');
    res.setHeader('access-control-expose-headers', 'x-supabase-api-version');
    if (req.method === 'OPTIONS') {
      res.setHeader('access-control-allow-methods', 'GET, POST, PUT, DELETE, OPTIONS');
      res.setHeader('access-control-allow-headers', req.headers['access-control-request-headers'] ?? '*');
      res.setHeader('access-control-max-age', '600');
      return send(res, 204);
    }
    const url = new URL(req.url ?? '/', 'http://fake');
    const route = `${req.method} ${url.pathname.replace(/\/+$/, '')}`;

    if (route === 'GET /auth/v1/health') return send(res, 200, { version: 'fake', name: 'GoTrue', description: 'local fake for tests' });
    if (route === 'GET /auth/v1/.well-known/jwks.json') return send(res, 200, { keys: [publicJwk] });
    if (route === 'GET /__fake/otp') {
      const otp = otps.get(digits(url.searchParams.get('phone')));
      return otp ? send(res, 200, { code: otp.code }) : send(res, 404, { msg: 'no code sent to this phone' });
    }
    if (route === 'GET /__fake/stats') return send(res, 200, stats);
    if (!url.pathname.startsWith('/auth/v1/')) return send(res, 404, { message: 'no Route matched with those values' });
    if (req.headers.apikey !== opts.anonKey) return send(res, 401, { message: 'Invalid API key' });

    if (route === 'POST /auth/v1/otp') {
      stats.otp++;
      const body = await readJson(req);
      const phone = digits(body.phone);
      if (phone.length < 8) return fail(res, 400, 'validation_failed', 'Invalid phone number format (E.164 required)');
      let user = users.get(phone);
      if (!user) {
        if (body.create_user === false) return fail(res, 422, 'otp_disabled', 'Signups not allowed for otp');
        const data = body.data && typeof body.data === 'object' ? (body.data as Record<string, unknown>) : {};
        user = {
          id: randomUUID(), phone, createdAt: new Date().toISOString(), confirmedAt: null, lastSignInAt: null,
          userMetadata: { ...data }, appMetadata: { provider: 'phone', providers: ['phone'] },
        };
        users.set(phone, user);
      }
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      otps.set(phone, { code, expiresAt: Date.now() + OTP_TTL_MS });
      return send(res, 200, { message_id: `fake-${createHash('sha1').update(phone + code).digest('hex').slice(0, 12)}` });
    }

    if (route === 'POST /auth/v1/verify') {
      stats.verify++;
      const body = await readJson(req);
      const phone = digits(body.phone);
      const otp = otps.get(phone);
      const user = users.get(phone);
      if (body.type !== 'sms' && body.type !== 'phone_change') return fail(res, 400, 'validation_failed', 'Verify requires a verification type');
      if (!otp || !user || otp.code !== body.token || otp.expiresAt < Date.now()) {
        return fail(res, 403, 'otp_expired', 'Token has expired or is invalid');
      }
      otps.delete(phone);
      const now = new Date().toISOString();
      user.confirmedAt ??= now;
      user.lastSignInAt = now;
      return send(res, 200, await issueSession(user, randomUUID()));
    }

    if (route === 'POST /auth/v1/token') {
      if (url.searchParams.get('grant_type') !== 'refresh_token') return fail(res, 400, 'validation_failed', 'unsupported_grant_type');
      stats.refresh++;
      const body = await readJson(req);
      const presented = typeof body.refresh_token === 'string' ? refreshTokens.get(body.refresh_token) : undefined;
      if (!presented) return fail(res, 400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
      if (revokedSessions.has(presented.sessionId)) return fail(res, 400, 'session_not_found', 'Session from session_id claim in JWT does not exist');
      if (presented.used) {
        revokedSessions.add(presented.sessionId);
        return fail(res, 400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
      }
      presented.used = true;
      const user = userById(presented.userId);
      if (!user) return fail(res, 400, 'user_not_found', 'User not found');
      return send(res, 200, await issueSession(user, presented.sessionId));
    }

    if (route === 'POST /auth/v1/logout') {
      stats.logout++;
      const who = await caller(req);
      if (!who) return fail(res, 401, 'no_authorization', 'This endpoint requires a valid Bearer token');
      const scope = url.searchParams.get('scope') ?? 'global';
      const sessions = new Set<string>();
      for (const t of refreshTokens.values()) if (t.userId === who.user.id) sessions.add(t.sessionId);
      for (const s of sessions) {
        if (scope === 'global' || (scope === 'local' && s === who.sessionId) || (scope === 'others' && s !== who.sessionId)) revokedSessions.add(s);
      }
      return send(res, 204);
    }

    if (route === 'GET /auth/v1/user') {
      stats.user++;
      const who = await caller(req);
      if (!who) return fail(res, 401, 'bad_jwt', 'invalid JWT: unable to parse or verify signature');
      return send(res, 200, userJson(who.user));
    }

    return send(res, 404, { message: 'no Route matched with those values' });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) fail(res, 500, 'unexpected_failure', String(err));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolve());
  });
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : opts.port;
  if (!base) base = `http://${host}:${port}`;
  return {
    url: base,
    port,
    stats,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env.FAKE_GOTRUE_PORT ?? 4014);
  const anonKey = process.env.FAKE_GOTRUE_ANON_KEY ?? 'fake-anon-key';
  const fake = await startFakeGoTrue({
    port,
    anonKey,
    expiresIn: Number(process.env.FAKE_GOTRUE_EXPIRES_IN ?? 3600),
    ...(process.env.FAKE_GOTRUE_PUBLIC_URL ? { publicUrl: process.env.FAKE_GOTRUE_PUBLIC_URL } : {}),
  });
  console.log(`fake Supabase Auth on ${fake.url}/auth/v1 (JWKS ${fake.url}/auth/v1/.well-known/jwks.json)`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
