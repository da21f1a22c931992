import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { randomIp, randomPhone, testStack, type TestStack } from '../../../test/support/app.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack({ OTP_PER_PHONE_PER_HOUR: '50' });
});
afterAll(() => stack.close());

describe('the resend rule under concurrency', () => {
  it('sends one code for simultaneous requests for the same number', async () => {
    const phone = randomPhone();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => request(stack.user).post('/api/user/auth/signup').set('X-Forwarded-For', randomIp()).send({ phone, name: 'Racer' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([202, 429, 429, 429, 429, 429]);
    expect(results.filter((r) => r.status === 429).every((r) => r.body.code === 'otp_resend_too_soon')).toBe(true);
    const sms = await stack.db.pool.query('SELECT 1 FROM sms_outbox WHERE to_phone = $1', [phone]);
    const codes = await stack.db.pool.query('SELECT 1 FROM otp_codes WHERE phone = $1', [phone]);
    expect([sms.rowCount, codes.rowCount]).toEqual([1, 1]);
  });

  it('counts both apps against one hourly limit per number', async () => {
    const limited = await testStack({ OTP_PER_PHONE_PER_HOUR: '1' });
    try {
      const phone = randomPhone();
      await request(limited.user).post('/api/user/auth/signup').set('X-Forwarded-For', randomIp()).send({ phone, name: 'A' }).expect(202);
      const res = await request(limited.astrologer).post('/api/astrologer/auth/signup').set('X-Forwarded-For', randomIp()).send({ phone, name: 'A' }).expect(429);
      expect(res.body.code).toBe('otp_rate_limited');
    } finally {
      await limited.close();
    }
  });

  it('refuses a landline number, which can never receive an SMS', async () => {
    const res = await request(stack.user).post('/api/user/auth/signup').set('X-Forwarded-For', randomIp()).send({ phone: '+91 11 2338 6500', name: 'Office' }).expect(400);
    expect(res.body.code).toBe('invalid_phone');
  });
});
