import { EnvError, parseEnv } from '@ap/core';
import { describe, expect, it } from 'vitest';
import { serviceEnv } from '../src/env.js';

const base = { DATABASE_URL: 'postgres://u@127.0.0.1:5432/db', JWT_SECRET: 'x'.repeat(32), OTP_SECRET: 'y'.repeat(32), PAYMENT_SANDBOX_SECRET: 'z'.repeat(32) };
const realGateway = { PAYMENT_GATEWAY: 'razorpay', RAZORPAY_KEY_ID: 'rzp_live_abc123', RAZORPAY_KEY_SECRET: 's'.repeat(24), RAZORPAY_WEBHOOK_SECRET: 'w'.repeat(24) };

describe('service configuration', () => {
  it('applies defaults to a minimal environment', () => {
    const env = parseEnv(serviceEnv(3001), base);
    expect(env).toMatchObject({ PORT: 3001, SMS_PROVIDER: 'console', ACCESS_TOKEN_TTL_SECONDS: 900, BODY_LIMIT: '100kb' });
  });

  it('names every bad or missing setting at once', () => {
    const run = () => parseEnv(serviceEnv(3001), { DATABASE_URL: 'mysql://x', JWT_SECRET: 'short', PORT: 'eighty' });
    expect(run).toThrow(EnvError);
    try {
      run();
    } catch (err) {
      const msg = (err as Error).message;
      for (const name of ['DATABASE_URL', 'JWT_SECRET', 'OTP_SECRET', 'PORT']) expect(msg).toContain(name);
    }
  });

  it('parses test numbers and refuses them in production', () => {
    const env = parseEnv(serviceEnv(3001), { ...base, TEST_OTP_NUMBERS: '+919000000000=123456, +919000000001=654321' });
    expect(env.TEST_OTP_NUMBERS.get('+919000000001')).toBe('654321');
    expect(() => parseEnv(serviceEnv(3001), { ...base, TEST_OTP_NUMBERS: '+91900=12' })).toThrow(/TEST_OTP_NUMBERS/);
    expect(() => parseEnv(serviceEnv(3001), { ...base, ...realGateway, NODE_ENV: 'production', SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`, TWILIO_AUTH_TOKEN: 't'.repeat(32), TWILIO_FROM: '+15005550006', TEST_OTP_NUMBERS: '+919000000000=123456' }))
      .toThrow(/TEST_OTP_NUMBERS.*refused in production/);
  });

  it('refuses the sandbox payment gateway in production and needs each gateway\'s credentials', () => {
    expect(() => parseEnv(serviceEnv(3001), { ...base, NODE_ENV: 'production', SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`, TWILIO_AUTH_TOKEN: 't'.repeat(32), TWILIO_FROM: '+15005550006' }))
      .toThrow(/PAYMENT_GATEWAY/);
    expect(() => parseEnv(serviceEnv(3001), { ...base, PAYMENT_GATEWAY: 'razorpay' })).toThrow(/RAZORPAY_KEY_ID[\s\S]*RAZORPAY_KEY_SECRET[\s\S]*RAZORPAY_WEBHOOK_SECRET/);
    expect(() => parseEnv(serviceEnv(3001), { ...base, PAYMENT_GATEWAY: 'stripe' })).toThrow(/STRIPE_SECRET_KEY[\s\S]*STRIPE_WEBHOOK_SECRET/);
    const { PAYMENT_SANDBOX_SECRET: _omitted, ...noSandboxSecret } = base;
    expect(() => parseEnv(serviceEnv(3001), noSandboxSecret)).toThrow(/PAYMENT_SANDBOX_SECRET/);
  });

  it('refuses the console SMS provider in production and needs Twilio credentials for twilio', () => {
    expect(() => parseEnv(serviceEnv(3001), { ...base, NODE_ENV: 'production' })).toThrow(/SMS_PROVIDER/);
    expect(() => parseEnv(serviceEnv(3001), { ...base, SMS_PROVIDER: 'twilio' })).toThrow(/TWILIO_ACCOUNT_SID[\s\S]*TWILIO_AUTH_TOKEN[\s\S]*TWILIO_FROM/);
  });
});

describe('.env.example', () => {
  it('documents every variable the services read', async () => {
    const { readFile } = await import('node:fs/promises');
    const { platformEnv } = await import('../src/env.js');
    const text = await readFile(new URL('../../../.env.example', import.meta.url), 'utf8');
    const documented = new Set([...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const missing = [...Object.keys(platformEnv.shape), 'PORT', 'HOST'].filter((k) => !documented.has(k));
    expect(missing).toEqual([]);
  });
});
