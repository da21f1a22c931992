import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { testStack, type TestStack } from '../../../test/support/app.js';
import { ExternalUnavailable, externalProvider, type ExternalConfig } from '../src/index.js';

/** A fake horoscope API on 127.0.0.1 whose behaviour each test sets: answer, be slow, or fail. */
let server: Server;
let base: string;
let mode: 'ok' | 'slow' | 'fail' | 'garbage' = 'ok';
let hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(`${req.url} key=${req.headers['x-api-key'] ?? ''}`);
    const url = new URL(req.url!, 'http://x');
    if (mode === 'fail') return void res.writeHead(503).end('down');
    if (mode === 'garbage') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}');
    const send = () => res.writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ data: { horoscope_data: `External says: ${url.searchParams.get('sign')} ${url.pathname.slice(1)} ${url.searchParams.get('day')}`, hindi: 'बाहरी राशिफल' } }));
    if (mode === 'slow') setTimeout(send, 1_000);
    else send();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  mode = 'ok';
  hits = [];
});

const config = (over: Partial<ExternalConfig> = {}): ExternalConfig => ({
  urlTemplate: `${base}/{period}?sign={sign}&day={date}`, apiKey: 'secret-key', apiKeyHeader: 'X-Api-Key', textPath: 'data.horoscope_data',
  timeoutMs: 200, cacheSeconds: 60, breakerFailures: 3, breakerCooldownSeconds: 30, ...over,
});

describe('external horoscope provider', () => {
  it('fills the URL template, sends the key and maps the answer by its dot path', async () => {
    const p = externalProvider(config());
    await expect(p.text('leo', 'daily', '2026-11-25')).resolves.toEqual({ en: 'External says: leo daily 2026-11-25', hi: null });
    expect(hits).toEqual(['/daily?sign=leo&day=2026-11-25 key=secret-key']);
  });

  it('reads Hindi text too when given its path', async () => {
    await expect(externalProvider(config({ textHiPath: 'data.hindi' })).text('leo', 'daily', '2026-11-25')).resolves.toMatchObject({ hi: 'बाहरी राशिफल' });
  });

  it('caches per sign, period and date', async () => {
    const p = externalProvider(config());
    await p.text('leo', 'daily', '2026-11-25');
    await p.text('leo', 'daily', '2026-11-25');
    await p.text('leo', 'weekly', '2026-11-23');
    await p.text('virgo', 'daily', '2026-11-25');
    expect(hits).toHaveLength(3);
  });

  it('gives up on a slow answer after the timeout', async () => {
    mode = 'slow';
    const p = externalProvider(config());
    const started = Date.now();
    await expect(p.text('leo', 'daily', '2026-11-25')).rejects.toBeInstanceOf(ExternalUnavailable);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('treats an answer without text at the path as a failure', async () => {
    mode = 'garbage';
    await expect(externalProvider(config()).text('leo', 'daily', '2026-11-25')).rejects.toThrow(/no text at data.horoscope_data/);
  });

  it('opens the circuit after repeated failures, then lets one trial through after the cooldown', async () => {
    mode = 'fail';
    let clock = 1_000_000;
    const p = externalProvider(config({ now: () => clock }));
    for (let i = 0; i < 3; i++) await expect(p.text('leo', 'daily', `2026-11-0${i + 1}`)).rejects.toThrow(/503/);
    expect(p.breakerState()).toBe('open');
    await expect(p.text('leo', 'daily', '2026-11-05')).rejects.toThrow(/circuit open/);
    expect(hits).toHaveLength(3);
    clock += 31_000;
    mode = 'ok';
    expect(p.breakerState()).toBe('half-open');
    await expect(p.text('leo', 'daily', '2026-11-05')).resolves.toMatchObject({ en: expect.stringContaining('leo') });
    expect(p.breakerState()).toBe('closed');
  });
});

describe('HOROSCOPE_PROVIDER=external through the API', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await testStack({
      HOROSCOPE_PROVIDER: 'external', HOROSCOPE_API_URL: `${base}/{period}?sign={sign}&day={date}`, HOROSCOPE_API_KEY: 'secret-key',
      HOROSCOPE_API_TEXT_PATH: 'data.horoscope_data', HOROSCOPE_API_TIMEOUT_MS: '200', HOROSCOPE_CACHE_SECONDS: '0', HOROSCOPE_BREAKER_FAILURES: '2',
    });
  });
  afterAll(() => stack.close());

  it("serves the provider's text", async () => {
    const res = await request(stack.user).get('/api/user/horoscope').query({ sign: 'gemini', date: '2026-11-25' }).expect(200);
    expect(res.body).toMatchObject({ source: 'external', text: { en: 'External says: gemini daily 2026-11-25', hi: null } });
  });

  it('falls back to the builtin text when the provider is slow or failing, and keeps answering once the circuit opens', async () => {
    mode = 'slow';
    const slow = await request(stack.user).get('/api/user/horoscope').query({ sign: 'gemini', date: '2026-11-26' }).expect(200);
    expect(slow.body.source).toBe('builtin');
    mode = 'fail';
    for (let i = 0; i < 3; i++) {
      const res = await request(stack.user).get('/api/user/horoscope').query({ sign: 'gemini', date: '2026-11-26' }).expect(200);
      expect(res.body).toMatchObject({ source: 'builtin', text: { hi: expect.stringContaining('मिथुन') } });
    }
    hits = [];
    await request(stack.user).get('/api/user/horoscope').query({ sign: 'gemini', date: '2026-11-27' }).expect(200);
    expect(hits).toEqual([]); // circuit open: no call at all
  });

  it('refuses to start without a URL when external is chosen', async () => {
    const { parseEnv } = await import('@ap/core');
    const { serviceEnv } = await import('@ap/platform');
    expect(() => parseEnv(serviceEnv(0), { DATABASE_URL: 'postgres://x@127.0.0.1/x', JWT_SECRET: 'x'.repeat(32), OTP_SECRET: 'x'.repeat(32), PAYMENT_SANDBOX_SECRET: 'x'.repeat(32), HOROSCOPE_PROVIDER: 'external' }))
      .toThrow(/HOROSCOPE_API_URL/);
  });
});
