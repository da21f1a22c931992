import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { asCaller, asService, type Pool } from '@ap/db';
import { randomPhone, signUp, testStack, type SignedIn, type TestStack } from '../../../test/support/app.js';

interface AstrologerSpec {
  displayName: string;
  languages: string[];
  priceChatPaise: number;
  ratingAvg: number;
  status: 'pending' | 'approved' | 'suspended';
  specialties: string[];
}

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
  await asService(stack.db.pool, (tx) => tx.query(`INSERT INTO specialties (slug, name) VALUES ('tarot', 'Tarot'), ('vedic', 'Vedic')`));
});
afterAll(() => stack.close());

/** An astrologer inserted directly: identity, profile, specialties. */
async function makeAstrologer(pool: Pool, overrides: Partial<AstrologerSpec> = {}): Promise<AstrologerSpec & { id: string }> {
  const a: AstrologerSpec = {
    displayName: `Astrologer ${randomBytes(3).toString('hex')}`, languages: ['Hindi'], priceChatPaise: 1500, ratingAvg: 4.5,
    status: 'approved', specialties: ['vedic'], ...overrides,
  };
  const id = await asService(pool, async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO identities (kind, phone, roles) VALUES ('astrologer', $1, '{astrologer}') RETURNING id`, [randomPhone()],
    );
    const astrologerId = rows[0]!.id;
    await tx.query(
      `INSERT INTO astrologers (id, display_name, languages, price_chat_paise, rating_avg, status, approved_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $6 = 'pending' THEN NULL ELSE now() END)`,
      [astrologerId, a.displayName, a.languages, a.priceChatPaise, a.ratingAvg, a.status],
    );
    await tx.query('INSERT INTO astrologer_specialties (astrologer_id, specialty_slug) SELECT $1, unnest($2::text[])', [astrologerId, a.specialties]);
    return astrologerId;
  });
  return { ...a, id };
}

const newCustomer = () => signUp(stack.user, stack.db.pool, 'user');
const follow = (who: SignedIn, astrologerId: string) => request(stack.user).post('/api/user/favorites').set(who.auth).send({ astrologerId });
const unfollow = (who: SignedIn, astrologerId: string) => request(stack.user).delete(`/api/user/favorites/${astrologerId}`).set(who.auth);
const listFavorites = (who: SignedIn, query: Record<string, string | number> = {}) =>
  request(stack.user).get('/api/user/favorites').set(who.auth).query(query);

async function storedFavorites(userId: string): Promise<string[]> {
  const { rows } = await stack.db.pool.query<{ astrologer_id: string }>('SELECT astrologer_id FROM favorites WHERE user_id = $1 ORDER BY created_at', [userId]);
  return rows.map((r) => r.astrologer_id);
}

const ids = (res: request.Response) => (res.body.items as { id: string }[]).map((c) => c.id);

describe('following astrologers', () => {
  it('stores a follow once however often it is sent', async () => {
    const customer = await newCustomer();
    const astro = await makeAstrologer(stack.db.pool);
    for (let i = 0; i < 2; i++) expect((await follow(customer, astro.id).expect(200)).body).toEqual({ astrologerId: astro.id, favorite: true });
    expect(await storedFavorites(customer.id)).toEqual([astro.id]);
  });

  it('answers 204 to every unfollow, the first removing the follow', async () => {
    const customer = await newCustomer();
    const astro = await makeAstrologer(stack.db.pool);
    await follow(customer, astro.id).expect(200);
    await unfollow(customer, astro.id).expect(204);
    expect(await storedFavorites(customer.id)).toEqual([]);
    await unfollow(customer, astro.id).expect(204);
  });

  it('lists followed astrologers as cards, most recently followed first, page by page', async () => {
    const customer = await newCustomer();
    const [a, b, c] = [
      await makeAstrologer(stack.db.pool, { displayName: 'Uma Bhatt', priceChatPaise: 1200, specialties: ['tarot'] }),
      await makeAstrologer(stack.db.pool, { displayName: 'Keshav Rao', priceChatPaise: 2200, specialties: ['vedic'] }),
      await makeAstrologer(stack.db.pool, { displayName: 'Jyoti Menon', priceChatPaise: 3200, specialties: ['tarot', 'vedic'] }),
    ];
    for (const astro of [a!, b!, c!]) await follow(customer, astro.id).expect(200);

    const first = await listFavorites(customer, { limit: 2 }).expect(200);
    expect(first.body.items).toEqual([
      expect.objectContaining({ id: c!.id, displayName: 'Jyoti Menon', priceChatPaise: 3200, isFavorite: true,
        specialties: [{ slug: 'tarot', name: 'Tarot' }, { slug: 'vedic', name: 'Vedic' }] }),
      expect.objectContaining({ id: b!.id, displayName: 'Keshav Rao', priceChatPaise: 2200, isFavorite: true, specialties: [{ slug: 'vedic', name: 'Vedic' }] }),
    ]);
    expect(first.body.nextCursor).toEqual(expect.any(String));

    const second = await listFavorites(customer, { limit: 2, cursor: first.body.nextCursor }).expect(200);
    expect(ids(second)).toEqual([a!.id]);
    expect(second.body.items[0]).toMatchObject({ displayName: 'Uma Bhatt', priceChatPaise: 1200, isFavorite: true });
    expect(second.body.nextCursor).toBeNull();
  });

  it('leaves an astrologer who was suspended after being followed out of the list', async () => {
    const customer = await newCustomer();
    const astro = await makeAstrologer(stack.db.pool);
    await follow(customer, astro.id).expect(200);
    await asService(stack.db.pool, (tx) => tx.query(`UPDATE astrologers SET status = 'suspended' WHERE id = $1`, [astro.id]));
    expect((await listFavorites(customer).expect(200)).body).toEqual({ items: [], nextCursor: null });
  });

  it('refuses to follow a pending astrologer with 404 and stores nothing', async () => {
    const customer = await newCustomer();
    const pending = await makeAstrologer(stack.db.pool, { status: 'pending' });
    expect((await follow(customer, pending.id).expect(404)).body.code).toBe('astrologer_not_found');
    expect(await storedFavorites(customer.id)).toEqual([]);
  });

  it('refuses to follow an unknown astrologer with 404', async () => {
    const customer = await newCustomer();
    expect((await follow(customer, '00000000-0000-4000-8000-000000000000').expect(404)).body.code).toBe('astrologer_not_found');
  });

  it('refuses favorites to an astrologer\'s token with 403', async () => {
    const astrologer = await signUp(stack.astrologer, stack.db.pool, 'astrologer');
    const other = await makeAstrologer(stack.db.pool);
    expect((await follow(astrologer, other.id).expect(403)).body.code).toBe('wrong_role');
    expect((await listFavorites(astrologer).expect(403)).body.code).toBe('wrong_role');
    expect((await unfollow(astrologer, other.id).expect(403)).body.code).toBe('wrong_role');
    const { rows } = await stack.db.pool.query('SELECT count(*)::int AS n FROM favorites WHERE astrologer_id = $1', [other.id]);
    expect(rows[0].n).toBe(0);
  });

  it('refuses favorites without a login with 401', async () => {
    expect((await request(stack.user).get('/api/user/favorites').expect(401)).body.code).toBe('token_missing');
  });

  it('refuses a body with anything but an astrologer id with 400', async () => {
    const customer = await newCustomer();
    const res = await request(stack.user).post('/api/user/favorites').set(customer.auth).send({ astrologerId: 'x', userId: customer.id }).expect(400);
    expect((res.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['astrologerId', 'userId']);
  });

  it('refuses a forged cursor with 400 invalid_cursor', async () => {
    const customer = await newCustomer();
    for (const cursor of ['bm9wZQ', Buffer.from(JSON.stringify(['yesterday', 'nobody'])).toString('base64url')]) {
      expect((await listFavorites(customer, { cursor }).expect(400)).body.code).toBe('invalid_cursor');
    }
  });
});

describe('privacy of favorites', () => {
  it('shows a customer only their own favorites', async () => {
    const [alice, bob] = [await newCustomer(), await newCustomer()];
    const astro = await makeAstrologer(stack.db.pool);
    await follow(alice, astro.id).expect(200);

    expect((await listFavorites(bob).expect(200)).body).toEqual({ items: [], nextCursor: null });
    expect((await request(stack.user).get(`/api/user/astrologers/${astro.id}`).set(bob.auth).expect(200)).body.isFavorite).toBe(false);
    const { rows } = await asCaller(stack.db.pool, { sub: bob.id, role: 'authenticated' }, (tx) => tx.query('SELECT user_id FROM favorites'));
    expect(rows).toEqual([]);
  });

  it('does not let a customer remove another customer\'s favorite', async () => {
    const [alice, bob] = [await newCustomer(), await newCustomer()];
    const astro = await makeAstrologer(stack.db.pool);
    await follow(alice, astro.id).expect(200);

    await unfollow(bob, astro.id).expect(204);
    const { rowCount } = await asCaller(stack.db.pool, { sub: bob.id, role: 'authenticated' }, (tx) =>
      tx.query('DELETE FROM favorites WHERE user_id = $1', [alice.id]));
    expect(rowCount).toBe(0);
    expect(await storedFavorites(alice.id)).toEqual([astro.id]);
    expect(ids(await listFavorites(alice).expect(200))).toEqual([astro.id]);
  });

  it('does not let a customer follow on another customer\'s behalf', async () => {
    const [alice, bob] = [await newCustomer(), await newCustomer()];
    const astro = await makeAstrologer(stack.db.pool);
    await expect(asCaller(stack.db.pool, { sub: bob.id, role: 'authenticated' }, (tx) =>
      tx.query('INSERT INTO favorites (user_id, astrologer_id) VALUES ($1, $2)', [alice.id, astro.id]))).rejects.toThrow(/row-level security/);
    expect(await storedFavorites(alice.id)).toEqual([]);
  });
});

describe('followers', () => {
  it('tells an astrologer how many customers follow them, not who', async () => {
    const astro = await signUp(stack.astrologer, stack.db.pool, 'astrologer');
    await asService(stack.db.pool, (tx) => tx.query(`UPDATE astrologers SET status = 'approved', approved_at = now() WHERE id = $1`, [astro.id]));
    const followers = async () => (await request(stack.astrologer).get('/api/astrologer/followers').set(astro.auth).expect(200)).body;
    expect(await followers()).toEqual({ count: 0 });

    const [alice, bob] = [await newCustomer(), await newCustomer()];
    await follow(alice, astro.id).expect(200);
    await follow(bob, astro.id).expect(200);
    await follow(bob, (await makeAstrologer(stack.db.pool)).id).expect(200);
    expect(await followers()).toEqual({ count: 2 });

    await unfollow(alice, astro.id).expect(204);
    expect(await followers()).toEqual({ count: 1 });
  });

  it('does not let an astrologer read the favorites table directly', async () => {
    const astro = await makeAstrologer(stack.db.pool);
    await follow(await newCustomer(), astro.id).expect(200);
    const { rows } = await asCaller(stack.db.pool, { sub: astro.id, role: 'authenticated' }, (tx) => tx.query('SELECT user_id FROM favorites'));
    expect(rows).toEqual([]);
  });

  it('refuses the follower count to a customer with 403', async () => {
    const customer = await newCustomer();
    expect((await request(stack.astrologer).get('/api/astrologer/followers').set(customer.auth).expect(403)).body.code).toBe('wrong_role');
  });
});
