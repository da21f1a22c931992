import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { randomIp, signUp, testStack, type TestStack } from '../../../test/support/app.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack({ BODY_LIMIT: '2kb' });
});
afterAll(() => stack.close());

describe('the HTTP app factory', () => {
  it('answers /healthz and /readyz on every service', async () => {
    for (const app of [stack.user, stack.astrologer, stack.communication]) {
      await request(app).get('/healthz').expect(200);
      const ready = await request(app).get('/readyz').expect(200);
      expect(ready.body.status).toBe('ready');
    }
  });

  it('rejects an unknown body field with 400 naming it, and changes nothing', async () => {
    const res = await request(stack.user)
      .post('/api/user/auth/signup')
      .set('X-Forwarded-For', randomIp())
      .send({ phone: '+919812345678', name: 'A', isAdmin: true })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ in: 'body', path: 'isAdmin', code: 'unknown_field' }));
    const { rowCount } = await stack.db.pool.query(`SELECT 1 FROM otp_codes WHERE phone = '+919812345678'`);
    expect(rowCount).toBe(0);
  });

  it('answers 413 for a body over the configured limit', async () => {
    const res = await request(stack.user)
      .post('/api/user/auth/signup')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ phone: '+919812345678', name: 'x'.repeat(5000) }))
      .expect(413);
    expect(res.body.code).toBe('payload_too_large');
  });

  it('answers 400 invalid_json for a malformed JSON body', async () => {
    const res = await request(stack.user).post('/api/user/auth/login').set('Content-Type', 'application/json').send('{"phone":').expect(400);
    expect(res.body.code).toBe('invalid_json');
  });

  it('answers problem+json 404 for an unknown route', async () => {
    const res = await request(stack.user).get('/api/user/nope').expect(404);
    expect(res.body).toMatchObject({ status: 404, code: 'route_not_found' });
  });

  it('echoes a request id, or makes one', async () => {
    const mine = await request(stack.user).get('/healthz').set('X-Request-Id', 'req-12345678');
    expect(mine.headers['x-request-id']).toBe('req-12345678');
    const made = await request(stack.user).get('/healthz');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets security headers and answers CORS only for allowed origins', async () => {
    const allowed = await request(stack.user).get('/api/user/specialties').set('Origin', 'http://localhost:3000');
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(allowed.headers['x-content-type-options']).toBe('nosniff');
    const other = await request(stack.user).get('/api/user/specialties').set('Origin', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('rejects a missing, garbled or forged token with 401', async () => {
    expect((await request(stack.user).get('/api/user/profile').expect(401)).body.code).toBe('token_missing');
    expect((await request(stack.user).get('/api/user/profile').set('Authorization', 'Bearer abc.def.ghi').expect(401)).body.code).toBe('token_invalid');
    expect((await request(stack.user).get('/api/user/profile').set('Authorization', 'Token xyz').expect(401)).body.code).toBe('token_invalid');
  });

  it('exports request latency by route template on /metrics', async () => {
    const me = await signUp(stack.user, stack.db.pool, 'user');
    await request(stack.user).get(`/api/user/users/${me.id}`).set(me.auth).expect(200);
    const text = (await request(stack.user).get('/metrics').expect(200)).text;
    expect(text).toContain('http_request_duration_seconds_bucket');
    expect(text).toContain('route="/api/user/users/:id"');
    expect(text).not.toContain(me.id);
    expect(text).toContain('db_pool_total_connections');
  });
});
