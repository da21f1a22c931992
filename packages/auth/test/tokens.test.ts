import { decodeJwt, SignJWT, UnsecuredJWT } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestSmsCode, randomIp, randomPhone, signUp, testStack, TEST_SECRETS, type TestStack } from '../../../test/support/app.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(() => stack?.close());

const refresh = (refreshToken: string, kind: 'user' | 'astrologer' = 'user') =>
  request(kind === 'user' ? stack.user : stack.astrologer)
    .post(`/api/${kind}/auth/refresh`)
    .set('X-Forwarded-For', randomIp())
    .send({ refreshToken });

const profileWith = (accessToken: string) => request(stack.user).get('/api/user/profile').set('Authorization', `Bearer ${accessToken}`);

const sign = (claims: Record<string, unknown>, opts: { secret?: string; sub: string; exp: number }) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(opts.sub)
    .setIssuer('anytime-pooja')
    .setAudience('authenticated')
    .setIssuedAt(opts.exp - 900)
    .setExpirationTime(opts.exp)
    .sign(new TextEncoder().encode(opts.secret ?? TEST_SECRETS.JWT_SECRET));

const now = () => Math.floor(Date.now() / 1000);

describe('sessions', () => {
  it('verifying a code returns an access token, a refresh token, the lifetime and the user', async () => {
    const ip = randomIp();
    const phone = randomPhone();
    await request(stack.user).post('/api/user/auth/signup').set('X-Forwarded-For', ip).send({ phone, name: 'Meera Iyer' }).expect(202);
    const res = await request(stack.user)
      .post('/api/user/auth/verify')
      .set('X-Forwarded-For', ip)
      .send({ phone, code: await latestSmsCode(stack.db.pool, phone) })
      .expect(200);

    expect(res.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 900,
      user: { id: expect.any(String), kind: 'user', roles: ['user'], name: 'Meera Iyer' },
    });
    expect(res.body.refreshToken).not.toBe(res.body.accessToken);
  });

  it('issues access tokens with Supabase-shaped claims', async () => {
    const me = await signUp(stack.user, stack.db.pool, 'user');
    const claims = decodeJwt(me.accessToken);
    expect(claims).toMatchObject({ sub: me.id, role: 'authenticated', aud: 'authenticated', app_metadata: { roles: ['user'] } });
    expect(claims.exp! - claims.iat!).toBe(900);
    expect(JSON.stringify(claims)).not.toContain(me.phone);
  });

  it('rotates the refresh token: a new pair is returned and the old refresh token stops working', async () => {
    const me = await signUp(stack.user, stack.db.pool, 'user');
    const res = await refresh(me.refreshToken).expect(200);
    expect(res.body.refreshToken).not.toBe(me.refreshToken);
    expect(res.body.user.id).toBe(me.id);
    expect(decodeJwt(res.body.accessToken).sub).toBe(me.id);
    await profileWith(res.body.accessToken).expect(200);

    expect((await refresh(me.refreshToken).expect(401)).body.code).toBe('refresh_reused');
  });

  it('treats reuse of a rotated refresh token as theft: 401 refresh_reused and the whole family revoked', async () => {
    const me = await signUp(stack.user, stack.db.pool, 'user');
    const second = (await refresh(me.refreshToken).expect(200)).body.refreshToken as string;
    const newest = (await refresh(second).expect(200)).body.refreshToken as string;

    expect((await refresh(me.refreshToken).expect(401)).body.code).toBe('refresh_reused');
    expect((await refresh(newest).expect(401)).body.code).toBe('refresh_revoked');
  });

  it('leaves other sign-ins of the same person alone when one family is revoked', async () => {
    const me = await signUp(stack.user, stack.db.pool, 'user');
    await stack.db.pool.query(`UPDATE otp_codes SET created_at = created_at - interval '31 seconds' WHERE phone = $1`, [me.phone]);
    const ip = randomIp();
    await request(stack.user).post('/api/user/auth/login').set('X-Forwarded-For', ip).send({ phone: me.phone }).expect(202);
    const other = await request(stack.user)
      .post('/api/user/auth/verify')
      .set('X-Forwarded-For', ip)
      .send({ phone: me.phone, code: await latestSmsCode(stack.db.pool, me.phone) })
      .expect(200);

    await refresh(me.refreshToken).expect(200);
    await refresh(me.refreshToken).expect(401);
    await refresh(other.body.refreshToken).expect(200);
  });

  it('logging out answers 204 and revokes every token of the family', async () => {
    const me = await signUp(stack.user, stack.db.pool, 'user');
    const current = (await refresh(me.refreshToken).expect(200)).body.refreshToken as string;

    await request(stack.user).post('/api/user/auth/logout').send({ refreshToken: current }).expect(204);
    expect((await refresh(current).expect(401)).body.code).toBe('refresh_revoked');
    expect((await refresh(me.refreshToken).expect(401)).body.code).toBe('refresh_revoked');
  });

  it('logging out with an unknown refresh token still answers 204', async () => {
    await request(stack.user).post('/api/user/auth/logout').send({ refreshToken: 'x'.repeat(43) }).expect(204);
  });

  it('refuses an astrologer refresh token at the customer refresh route, without spending it', async () => {
    const astrologer = await signUp(stack.astrologer, stack.db.pool, 'astrologer');
    expect((await refresh(astrologer.refreshToken, 'user').expect(401)).body.code).toBe('refresh_invalid');
    await refresh(astrologer.refreshToken, 'astrologer').expect(200);
  });
});

