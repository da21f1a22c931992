import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { makeAdmin, signUp, testStack, type SignedIn, type TestStack } from '../../../test/support/app.js';
import { seed } from '../../../scripts/lib/seed.js';

let stack: TestStack;
let admin: SignedIn;
let customer: SignedIn;
beforeAll(async () => {
  stack = await testStack();
  await seed(stack.db.pool);
  customer = await signUp(stack.user, stack.db.pool, 'user');
  admin = await makeAdmin(stack, await signUp(stack.user, stack.db.pool, 'user'));
});
afterAll(() => stack.close());

async function allCards(): Promise<{ id: string; ratingAvg: number }[]> {
  const cards: { id: string; ratingAvg: number }[] = [];
  let cursor: string | null = null;
  do {
    const res: request.Response = await request(stack.user).get('/api/user/astrologers').query({ limit: 7, ...(cursor ? { cursor } : {}) }).expect(200);
    const page = res.body as { items: { id: string; ratingAvg: number }[]; nextCursor: string | null };
    cards.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return cards;
}

describe('astrologer catalogue', () => {
  it('lists approved astrologers without a login, best rated first, with card details', async () => {
    const res = await request(stack.user).get('/api/user/astrologers').query({ limit: 5 }).expect(200);
    expect(res.body.items).toHaveLength(5);
    const first = res.body.items[0];
    expect(first).toEqual(expect.objectContaining({
      displayName: expect.any(String), specialties: expect.arrayContaining([expect.objectContaining({ slug: expect.any(String), name: expect.any(String) })]),
      languages: expect.any(Array), ratingAvg: expect.any(Number), priceChatPaise: expect.any(Number), presence: expect.stringMatching(/online|busy|offline/),
    }));
    expect(first).not.toHaveProperty('phone');
    const ratings = res.body.items.map((c: { ratingAvg: number }) => c.ratingAvg);
    expect(ratings).toEqual([...ratings].sort((a, b) => b - a));
  });

  it('pages through every approved astrologer exactly once', async () => {
    const cards = await allCards();
    expect(cards.length).toBe(32);
    expect(new Set(cards.map((c) => c.id)).size).toBe(cards.length);
  });

  it('rejects a forged cursor and an out-of-range limit', async () => {
    expect((await request(stack.user).get('/api/user/astrologers').query({ cursor: 'bm9wZQ' }).expect(400)).body.code).toBe('invalid_cursor');
    await request(stack.user).get('/api/user/astrologers').query({ limit: 1000 }).expect(400);
    await request(stack.user).get('/api/user/astrologers').query({ sort: 'x' }).expect(400);
  });

  it('lists the specialties', async () => {
    const res = await request(stack.user).get('/api/user/specialties').expect(200);
    expect(res.body.items.map((s: { slug: string }) => s.slug)).toEqual(expect.arrayContaining(['vedic', 'kp', 'tarot', 'lal-kitab', 'life-coach']));
  });
});

describe('admin approval', () => {
  it('keeps a new astrologer out of listings until an admin approves them', async () => {
    const astro = await signUp(stack.astrologer, stack.db.pool, 'astrologer', { name: 'Newcomer Joshi' });
    expect((await allCards()).map((c) => c.id)).not.toContain(astro.id);

    const queue = await request(stack.astrologer).get('/api/astrologer/admin/astrologers').set(admin.auth).expect(200);
    expect(queue.body.items.map((a: { id: string }) => a.id)).toContain(astro.id);

    const approved = await request(stack.astrologer).post(`/api/astrologer/admin/astrologers/${astro.id}/approve`).set(admin.auth).expect(200);
    expect(approved.body).toMatchObject({ id: astro.id, status: 'approved' });
    expect((await allCards()).map((c) => c.id)).toContain(astro.id);
    const me = await request(stack.astrologer).get('/api/astrologer/profile').set(astro.auth).expect(200);
    expect(me.body.status).toBe('approved');
  });

  it('hides a suspended astrologer again', async () => {
    const astro = await signUp(stack.astrologer, stack.db.pool, 'astrologer');
    await request(stack.astrologer).post(`/api/astrologer/admin/astrologers/${astro.id}/approve`).set(admin.auth).expect(200);
    await request(stack.astrologer).post(`/api/astrologer/admin/astrologers/${astro.id}/suspend`).set(admin.auth).expect(200);
    expect((await allCards()).map((c) => c.id)).not.toContain(astro.id);
  });

  it('refuses moderation to customers and astrologers', async () => {
    const astro = await signUp(stack.astrologer, stack.db.pool, 'astrologer');
    const byCustomer = await request(stack.astrologer).post(`/api/astrologer/admin/astrologers/${astro.id}/approve`).set(customer.auth).expect(403);
    expect(byCustomer.body.code).toBe('wrong_role');
    await request(stack.astrologer).post(`/api/astrologer/admin/astrologers/${astro.id}/approve`).set(astro.auth).expect(403);
    await request(stack.astrologer).get('/api/astrologer/admin/astrologers').set(customer.auth).expect(403);
    const { rows } = await stack.db.pool.query('SELECT status FROM astrologers WHERE id = $1', [astro.id]);
    expect(rows[0].status).toBe('pending');
  });

  it('answers 404 for approving an unknown astrologer', async () => {
    const res = await request(stack.astrologer).post('/api/astrologer/admin/astrologers/00000000-0000-4000-8000-000000000000/approve').set(admin.auth).expect(404);
    expect(res.body.code).toBe('astrologer_not_found');
  });
});
