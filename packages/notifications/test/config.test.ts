import { parseEnv } from '@ap/core';
import { serviceEnv } from '@ap/platform';
import { describe, expect, it } from 'vitest';
import { generateVapidKeys, webPushConfigFromEnv } from '../src/index.js';
import { DEFAULT_PUSH_HOSTS } from '../src/rules.js';

const base = { DATABASE_URL: 'postgres://u@127.0.0.1:5432/db', JWT_SECRET: 'x'.repeat(32), OTP_SECRET: 'y'.repeat(32), PAYMENT_SANDBOX_SECRET: 'z'.repeat(32) };
const keys = generateVapidKeys();
const vapid = { VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey };
const parse = (env: Record<string, string>) => parseEnv(serviceEnv(3003), { ...base, ...env });

describe('Web Push configuration', () => {
  it('generates and keeps a development key pair when no VAPID keys are set outside production', () => {
    expect(webPushConfigFromEnv(parse({}))).toMatchObject({ keys: null, generateKeys: true, allowInsecureEndpoints: true, endpointHosts: null });
  });

  it('uses the configured keys and subject', () => {
    const config = webPushConfigFromEnv(parse({ ...vapid, VAPID_SUBJECT: 'mailto:ops@example.in' }));
    expect(config).toMatchObject({ keys: { publicKey: keys.publicKey, privateKey: keys.privateKey }, subject: 'mailto:ops@example.in' });
  });

  it('needs both keys or neither, each of the right length', () => {
    expect(() => parse({ VAPID_PUBLIC_KEY: keys.publicKey })).toThrow(/VAPID_PRIVATE_KEY: set both VAPID keys/);
    expect(() => parse({ ...vapid, VAPID_PUBLIC_KEY: keys.privateKey })).toThrow(/VAPID_PUBLIC_KEY/);
    expect(() => parse({ ...vapid, VAPID_SUBJECT: 'ops@example.in' })).toThrow(/VAPID_SUBJECT/);
  });

  it('in production, never generates keys, needs a subject with keys, and accepts only https endpoints', () => {
    const production = { NODE_ENV: 'production', SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`, TWILIO_AUTH_TOKEN: 't'.repeat(32), TWILIO_FROM: '+15005550006', PAYMENT_GATEWAY: 'razorpay', RAZORPAY_KEY_ID: 'rzp_live_abc123', RAZORPAY_KEY_SECRET: 's'.repeat(24), RAZORPAY_WEBHOOK_SECRET: 'w'.repeat(24) };
    expect(webPushConfigFromEnv(parse(production))).toMatchObject({ keys: null, generateKeys: false, allowInsecureEndpoints: false, endpointHosts: DEFAULT_PUSH_HOSTS });
    expect(() => parse({ ...production, ...vapid })).toThrow(/VAPID_SUBJECT: required/);
    expect(webPushConfigFromEnv(parse({ ...production, ...vapid, VAPID_SUBJECT: 'https://anytimepooja.example/contact' })).keys).not.toBeNull();
  });

  it('reads WEB_PUSH_HOSTS as the push services subscriptions may use, and refuses what is not a host', () => {
    expect(webPushConfigFromEnv(parse({ WEB_PUSH_HOSTS: 'push.example.in, *.ntfy.example.in' })).endpointHosts).toEqual(['push.example.in', '*.ntfy.example.in']);
    expect(() => parse({ WEB_PUSH_HOSTS: 'https://push.example.in' })).toThrow(/WEB_PUSH_HOSTS/);
    expect(() => parse({ WEB_PUSH_HOSTS: ' , ' })).toThrow(/WEB_PUSH_HOSTS/);
    expect(() => parse({ WEB_PUSH_HOSTS: 'localhost' })).toThrow(/WEB_PUSH_HOSTS/);
  });
});
