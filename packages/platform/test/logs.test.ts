import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { parseEnv } from '@ap/core';
import { createPlatform, maskPersonalData, serviceEnv, type Platform } from '@ap/platform';
import { buildCommunicationApp } from '@ap/svc-communication';
import { buildUserApp } from '@ap/svc-user';
import type { Express } from 'express';
import { latestSmsCode, randomIp, randomPhone, TEST_SECRETS } from '../../../test/support/app.js';
import { testDb, type TestDb } from '../../../test/support/db.js';
import { people } from '../../../test/support/people.js';

describe('maskPersonalData', () => {
  it('masks phone numbers, keeping the country code and the last four digits', () => {
    expect(maskPersonalData('SMS to +919812345678: hello')).toBe('SMS to +91•••••5678: hello');
    expect(maskPersonalData('{"detail":"Key (phone)=(+91 98123 45678) already exists"}')).toBe('{"detail":"Key (phone)=(+91•••••5678) already exists"}');
    expect(maskPersonalData('to 9812345678 and 919812345678')).toBe('to •••••5678 and •••••5678');
  });

  it('masks email addresses, tokens and bearer credentials', () => {
    expect(maskPersonalData('mail asha.verma@example.co.in now')).toBe('mail a•••@example.co.in now');
    expect(maskPersonalData('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl')).toBe('[jwt]');
    expect(maskPersonalData('"authorization":"Bearer abc.def"')).toBe('"authorization":"Bearer [redacted]"');
    expect(maskPersonalData('rt=Zq3k9_Xw-4vB7nM2pL8sR1tY6uC0dE5fG3hJ9kL2mN4')).toBe('rt=[token]');
  });

  it('leaves ids, times, amounts and durations alone', () => {
    const line = '{"time":1795644203226,"pid":123456,"req":{"id":"75908ee0-5a6f-4fb2-ba71-5291af76c286"},"amountPaise":50000,"responseTime":7,"at":"2026-11-25T21:55:01+05:30"}';
    expect(maskPersonalData(line)).toBe(line);
  });
});

describe('service logs during sign-up, sign-in and a session request', () => {
  const lines: string[] = [];
  let db: TestDb;
  let platform: Platform;
  let user: Express;
  let communication: Express;
  const make = people(() => db.pool, () => platform);

  beforeAll(async () => {
    db = await testDb();
    const env = parseEnv(serviceEnv(0), {
      NODE_ENV: 'test', LOG_LEVEL: 'trace', DATABASE_URL: db.url, DATABASE_DIRECT_URL: db.directUrl, RATE_LIMIT_NAMESPACE: db.name,
      MEDIA_DIR: path.join(os.tmpdir(), `ap-media-${db.name}`), ...TEST_SECRETS,
    });
    platform = createPlatform(env, 'logs', { logDestination: { write: (line: string) => void lines.push(line) } });
    user = buildUserApp(platform);
    communication = buildCommunicationApp(platform);
  });
  afterAll(async () => {
    await platform.close();
    await db.close();
  });

  it('never writes a full phone number, one-time code or token', async () => {
    const phone = randomPhone();
    const ip = randomIp();
    await request(user).post('/api/user/auth/signup').set('X-Forwarded-For', ip).send({ phone, name: 'Asha Verma' }).expect(202);
    const signupCode = await latestSmsCode(db.pool, phone);
    const first = await request(user).post('/api/user/auth/verify').set('X-Forwarded-For', ip).send({ phone, code: signupCode }).expect(200);
    // Signing in again is a resend for the same number (refused within 30 s): an existing customer signs in instead.
    const returning = await make.customer(0);
    await request(user).post('/api/user/auth/login').set('X-Forwarded-For', ip).send({ phone: returning.phone }).expect(202);
    const loginCode = await latestSmsCode(db.pool, returning.phone);
    const second = await request(user).post('/api/user/auth/verify').set('X-Forwarded-For', ip).send({ phone: returning.phone, code: loginCode }).expect(200);
    const refreshed = await request(user).post('/api/user/auth/refresh').send({ refreshToken: second.body.refreshToken }).expect(200);
    // A reused refresh token is logged as a warning: it must not carry the token either.
    await request(user).post('/api/user/auth/refresh').send({ refreshToken: second.body.refreshToken }).expect(401);
    const customer = { id: returning.id, auth: { Authorization: `Bearer ${refreshed.body.accessToken}` } };
    await make.fund(customer.id, 50_000);
    const astrologer = await make.astrologer({ chat: 2_000 });
    await request(communication).post('/api/communication/sessions').set(customer.auth).send({ astrologerId: astrologer.id, mode: 'chat' }).expect(201);
    platform.logger.warn({ extra: { email: 'asha.verma@example.com' }, detail: `Key (phone)=(${phone}) already exists` }, `could not notify ${phone}`);

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(8);
    expect(log).toContain('"sms":true');
    expect(log).toContain(`+91•••••${phone.slice(-4)}`);
    const secrets = [
      phone, phone.slice(1), phone.slice(3), returning.phone, returning.phone.slice(3), signupCode, loginCode, 'asha.verma@example.com',
      first.body.accessToken, first.body.refreshToken, second.body.accessToken, second.body.refreshToken,
      refreshed.body.accessToken, refreshed.body.refreshToken,
    ] as string[];
    for (const secret of secrets) expect(log).not.toContain(secret);
  });
});
