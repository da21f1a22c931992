import { parseEnv } from '@ap/core';
import { serviceEnv } from '@ap/platform';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomIp, randomPhone, testStack, TEST_SECRETS, type TestStack } from '../../../test/support/app.js';
import { SmsProviderError, twilioSms, type TwilioConfig } from '../src/index.js';
import { startFakeTwilio, type FakeTwilio } from './fake-twilio.js';

const FROM = '+15005550006';
const MESSAGING_SERVICE_SID = `MG${'a1'.repeat(16)}`;

let fake: FakeTwilio;
beforeAll(async () => {
  fake = await startFakeTwilio();
});
afterAll(() => fake?.close());

const sender = (overrides: Partial<TwilioConfig> = {}) =>
  twilioSms({ accountSid: fake.accountSid, authToken: fake.authToken, from: FROM, baseUrl: fake.baseUrl, ...overrides });

const requestsTo = (phone: string) => fake.requests.filter((r) => r.fields.some(([k, v]) => k === 'To' && v === phone));

async function sendError(promise: Promise<unknown>): Promise<SmsProviderError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(SmsProviderError);
  return err as SmsProviderError;
}

describe('twilioSms', () => {
  it('posts To, Body and From, form-encoded with Basic auth, to the Messages resource and returns the sid', async () => {
    const to = randomPhone();
    const result = await sender().send({ to, body: '123456 is your code' });

    const [sent, ...more] = requestsTo(to);
    expect(more).toHaveLength(0);
    expect(sent).toEqual({
      method: 'POST',
      path: `/2010-04-01/Accounts/${fake.accountSid}/Messages.json`,
      authorization: `Basic ${Buffer.from(`${fake.accountSid}:${fake.authToken}`).toString('base64')}`,
      contentType: expect.stringMatching(/^application\/x-www-form-urlencoded/),
      fields: expect.any(Array),
    });
    expect(Object.fromEntries(sent!.fields)).toEqual({ To: to, Body: '123456 is your code', From: FROM });
    expect(sent!.fields).toHaveLength(3);
    expect(result.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(result.providerMessageId).toBe(fake.messages.find((m) => m.to === to)!.sid);
  });

  it('sends MessagingServiceSid instead of From when a Messaging Service is configured', async () => {
    const to = randomPhone();
    await sender({ messagingServiceSid: MESSAGING_SERVICE_SID }).send({ to, body: 'hello' });

    expect(Object.fromEntries(requestsTo(to)[0]!.fields)).toEqual({ To: to, Body: 'hello', MessagingServiceSid: MESSAGING_SERVICE_SID });
  });

  it("throws SmsProviderError with Twilio's status and code when the number is refused (400)", async () => {
    const err = await sendError(sender().send({ to: '+15005550001', body: 'hello' }));
    expect(err.status).toBe(400);
    expect(err.providerCode).toBe(21211);
    expect(err.message).toContain("The 'To' number +15005550001 is not a valid phone number.");
  });

  it('throws SmsProviderError with status 401 and code 20003 for a wrong auth token', async () => {
    const err = await sendError(sender({ authToken: 'f'.repeat(32) }).send({ to: randomPhone(), body: 'hello' }));
    expect(err.status).toBe(401);
    expect(err.providerCode).toBe(20003);
  });

  it('throws SmsProviderError with the status alone when the answer is not JSON', async () => {
    fake.failNext(502, { html: true });
    const err = await sendError(sender().send({ to: randomPhone(), body: 'hello' }));
    expect(err.status).toBe(502);
    expect(err.providerCode).toBeUndefined();
  });
});

describe('sign-up with SMS_PROVIDER=twilio', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await testStack({
      SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: fake.accountSid, TWILIO_AUTH_TOKEN: fake.authToken, TWILIO_FROM: FROM,
      TWILIO_API_BASE_URL: fake.baseUrl,
    });
  });
  afterAll(() => stack?.close());

  const signup = (ip: string, phone: string) =>
    request(stack.user).post('/api/user/auth/signup').set('X-Forwarded-For', ip).send({ phone, name: 'Kavya Nair' });

  const codeSentTo = (phone: string) => {
    const sent = fake.messages.filter((m) => m.to === phone);
    expect(sent).toHaveLength(1);
    const code = /\b(\d{6})\b/.exec(sent[0]!.body)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    return code!;
  };

  it('texts a 6-digit code through Twilio that then verifies', async () => {
    const ip = randomIp();
    const phone = randomPhone();
    await signup(ip, phone).expect(202);
    const code = codeSentTo(phone);
    expect(fake.messages.find((m) => m.to === phone)!.from).toBe(FROM);

    const res = await request(stack.user).post('/api/user/auth/verify').set('X-Forwarded-For', ip).send({ phone, code }).expect(200);
    expect(res.body.user.name).toBe('Kavya Nair');
  });

  it('answers 503 sms_unavailable when Twilio fails, and a retry right after is not held back by the resend wait', async () => {
    const ip = randomIp();
    const phone = randomPhone();
    fake.failNext(500);
    expect((await signup(ip, phone).expect(503)).body.code).toBe('sms_unavailable');
    const { rowCount } = await stack.db.pool.query('SELECT 1 FROM otp_codes WHERE phone = $1', [phone]);
    expect(rowCount).toBe(0);

    await signup(ip, phone).expect(202);
    await request(stack.user).post('/api/user/auth/verify').set('X-Forwarded-For', ip).send({ phone, code: codeSentTo(phone) }).expect(200);
  });

  it('keeps no message bodies in sms_outbox', async () => {
    const phone = randomPhone();
    await signup(randomIp(), phone).expect(202);
    expect(fake.messages.filter((m) => m.to === phone)).toHaveLength(1);
    const { rows } = await stack.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM sms_outbox');
    expect(rows[0]!.n).toBe(0);
  });
});

describe('Twilio configuration', () => {
  const base = { DATABASE_URL: 'postgres://app@127.0.0.1:5432/ap', ...TEST_SECRETS, SMS_PROVIDER: 'twilio' };
  const twilio = { TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'a'.repeat(32), TWILIO_FROM: FROM };

  it('is accepted with an Account SID, an Auth Token and a sender', () => {
    expect(parseEnv(serviceEnv(0), { ...base, ...twilio }).SMS_PROVIDER).toBe('twilio');
  });

  it('is refused at start-up without TWILIO_ACCOUNT_SID, naming it', () => {
    const { TWILIO_ACCOUNT_SID: _omitted, ...rest } = twilio;
    expect(() => parseEnv(serviceEnv(0), { ...base, ...rest })).toThrow(/TWILIO_ACCOUNT_SID/);
  });
});