describe('access tokens', () => {
  it('rejects an expired token with 401 token_expired', async () => {
    const me = await signUp(stack.user, stack.db.pool, 'user');
    const expired = await sign({ role: 'authenticated', app_metadata: { roles: ['user'], kind: 'user' } }, { sub: me.id, exp: now() - 60 });
    expect((await profileWith(expired).expect(401)).body.code).toBe('token_expired');
  });

  it('rejects a garbled token with 401 token_invalid', async () => {
    const me = await signUp(stack.user, stack.db.pool, 'user');
    const [header, payload, signature] = me.accessToken.split('.') as [string, string, string];
    const tampered = `${signature.slice(0, 5)}${signature[5] === 'A' ? 'B' : 'A'}${signature.slice(6)}`;
    for (const garbled of ['not-a-jwt', `${header}.${payload}.c2lnbmF0dXJl`, `${header}.${payload}.${tampered}`]) {
      expect((await profileWith(garbled).expect(401)).body.code).toBe('token_invalid');
    }
  });

  it('rejects a token forged with another secret, or unsigned, with 401 token_invalid', async () => {
    const me = await signUp(stack.user, stack.db.pool, 'user');
    const claims = { role: 'authenticated', app_metadata: { roles: ['user', 'admin'], kind: 'user' } };
    const forged = await sign(claims, { sub: me.id, exp: now() + 600, secret: 'someone-elses-secret-0123456789abcdef' });
    const unsigned = new UnsecuredJWT(claims).setSubject(me.id).setIssuer('anytime-pooja').setAudience('authenticated').setExpirationTime('10m').encode();
    for (const token of [forged, unsigned]) {
      expect((await profileWith(token).expect(401)).body.code).toBe('token_invalid');
    }
  });

  it('refuses an astrologer token on a customer route with 403 wrong_role', async () => {
    const astrologer = await signUp(stack.astrologer, stack.db.pool, 'astrologer');
    expect((await profileWith(astrologer.accessToken).expect(403)).body.code).toBe('wrong_role');
  });

  it('refuses a customer token on an astrologer route with 403 wrong_role', async () => {
    const me = await signUp(stack.user, stack.db.pool, 'user');
    const res = await request(stack.astrologer).get('/api/astrologer/profile').set(me.auth).expect(403);
    expect(res.body.code).toBe('wrong_role');
  });

  it('shows a customer their own profile by id but answers 404 for another customer', async () => {
    const me = await signUp(stack.user, stack.db.pool, 'user', { name: 'Meera Iyer' });
    const other = await signUp(stack.user, stack.db.pool, 'user');

    const mine = await request(stack.user).get(`/api/user/users/${me.id}`).set(me.auth).expect(200);
    expect(mine.body).toMatchObject({ id: me.id, name: 'Meera Iyer' });
    const theirs = await request(stack.user).get(`/api/user/users/${other.id}`).set(me.auth).expect(404);
    expect(theirs.body.code).toBe('profile_not_found');
  });
});
