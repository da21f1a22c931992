import { parseEnv } from '@ap/core';
import type { Pool } from '@ap/db';
import { serviceEnv } from '@ap/platform';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestSmsCode, makeAdmin, randomIp, randomPhone, signUp, testStack, TEST_SECRETS, type TestStack } from '../../../test/support/app.js';
import { codeMatches, hashCode } from '../src/rules.js';

const TEST_NUMBER = '+919000000009';
const TEST_CODE = '424242';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack({ TEST_OTP_NUMBERS: `${TEST_NUMBER}=${TEST_CODE}` });
});
afterAll(() => stack?.close());

type Kind = 'user' | 'astrologer';
const appOf = (kind: Kind) => (kind === 'user' ? stack.user : stack.astrologer);
const post = (app: Express, path: string, ip: string, body: object) => request(app).post(path).set('X-Forwarded-For', ip).send(body);
const signup = (kind: Kind, ip: string, phone: string, name = 'Asha Rao') => post(appOf(kind), `/api/${kind}/auth/signup`, ip, { phone, name });
const login = (kind: Kind, ip: string, phone: string) => post(appOf(kind), `/api/${kind}/auth/login`, ip, { phone });
const verify = (kind: Kind, ip: string, phone: string, code: string) => post(appOf(kind), `/api/${kind}/auth/verify`, ip, { phone, code });

/** Moves this phone's codes 31 s into the past (keeping their order), so the resend wait is over. */
const allowResend = (pool: Pool, phone: string) =>
  pool.query(`UPDATE otp_codes SET created_at = created_at - interval '31 seconds' WHERE phone = $1`, [phone]);

/** A code guaranteed to differ from `code`. */
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

const otpRows = async (phone: string) =>
  (await stack.db.pool.query<Record<string, unknown>>('SELECT * FROM otp_codes WHERE phone = $1 ORDER BY created_at', [phone])).rows;

const outboxCount = async (phone: string) =>
  (await stack.db.pool.query('SELECT 1 FROM sms_outbox WHERE to_phone = $1', [phone])).rowCount;

describe.each(['user', 'astrologer'] as const)('requesting a code at /api/%s/auth', (kind) => {
  it('answers a sign-up with 202, the masked number and the resend wait', async () => {
    const phone = randomPhone();
    const res = await signup(kind, randomIp(), phone).expect(202);
    expect(res.body).toEqual({ otpSentTo: `+91******${phone.slice(-4)}`, resendAfterSeconds: 30 });
  });

  it('answers a login with 202, the masked number and the resend wait', async () => {
    const me = await signUp(appOf(kind), stack.db.pool, kind);
    await allowResend(stack.db.pool, me.phone);
    const res = await login(kind, randomIp(), me.phone).expect(202);
    expect(res.body).toEqual({ otpSentTo: `+91******${me.phone.slice(-4)}`, resendAfterSeconds: 30 });
  });
});

describe('phone numbers', () => {
  it('normalises the ways people type a number to the same E.164 account', async () => {
    const ip = randomIp();
    const sent = await signup('user', ip, '98765 43210').expect(202);
    expect(sent.body.otpSentTo).toBe('+91******3210');
    const first = await verify('user', ip, '98765 43210', await latestSmsCode(stack.db.pool, '+919876543210')).expect(200);

    await allowResend(stack.db.pool, '+919876543210');
    await login('user', ip, '+91-98765-43210').expect(202);
    const second = await verify('user', ip, '+91 98765 43210', await latestSmsCode(stack.db.pool, '+919876543210')).expect(200);

    expect(second.body.user.id).toBe(first.body.user.id);
    const { rows } = await stack.db.pool.query('SELECT phone FROM identities WHERE id = $1', [first.body.user.id]);
    expect(rows).toEqual([{ phone: '+919876543210' }]);
  });

  it('rejects an invalid number with 400 invalid_phone and stores nothing', async () => {
    const ip = randomIp();
    expect((await signup('user', ip, '12345').expect(400)).body.code).toBe('invalid_phone');
    expect((await login('user', ip, '+91 12345').expect(400)).body.code).toBe('invalid_phone');
    const { rowCount } = await stack.db.pool.query('SELECT 1 FROM otp_codes WHERE requester_ip = $1', [ip]);
    expect(rowCount).toBe(0);
  });
});

