import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { signUp, testStack, type SignedIn, type TestStack } from '../../../test/support/app.js';

let stack: TestStack;
let priya: SignedIn;
let ravi: SignedIn;
let astro: SignedIn;
beforeAll(async () => {
  stack = await testStack();
  await stack.db.pool.query(`INSERT INTO specialties (slug, name) VALUES ('vedic', 'Vedic'), ('tarot', 'Tarot'), ('vastu', 'Vastu')`);
  priya = await signUp(stack.user, stack.db.pool, 'user', { name: 'Priya' });
  ravi = await signUp(stack.user, stack.db.pool, 'user', { name: 'Ravi' });
  astro = await signUp(stack.astrologer, stack.db.pool, 'astrologer', { name: 'Pandit Ji' });
});
afterAll(() => stack.close());

describe('customer profile', () => {
  it('returns my own profile with my phone number', async () => {
    const res = await request(stack.user).get('/api/user/profile').set(priya.auth).expect(200);
    expect(res.body).toMatchObject({ id: priya.id, phone: priya.phone, name: 'Priya', email: null, birthDate: null });
  });

  it('updates only the fields sent, and null clears one', async () => {
    await request(stack.user).put('/api/user/profile').set(priya.auth)
      .send({ email: 'priya@example.in', birthDate: '1994-08-17', birthTime: '06:45', birthPlace: 'Jaipur', birthLat: 26.91, birthLon: 75.79, birthTz: 'Asia/Kolkata', gender: 'female', language: 'hi' })
      .expect(200);
    const res = await request(stack.user).put('/api/user/profile').set(priya.auth).send({ email: null }).expect(200);
    expect(res.body).toMatchObject({
      name: 'Priya', email: null, birthDate: '1994-08-17', birthTime: '06:45', birthPlace: 'Jaipur',
      birthLat: 26.91, birthLon: 75.79, birthTz: 'Asia/Kolkata', gender: 'female', language: 'hi',
    });
  });

  it('rejects bad values field by field and changes nothing', async () => {
    const before = (await request(stack.user).get('/api/user/profile').set(ravi.auth)).body;
    const res = await request(stack.user).put('/api/user/profile').set(ravi.auth)
      .send({ name: 'R', birthTz: 'Mars/Olympus', birthDate: '2999-01-01', birthTime: '25:00', email: 'nope' })
      .expect(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['birthDate', 'birthTime', 'birthTz', 'email']);
    expect((await request(stack.user).get('/api/user/profile').set(ravi.auth)).body).toEqual(before);
  });

  it('refuses fields that are not editable (no mass assignment)', async () => {
    const res = await request(stack.user).put('/api/user/profile').set(ravi.auth).send({ name: 'Ravi K', phone: '+919999999999', roles: ['admin'] }).expect(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['phone', 'roles']);
    const { rows } = await stack.db.pool.query('SELECT name FROM users WHERE id = $1', [ravi.id]);
    expect(rows[0].name).toBe('Ravi');
  });

  it('refuses an empty update', async () => {
    await request(stack.user).put('/api/user/profile').set(ravi.auth).send({}).expect(400);
  });

  it("answers 404 for another customer's profile, as for a missing one", async () => {
    const other = await request(stack.user).get(`/api/user/users/${ravi.id}`).set(priya.auth).expect(404);
    const missing = await request(stack.user).get('/api/user/users/00000000-0000-4000-8000-000000000000').set(priya.auth).expect(404);
    expect(other.body.code).toBe(missing.body.code);
    await request(stack.user).get(`/api/user/users/${priya.id}`).set(priya.auth).expect(200);
  });

  it('answers 400 for a malformed id', async () => {
    const res = await request(stack.user).get('/api/user/users/not-a-uuid').set(priya.auth).expect(400);
    expect(res.body.errors[0]).toMatchObject({ in: 'params', path: 'id' });
  });
});

describe('astrologer practice profile', () => {
  it('starts pending with the name given at sign-up', async () => {
    const res = await request(stack.astrologer).get('/api/astrologer/profile').set(astro.auth).expect(200);
    expect(res.body).toMatchObject({ id: astro.id, displayName: 'Pandit Ji', status: 'pending', verified: false, specialties: [] });
  });

  it('updates bio, languages, prices and specialties', async () => {
    const res = await request(stack.astrologer).put('/api/astrologer/profile').set(astro.auth)
      .send({ bio: 'Vedic astrologer', languages: ['Hindi', 'English'], experienceYears: 12, specialties: ['vedic', 'tarot'], priceChatPaise: 2500, priceCallPaise: 3000, priceVideoPaise: 0 })
      .expect(200);
    expect(res.body).toMatchObject({ bio: 'Vedic astrologer', languages: ['Hindi', 'English'], experienceYears: 12, specialties: ['tarot', 'vedic'], priceChatPaise: 2500 });
    const again = await request(stack.astrologer).put('/api/astrologer/profile').set(astro.auth).send({ specialties: ['vastu'] }).expect(200);
    expect(again.body.specialties).toEqual(['vastu']);
  });

  it('rejects an unknown specialty and keeps the old ones', async () => {
    const res = await request(stack.astrologer).put('/api/astrologer/profile').set(astro.auth).send({ specialties: ['vedic', 'black-magic'] }).expect(400);
    expect(res.body).toMatchObject({ code: 'unknown_specialty', specialties: ['black-magic'] });
    expect((await request(stack.astrologer).get('/api/astrologer/profile').set(astro.auth)).body.specialties).toEqual(['vastu']);
  });

  it('sets in-person consultations and a coarse location, lat and lon together', async () => {
    const res = await request(stack.astrologer).put('/api/astrologer/profile').set(astro.auth)
      .send({ offersInPerson: true, city: 'Jaipur', lat: 26.91, lon: 75.79 }).expect(200);
    expect(res.body).toMatchObject({ offersInPerson: true, city: 'Jaipur', lat: 26.91, lon: 75.79 });
    const half = await request(stack.astrologer).put('/api/astrologer/profile').set(astro.auth).send({ lat: 10 }).expect(400);
    expect(half.body.errors[0]).toMatchObject({ path: 'lon' });
    await request(stack.astrologer).put('/api/astrologer/profile').set(astro.auth).send({ lat: 91, lon: 0 }).expect(400);
    const cleared = await request(stack.astrologer).put('/api/astrologer/profile').set(astro.auth).send({ lat: null, lon: null, offersInPerson: false }).expect(200);
    expect(cleared.body).toMatchObject({ offersInPerson: false, lat: null, lon: null });
  });

  it('rejects negative or fractional prices and self-approval', async () => {
    await request(stack.astrologer).put('/api/astrologer/profile').set(astro.auth).send({ priceChatPaise: -1 }).expect(400);
    await request(stack.astrologer).put('/api/astrologer/profile').set(astro.auth).send({ priceChatPaise: 10.5 }).expect(400);
    const res = await request(stack.astrologer).put('/api/astrologer/profile').set(astro.auth).send({ status: 'approved', verified: true }).expect(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['status', 'verified']);
  });
});