describe('one-time codes', () => {
  it('sends a 6-digit code and stores only its keyed hash', async () => {
    const phone = randomPhone();
    await signup('user', randomIp(), phone).expect(202);
    const code = await latestSmsCode(stack.db.pool, phone);
    expect(code).toMatch(/^\d{6}$/);

    const [row, ...others] = await otpRows(phone);
    expect(others).toHaveLength(0);
    expect(row!.code_hash).toBe(hashCode(TEST_SECRETS.OTP_SECRET, phone, 'user', code));
    expect(JSON.stringify(row)).not.toMatch(new RegExp(`\\b${code}\\b`));
  });

  it('rejects a wrong code with 400 otp_invalid and counts the try', async () => {
    const ip = randomIp();
    const phone = randomPhone();
    await signup('user', ip, phone).expect(202);
    const wrong = wrongCode(await latestSmsCode(stack.db.pool, phone));

    const first = await verify('user', ip, phone, wrong).expect(400);
    expect(first.body).toMatchObject({ code: 'otp_invalid', attemptsLeft: 4 });
    const second = await verify('user', ip, phone, wrong).expect(400);
    expect(second.body).toMatchObject({ code: 'otp_invalid', attemptsLeft: 3 });
    expect((await otpRows(phone))[0]!.failed_attempts).toBe(2);
  });

  it('locks the code after 5 wrong tries, so even the right code then gets 429 otp_locked', async () => {
    const ip = randomIp();
    const phone = randomPhone();
    await signup('user', ip, phone).expect(202);
    const code = await latestSmsCode(stack.db.pool, phone);

    for (const attemptsLeft of [4, 3, 2, 1, 0]) {
      expect((await verify('user', ip, phone, wrongCode(code)).expect(400)).body.attemptsLeft).toBe(attemptsLeft);
    }
    const res = await verify('user', ip, phone, code).expect(429);
    expect(res.body.code).toBe('otp_locked');
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
  });

  it('rejects an expired code with 400 otp_expired', async () => {
    const ip = randomIp();
    const phone = randomPhone();
    await signup('user', ip, phone).expect(202);
    const code = await latestSmsCode(stack.db.pool, phone);
    await stack.db.pool.query(`UPDATE otp_codes SET expires_at = now() - interval '1 second' WHERE phone = $1`, [phone]);

    expect((await verify('user', ip, phone, code).expect(400)).body.code).toBe('otp_expired');
  });

  it('accepts a code only once', async () => {
    const ip = randomIp();
    const phone = randomPhone();
    await signup('user', ip, phone).expect(202);
    const code = await latestSmsCode(stack.db.pool, phone);
    await verify('user', ip, phone, code).expect(200);

    const again = await verify('user', ip, phone, code).expect(400);
    expect(again.body.code).toBe('otp_invalid');
    expect(again.body.accessToken).toBeUndefined();
  });

  it('refuses another code within 30 s with 429 otp_resend_too_soon and a Retry-After header', async () => {
    const ip = randomIp();
    const phone = randomPhone();
    await signup('user', ip, phone).expect(202);

    const res = await signup('user', ip, phone).expect(429);
    expect(res.body.code).toBe('otp_resend_too_soon');
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(await otpRows(phone)).toHaveLength(1);
    expect(await outboxCount(phone)).toBe(1);
  });

  it('lets a new code supersede the previous one', async () => {
    const ip = randomIp();
    const phone = randomPhone();
    await signup('user', ip, phone).expect(202);
    const oldCode = await latestSmsCode(stack.db.pool, phone);
    await allowResend(stack.db.pool, phone);
    await signup('user', ip, phone).expect(202);
    const newCode = await latestSmsCode(stack.db.pool, phone);

    // One chance in a million that the two codes are equal; then the old one is the new one.
    if (oldCode !== newCode) expect((await verify('user', ip, phone, oldCode).expect(400)).body.code).toBe('otp_invalid');
    await verify('user', ip, phone, newCode).expect(200);
    const rows = await otpRows(phone);
    expect(rows.map((r) => r.consumed_at !== null)).toEqual([true, true]);
  });
});

describe('accounts', () => {
  it('answers a login for an unknown number with 404 account_not_found', async () => {
    const phone = randomPhone();
    const res = await login('user', randomIp(), phone).expect(404);
    expect(res.body.code).toBe('account_not_found');
    expect(await otpRows(phone)).toHaveLength(0);
  });

  it('answers a sign-up for a registered number with 409 account_exists', async () => {
    const me = await signUp(stack.user, stack.db.pool, 'user');
    const res = await signup('user', randomIp(), me.phone).expect(409);
    expect(res.body.code).toBe('account_exists');
  });

  it('keeps customer and astrologer accounts of the same number apart', async () => {
    const me = await signUp(stack.user, stack.db.pool, 'user');
    expect((await login('astrologer', randomIp(), me.phone).expect(404)).body.code).toBe('account_not_found');
  });
});

describe('astrologer approval', () => {
  const listedIds = async () => {
    const res = await request(stack.user).get('/api/user/astrologers?limit=100').expect(200);
    return (res.body.items as { id: string }[]).map((a) => a.id);
  };

  async function signUpAstrologer() {
    const ip = randomIp();
    const phone = randomPhone();
    await signup('astrologer', ip, phone, 'Pandit Ravi').expect(202);
    const res = await verify('astrologer', ip, phone, await latestSmsCode(stack.db.pool, phone)).expect(200);
    return res.body as { accessToken: string; user: { id: string; kind: string; status?: string } };
  }

  it('creates an astrologer as pending, absent from the public listing', async () => {
    const { user } = await signUpAstrologer();
    expect(user).toMatchObject({ kind: 'astrologer', status: 'pending', roles: ['astrologer'] });
    expect(await listedIds()).not.toContain(user.id);
  });

  it('refuses approval by anyone but an admin with 403', async () => {
    const astrologer = await signUpAstrologer();
    const customer = await signUp(stack.user, stack.db.pool, 'user');
    for (const token of [customer.accessToken, astrologer.accessToken]) {
      const res = await request(stack.astrologer)
        .post(`/api/astrologer/admin/astrologers/${astrologer.user.id}/approve`)
        .set('Authorization', `Bearer ${token}`)
        .expect(403);
      expect(res.body.code).toBe('wrong_role');
    }
    expect(await listedIds()).not.toContain(astrologer.user.id);
  });

  it('lists an astrologer once an admin approves them', async () => {
    const { user } = await signUpAstrologer();
    const admin = await makeAdmin(stack, await signUp(stack.user, stack.db.pool, 'user'));
    const res = await request(stack.astrologer).post(`/api/astrologer/admin/astrologers/${user.id}/approve`).set(admin.auth).expect(200);
    expect(res.body).toMatchObject({ id: user.id, status: 'approved' });
    expect(await listedIds()).toContain(user.id);
  });
});

describe('configured test numbers', () => {
  it('sign up and log in with the fixed code, and no SMS is sent', async () => {
    const ip = randomIp();
    await signup('user', ip, TEST_NUMBER).expect(202);
    const created = await verify('user', ip, TEST_NUMBER, TEST_CODE).expect(200);
    await allowResend(stack.db.pool, TEST_NUMBER);
    await login('user', ip, TEST_NUMBER).expect(202);
    const loggedIn = await verify('user', ip, TEST_NUMBER, TEST_CODE).expect(200);

    expect(loggedIn.body.user.id).toBe(created.body.user.id);
    expect(await outboxCount(TEST_NUMBER)).toBe(0);
  });

  it('are refused in production at start-up', () => {
    const production = {
      NODE_ENV: 'production', DATABASE_URL: 'postgres://app@db.internal:5432/ap', ...TEST_SECRETS,
      SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'a'.repeat(32), TWILIO_FROM: '+15005550006',
      PAYMENT_GATEWAY: 'razorpay', RAZORPAY_KEY_ID: 'rzp_live_abc123', RAZORPAY_KEY_SECRET: 's'.repeat(24), RAZORPAY_WEBHOOK_SECRET: 'w'.repeat(24),
    };
    expect(() => parseEnv(serviceEnv(0), production)).not.toThrow();
    expect(() => parseEnv(serviceEnv(0), { ...production, TEST_OTP_NUMBERS: `${TEST_NUMBER}=${TEST_CODE}` })).toThrow(/TEST_OTP_NUMBERS/);
  });
});

describe('codeMatches', () => {
  const secret = TEST_SECRETS.OTP_SECRET;
  const phone = '+919876543210';
  const stored = hashCode(secret, phone, 'user', '012345');

  it('accepts the right code', () => {
    expect(codeMatches(secret, phone, 'user', '012345', stored)).toBe(true);
  });

  it('rejects a wrong code, or the right code for another phone, app or secret', () => {
    expect(codeMatches(secret, phone, 'user', '012346', stored)).toBe(false);
    expect(codeMatches(secret, '+919876543211', 'user', '012345', stored)).toBe(false);
    expect(codeMatches(secret, phone, 'astrologer', '012345', stored)).toBe(false);
    expect(codeMatches(`${secret}x`, phone, 'user', '012345', stored)).toBe(false);
  });

  it('rejects garbage stored hashes without throwing', () => {
    for (const garbage of ['', 'zz', 'abc', stored.slice(0, 62), `${stored}00`, 'g'.repeat(64), '012345']) {
      expect(codeMatches(secret, phone, 'user', '012345', garbage)).toBe(false);
    }
  });
});

describe('hourly limits', () => {
  let limited: TestStack;
  beforeAll(async () => {
    limited = await testStack({ OTP_PER_PHONE_PER_HOUR: '2', OTP_PER_IP_PER_HOUR: '3' });
  });
  afterAll(() => limited?.close());

  it('allows a phone only OTP_PER_PHONE_PER_HOUR codes, then 429 otp_rate_limited', async () => {
    const phone = randomPhone();
    for (let i = 0; i < 2; i++) {
      await post(limited.user, '/api/user/auth/signup', randomIp(), { phone, name: 'Asha' }).expect(202);
      await allowResend(limited.db.pool, phone);
    }
    const res = await post(limited.user, '/api/user/auth/signup', randomIp(), { phone, name: 'Asha' }).expect(429);
    expect(res.body.code).toBe('otp_rate_limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('allows an IP only OTP_PER_IP_PER_HOUR code requests, then 429 otp_rate_limited', async () => {
    const ip = randomIp();
    for (let i = 0; i < 3; i++) {
      await post(limited.user, '/api/user/auth/signup', ip, { phone: randomPhone(), name: 'Asha' }).expect(202);
    }
    const res = await post(limited.user, '/api/user/auth/signup', ip, { phone: randomPhone(), name: 'Asha' }).expect(429);
    expect(res.body.code).toBe('otp_rate_limited');
    await post(limited.user, '/api/user/auth/signup', randomIp(), { phone: randomPhone(), name: 'Asha' }).expect(202);
  });
});
