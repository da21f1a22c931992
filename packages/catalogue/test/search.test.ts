import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { asService, type Pool } from '@ap/db';
import { makeAdmin, randomPhone, signUp, testStack, type SignedIn, type TestStack } from '../../../test/support/app.js';

type Gender = 'female' | 'male' | 'other';
type Presence = 'online' | 'busy' | 'offline';
type Status = 'pending' | 'approved' | 'suspended';

interface AstrologerSpec {
  displayName: string;
  bio: string;
  languages: string[];
  city: string | null;
  gender: Gender | null;
  experienceYears: number;
  priceChatPaise: number;
  priceCallPaise: number;
  priceVideoPaise: number;
  ratingAvg: number;
  ratingCount: number;
  presence: Presence;
  status: Status;
  verified: boolean;
  specialties: string[];
}

interface Made extends AstrologerSpec {
  id: string;
}

const SPECIALTIES: [slug: string, name: string][] = [
  ['tarot', 'Tarot'], ['vedic', 'Vedic'], ['kp', 'KP'], ['numerology', 'Numerology'], ['vastu', 'Vastu'], ['palmistry', 'Palmistry'],
];

const insertSpecialties = (pool: Pool) =>
  asService(pool, (tx) => tx.query(
    'INSERT INTO specialties (slug, name) SELECT * FROM unnest($1::text[], $2::text[])',
    [SPECIALTIES.map((s) => s[0]), SPECIALTIES.map((s) => s[1])],
  ));

/** An astrologer inserted directly (identity, profile, specialties): every field known, defaults for the rest. */
async function makeAstrologer(pool: Pool, overrides: Partial<AstrologerSpec> = {}): Promise<Made> {
  const a: AstrologerSpec = {
    displayName: `Astrologer ${randomBytes(3).toString('hex')}`, bio: '', languages: ['English'], city: null, gender: null,
    experienceYears: 1, priceChatPaise: 1000, priceCallPaise: 0, priceVideoPaise: 0, ratingAvg: 0, ratingCount: 0,
    presence: 'offline', status: 'approved', verified: false, specialties: [], ...overrides,
  };
  const id = await asService(pool, async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO identities (kind, phone, roles) VALUES ('astrologer', $1, '{astrologer}') RETURNING id`, [randomPhone()],
    );
    const astrologerId = rows[0]!.id;
    await tx.query(
      `INSERT INTO astrologers (id, display_name, bio, languages, city, gender, experience_years, price_chat_paise, price_call_paise,
                                price_video_paise, rating_avg, rating_count, presence, status, verified, approved_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, CASE WHEN $14 = 'pending' THEN NULL ELSE now() END)`,
      [astrologerId, a.displayName, a.bio, a.languages, a.city, a.gender, a.experienceYears, a.priceChatPaise, a.priceCallPaise,
        a.priceVideoPaise, a.ratingAvg, a.ratingCount, a.presence, a.status, a.verified],
    );
    if (a.specialties.length) {
      await tx.query('INSERT INTO astrologer_specialties (astrologer_id, specialty_slug) SELECT $1, unnest($2::text[])', [astrologerId, a.specialties]);
    }
    return astrologerId;
  });
  return { ...a, id };
}

/** Postgres orders uuids bytewise, which is the order of their lowercase hex text. */
const byIdDesc = <T extends { id: string }>(...xs: T[]) => [...xs].sort((x, y) => (x.id < y.id ? 1 : -1));
const byIdAsc = <T extends { id: string }>(...xs: T[]) => byIdDesc(...xs).reverse();

const cursorOf = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');

interface Card {
  id: string;
  verified: boolean;
  presence: Presence;
  isFavorite: boolean;
}
interface SearchPage {
  items: Card[];
  nextCursor: string | null;
}

type Query = Record<string, string | number>;

function searchAs(app: TestStack['user'], query: Query, auth?: SignedIn) {
  const req = request(app).get('/api/user/astrologers').query(query);
  return auth ? req.set(auth.auth) : req;
}

/** The one error of a 400, as [path, code]. */
const onlyError = (res: request.Response) =>
  (res.body.errors as { path: string; code: string }[]).map((e) => [e.path, e.code]);

// ---------------------------------------------------------------------------------------------------------------
// A fixed catalogue, never changed by these tests, so every filter and sort can be asserted as an exact list.
describe('searching a fixed catalogue', () => {
  let stack: TestStack;
  const SPEC = {
    meera: { displayName: 'Meera Iyer', bio: 'Card readings for love and career.', languages: ['Hindi', 'Tamil'], city: 'Chennai', gender: 'female',
      experienceYears: 12, priceChatPaise: 2000, priceCallPaise: 3000, priceVideoPaise: 0, ratingAvg: 4.8, ratingCount: 120, presence: 'online', specialties: ['tarot'] },
    arjun: { displayName: 'Arjun Shastri', bio: 'Birth chart analysis in the Parashari tradition, with vaastu remedies for the home.', languages: ['Hindi', 'Sanskrit'],
      city: 'Varanasi', gender: 'male', experienceYears: 25, priceChatPaise: 5000, priceCallPaise: 6000, priceVideoPaise: 8000, ratingAvg: 4.8, ratingCount: 300,
      presence: 'offline', specialties: ['vedic', 'kp'] },
    tara: { displayName: 'Tara Nair', bio: 'Intuitive guidance through cards and numbers.', languages: ['English', 'Malayalam'], city: 'Kochi', gender: 'female',
      experienceYears: 5, priceChatPaise: 1500, priceCallPaise: 0, priceVideoPaise: 4000, ratingAvg: 4.5, ratingCount: 40, presence: 'online', specialties: ['tarot', 'numerology'] },
    vikram: { displayName: 'Vikram Rao', bio: 'Home and office consultations.', languages: ['Telugu', 'English'], city: 'Hyderabad', gender: 'male',
      experienceYears: 18, priceChatPaise: 3000, priceCallPaise: 3000, priceVideoPaise: 0, ratingAvg: 4.2, ratingCount: 80, presence: 'busy', specialties: ['vastu'] },
    lakshmi: { displayName: 'Lakshmi Desai', bio: 'Name corrections and lucky dates.', languages: ['Gujarati', 'Hindi'], city: 'Ahmedabad', gender: 'female',
      experienceYears: 8, priceChatPaise: 1000, priceCallPaise: 2500, priceVideoPaise: 2500, ratingAvg: 3.9, ratingCount: 15, presence: 'offline', specialties: ['numerology'] },
    dev: { displayName: 'Dev Banerjee', bio: 'Reads palms and horoscopes.', languages: ['Bengali', 'Hindi'], city: 'Kolkata', gender: 'other',
      experienceYears: 30, priceChatPaise: 0, priceCallPaise: 4000, priceVideoPaise: 0, ratingAvg: 4.95, ratingCount: 10, presence: 'online', specialties: ['vedic', 'palmistry'] },
    kavya: { displayName: 'Kavya Menon', bio: 'Tarot spreads for students.', languages: ['English', 'Kannada'], city: 'Bengaluru', gender: 'female',
      experienceYears: 3, priceChatPaise: 2500, priceCallPaise: 0, priceVideoPaise: 0, ratingAvg: 0, ratingCount: 0, presence: 'offline', specialties: ['tarot'] },
    neel: { displayName: 'Neel Joshi', bio: 'Krishnamurti paddhati predictions.', languages: ['Marathi', 'Hindi'], city: 'Pune', gender: 'male',
      experienceYears: 12, priceChatPaise: 2000, priceCallPaise: 0, priceVideoPaise: 0, ratingAvg: 4.5, ratingCount: 40, presence: 'offline', specialties: ['kp'] },
    // Would top every list and match every query below, were they visible.
    pending: { displayName: 'Gayatri Pandey', bio: 'Tarot, vedic, vastu and palmistry, in Hindi.', languages: ['Hindi', 'English'], city: 'Chennai', gender: 'female',
      experienceYears: 40, priceChatPaise: 100, priceCallPaise: 100, priceVideoPaise: 100, ratingAvg: 5, ratingCount: 900, presence: 'online', status: 'pending',
      specialties: ['tarot', 'vedic', 'vastu', 'numerology', 'kp', 'palmistry'] },
    suspended: { displayName: 'Surya Mishra', bio: 'Tarot, vedic, vastu and palmistry, in Hindi.', languages: ['Hindi', 'English'], city: 'Kochi', gender: 'male',
      experienceYears: 40, priceChatPaise: 100, priceCallPaise: 100, priceVideoPaise: 100, ratingAvg: 5, ratingCount: 900, presence: 'online', status: 'suspended',
      specialties: ['tarot', 'vedic', 'vastu', 'numerology', 'kp', 'palmistry'] },
  } satisfies Record<string, Partial<AstrologerSpec>>;
  type Key = keyof typeof SPEC;
  const A = {} as Record<Key, Made>;
  const keyOf = new Map<string, Key>();

  beforeAll(async () => {
    stack = await testStack();
    await insertSpecialties(stack.db.pool);
    for (const [key, spec] of Object.entries(SPEC) as [Key, Partial<AstrologerSpec>][]) {
      A[key] = await makeAstrologer(stack.db.pool, spec);
      keyOf.set(A[key].id, key);
    }
  });
  afterAll(() => stack.close());

  const keysOf = (items: { id: string }[]) => items.map((c) => keyOf.get(c.id) ?? `unknown ${c.id}`);
  const keys = (...ks: (Key | Made[])[]) => ks.flatMap((k) => (typeof k === 'string' ? [k] : k.map((m) => keyOf.get(m.id)!)));

  async function found(query: Query, status = 200): Promise<string[]> {
    const res = await searchAs(stack.user, { limit: 100, ...query }).expect(status);
    return keysOf((res.body as SearchPage).items);
  }

  /** Who matches, whatever the order (the finding, not the ranking, is under test). */
  const foundSet = async (query: Query) => (await found(query)).sort();

  async function walk(query: Query): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const res = await searchAs(stack.user, { ...query, limit: 3, ...(cursor ? { cursor } : {}) }).expect(200);
      const page = res.body as SearchPage;
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...keysOf(page.items));
      cursor = page.nextCursor;
      if (!cursor) return seen;
    }
    throw new Error('pagination did not end');
  }

  // Expected orders; ties are broken by id, which is random, so those pairs are ordered at run time.
  const ORDERS = {
    rating: () => keys('dev', 'arjun', 'meera', byIdDesc(A.tara, A.neel), 'vikram', 'lakshmi', 'kavya'),
    price: () => keys('lakshmi', 'tara', byIdAsc(A.meera, A.neel), 'kavya', 'vikram', 'arjun'),
    priceCall: () => keys('lakshmi', byIdAsc(A.meera, A.vikram), 'dev', 'arjun'),
    experience: () => keys('dev', 'arjun', 'vikram', byIdDesc(A.meera, A.neel), 'lakshmi', 'tara', 'kavya'),
    popularity: () => keys('arjun', 'meera', 'vikram', byIdDesc(A.tara, A.neel), 'lakshmi', 'dev', 'kavya'),
    // relevance: equal scores for "hindi", then rating, then id (rating_count is not part of this key)
    relevanceHindi: () => keys('dev', byIdDesc(A.arjun, A.meera), 'neel', 'lakshmi'),
  };

  describe('filters', () => {
    it('lists every approved astrologer and no one else when nothing is filtered', async () => {
      expect(await found({})).toEqual(ORDERS.rating());
    });

    it('filters by one specialty', async () => {
      expect(await found({ specialty: 'tarot' })).toEqual(['meera', 'tara', 'kavya']);
    });

    it('filters by any of a comma-separated list of specialties', async () => {
      expect(await found({ specialty: 'vastu,numerology' })).toEqual(['tara', 'vikram', 'lakshmi']);
    });

    it('filters by language, ignoring case', async () => {
      const hindi = keys('dev', 'arjun', 'meera', 'neel', 'lakshmi');
      expect(await found({ language: 'hindi' })).toEqual(hindi);
      expect(await found({ language: 'HINDI' })).toEqual(hindi);
    });

    it('filters by mode, leaving out astrologers who do not offer it (price 0)', async () => {
      expect(await found({ mode: 'video' })).toEqual(['arjun', 'tara', 'lakshmi']);
      expect(await found({ mode: 'call' })).toEqual(['dev', 'arjun', 'meera', 'vikram', 'lakshmi']);
    });

    it('filters by a price range of the chosen mode, bounds included', async () => {
      expect(await found({ mode: 'call', minPricePaise: 3000, maxPricePaise: 4000 })).toEqual(['dev', 'meera', 'vikram']);
    });

    it('filters a price range on the chat price when no mode is given, leaving out those without chat', async () => {
      expect(await found({ minPricePaise: 1500, maxPricePaise: 2500 })).toEqual(keys('meera', byIdDesc(A.tara, A.neel), 'kavya'));
      expect(await found({ maxPricePaise: 1000 })).toEqual(['lakshmi']);
    });

    it('filters by minimum rating, bound included', async () => {
      expect(await found({ minRating: 4.5 })).toEqual(keys('dev', 'arjun', 'meera', byIdDesc(A.tara, A.neel)));
    });

    it('filters by gender', async () => {
      expect(await found({ gender: 'female' })).toEqual(['meera', 'tara', 'lakshmi', 'kavya']);
      expect(await found({ gender: 'other' })).toEqual(['dev']);
    });

    it('filters to astrologers online now', async () => {
      expect(await found({ online: 'true' })).toEqual(['dev', 'meera', 'tara']);
    });

    it('filters to astrologers not online now, busy ones included', async () => {
      expect(await found({ online: 'false' })).toEqual(['arjun', 'neel', 'vikram', 'lakshmi', 'kavya']);
    });

    it('combines filters with AND', async () => {
      expect(await found({ specialty: 'tarot', language: 'english' })).toEqual(['tara', 'kavya']);
      expect(await found({ gender: 'female', mode: 'video' })).toEqual(['tara', 'lakshmi']);
    });
  });

  describe('sorts', () => {
    it('sorts by rating, best first, then by rating count, then by id', async () => {
      expect(await found({ sort: 'rating' })).toEqual(ORDERS.rating());
    });

    it('sorts by chat price, cheapest first, without astrologers who do not chat', async () => {
      expect(await found({ sort: 'price' })).toEqual(ORDERS.price());
    });

    it('sorts by the price of the chosen mode', async () => {
      expect(await found({ sort: 'price', mode: 'call' })).toEqual(ORDERS.priceCall());
    });

    it('sorts by experience, longest first', async () => {
      expect(await found({ sort: 'experience' })).toEqual(ORDERS.experience());
    });

    it('sorts by popularity: most ratings first', async () => {
      expect(await found({ sort: 'popularity' })).toEqual(ORDERS.popularity());
    });

    it('sorts by relevance when there is a query, then by rating', async () => {
      expect(await found({ q: 'hindi' })).toEqual(ORDERS.relevanceHindi());
      expect(await found({ q: 'hindi', sort: 'relevance' })).toEqual(ORDERS.relevanceHindi());
    });

    it('ranks a closer match first under relevance, above a better rating', async () => {
      // Vikram offers Vastu (exact word); Arjun, rated higher, only mentions "vaastu" in his bio.
      expect(await found({ q: 'vastu' })).toEqual(['vikram', 'arjun']);
    });

    it('sorts a query by another order when asked', async () => {
      expect(await found({ q: 'vastu', sort: 'rating' })).toEqual(['arjun', 'vikram']);
    });
  });

  describe('free-text search', () => {
    it('finds Tarot readers despite a typo ("tarrot")', async () => {
      expect(await foundSet({ q: 'tarrot' })).toEqual(['kavya', 'meera', 'tara']);
    });

    it('finds Vedic astrologers despite a typo ("vedik")', async () => {
      expect(await foundSet({ q: 'vedik' })).toEqual(['arjun', 'dev']);
    });

    it('needs every word to match: "tarot hindi" finds only Tarot readers who speak Hindi', async () => {
      expect(await found({ q: 'tarot hindi' })).toEqual(['meera']);
    });

    it('finds an astrologer by a misspelt name', async () => {
      expect(await found({ q: 'Banerji' })).toEqual(['dev']);
    });

    it('searches the bio', async () => {
      expect(await found({ q: 'parashari' })).toEqual(['arjun']);
    });

    it('searches the city', async () => {
      expect(await found({ q: 'kochi' })).toEqual(['tara']);
    });

    it('returns an empty last page for a query that matches nothing', async () => {
      const res = await searchAs(stack.user, { q: 'zzyzx' }).expect(200);
      expect(res.body).toEqual({ items: [], nextCursor: null });
    });

    it('combines a query with filters', async () => {
      expect(await foundSet({ q: 'tarot', online: 'true' })).toEqual(['meera', 'tara']);
    });
  });

  describe('cursor pagination', () => {
    it.each([
      ['rating', {}, 'rating'],
      ['price', {}, 'price'],
      ['price', { mode: 'call' }, 'priceCall'],
      ['experience', {}, 'experience'],
      ['popularity', {}, 'popularity'],
      ['relevance', { q: 'hindi' }, 'relevanceHindi'],
    ] as const)('walks every page of sort=%s %o in pages of 3, each astrologer once, in order', async (sort, extra, order) => {
      expect(await walk({ sort, ...extra })).toEqual(ORDERS[order]());
    });

    it('gives no next cursor when a page ends exactly at the last match', async () => {
      const res = await searchAs(stack.user, { specialty: 'tarot', limit: 3 }).expect(200);
      expect(keysOf((res.body as SearchPage).items)).toEqual(['meera', 'tara', 'kavya']);
      expect(res.body.nextCursor).toBeNull();
    });

    it('refuses a cursor issued for another sort order', async () => {
      const first = await searchAs(stack.user, { sort: 'experience', limit: 2 }).expect(200);
      const res = await searchAs(stack.user, { sort: 'popularity', limit: 2, cursor: first.body.nextCursor }).expect(400);
      expect(res.body.code).toBe('invalid_cursor');
    });

    it('refuses a cursor of the default sort once a query changes the default', async () => {
      const first = await searchAs(stack.user, { limit: 2 }).expect(200);
      const res = await searchAs(stack.user, { q: 'hindi', limit: 2, cursor: first.body.nextCursor }).expect(400);
      expect(res.body.code).toBe('invalid_cursor');
    });

    it.each([
      ['not base64 JSON', 'rating', 'bm9wZQ'],
      ['wrong value types', 'rating', cursorOf(['rating', 'high', 3, '00000000-0000-4000-8000-000000000000'])],
      ['too few values', 'rating', cursorOf(['rating', 4.5])],
      ['an id that is not a uuid', 'rating', cursorOf(['rating', 4.5, 40, 'not-a-uuid'])],
      ['an out-of-range count', 'popularity', cursorOf(['popularity', 1e12, '00000000-0000-4000-8000-000000000000'])],
    ])('refuses a forged cursor (%s) with 400 invalid_cursor', async (_what, sort, cursor) => {
      const res = await searchAs(stack.user, { sort, cursor }).expect(400);
      expect(res.body.code).toBe('invalid_cursor');
    });
  });

  describe('unapproved astrologers', () => {
    it('never shows pending or suspended astrologers, whatever the sort, filter or query', async () => {
      const queries: Query[] = [
        {}, { sort: 'price' }, { sort: 'price', mode: 'video' }, { sort: 'experience' }, { sort: 'popularity' },
        { q: 'tarot' }, { q: 'gayatri' }, { q: 'surya mishra' }, { specialty: 'vastu' }, { language: 'hindi' },
        { online: 'true' }, { minRating: 5 }, { maxPricePaise: 500 },
      ];
      for (const query of queries) {
        const shown = await found(query);
        expect(shown, JSON.stringify(query)).not.toContain('pending');
        expect(shown, JSON.stringify(query)).not.toContain('suspended');
      }
      expect(await found({ q: 'gayatri pandey' })).toEqual([]);
      expect(await found({ minRating: 5 })).toEqual([]);
    });

    it('answers 404 for the profile of a pending astrologer', async () => {
      const res = await request(stack.user).get(`/api/user/astrologers/${A.pending.id}`).expect(404);
      expect(res.body.code).toBe('astrologer_not_found');
    });

    it('answers 404 for the profile of a suspended astrologer', async () => {
      const res = await request(stack.user).get(`/api/user/astrologers/${A.suspended.id}`).expect(404);
      expect(res.body.code).toBe('astrologer_not_found');
    });
  });

  describe('bad input', () => {
    it.each([
      ['an unknown sort', { sort: 'cheapest' }, 'sort', 'invalid_value'],
      ['an unknown mode', { mode: 'letter' }, 'mode', 'invalid_value'],
      ['an unknown gender', { gender: 'unknown' }, 'gender', 'invalid_value'],
      ['a negative price', { minPricePaise: -1 }, 'minPricePaise', 'too_small'],
      ['a maximum price below the minimum', { minPricePaise: 2000, maxPricePaise: 1999 }, 'maxPricePaise', 'custom'],
      ['a minimum rating above 5', { minRating: 6 }, 'minRating', 'too_big'],
      ['sort=relevance without q', { sort: 'relevance' }, 'sort', 'custom'],
      ['an unknown query parameter', { city: 'Pune' }, 'city', 'unknown_field'],
      ['limit 0', { limit: 0 }, 'limit', 'too_small'],
      ['limit 101', { limit: 101 }, 'limit', 'too_big'],
      ['online other than true/false', { online: 'yes' }, 'online', 'invalid_value'],
    ] as const)('refuses %s with 400 naming the field', async (_what, query, path, code) => {
      const res = await searchAs(stack.user, query).expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(onlyError(res)).toEqual([[path, code]]);
    });

    it('refuses an unknown specialty slug with 400 unknown_specialty', async () => {
      const res = await searchAs(stack.user, { specialty: 'tarot,crystal-gazing' }).expect(400);
      expect(res.body.code).toBe('unknown_specialty');
      expect(onlyError(res)).toEqual([['specialty', 'unknown_specialty']]);
      expect(res.body.errors[0].message).toContain('crystal-gazing');
    });

    it('accepts the inclusive bounds of limit (1 and 100)', async () => {
      expect((await searchAs(stack.user, { limit: 1 }).expect(200)).body.items).toHaveLength(1);
      expect((await searchAs(stack.user, { limit: 100 }).expect(200)).body.items).toHaveLength(8);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Tests that change the catalogue. Each scopes its searches with a language only its own astrologers speak.
describe('a changing catalogue', () => {
  let stack: TestStack;
  let admin: SignedIn;
  let customer: SignedIn;
  const tagLanguage = () => `Lang${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    stack = await testStack();
    await insertSpecialties(stack.db.pool);
    customer = await signUp(stack.user, stack.db.pool, 'user');
    admin = await makeAdmin(stack, await signUp(stack.user, stack.db.pool, 'user'));
  });
  afterAll(() => stack.close());

  const ids = (res: request.Response) => (res.body as SearchPage).items.map((c) => c.id);

  /** An astrologer who signed up through the API and whom an admin approved; speaks only `language`. */
  async function approvedSignUp(language: string, name = 'Pandit Test'): Promise<SignedIn> {
    const astro = await signUp(stack.astrologer, stack.db.pool, 'astrologer', { name });
    await request(stack.astrologer).put('/api/astrologer/profile').set(astro.auth)
      .send({ languages: [language], priceChatPaise: 1000 }).expect(200);
    await asService(stack.db.pool, (tx) => tx.query(`UPDATE astrologers SET status = 'approved', approved_at = now() WHERE id = $1`, [astro.id]));
    return astro;
  }

  describe('the search document follows edits', () => {
    it('finds an astrologer by a specialty they add and no longer by one they drop', async () => {
      const lang = tagLanguage();
      const astro = await approvedSignUp(lang);
      await request(stack.astrologer).put('/api/astrologer/profile').set(astro.auth).send({ specialties: ['tarot'] }).expect(200);
      expect(ids(await searchAs(stack.user, { q: 'tarrot', language: lang }).expect(200))).toEqual([astro.id]);

      await request(stack.astrologer).put('/api/astrologer/profile').set(astro.auth).send({ specialties: ['vastu', 'kp'] }).expect(200);
      expect(ids(await searchAs(stack.user, { q: 'tarot', language: lang }).expect(200))).toEqual([]);
      expect(ids(await searchAs(stack.user, { q: 'vastu', language: lang }).expect(200))).toEqual([astro.id]);
    });

    it('finds an astrologer by words of a new bio and no longer by the old one', async () => {
      const lang = tagLanguage();
      const astro = await approvedSignUp(lang);
      await request(stack.astrologer).put('/api/astrologer/profile').set(astro.auth).send({ bio: 'Gemstone advice for careers.' }).expect(200);
      expect(ids(await searchAs(stack.user, { q: 'gemstone', language: lang }).expect(200))).toEqual([astro.id]);

      await request(stack.astrologer).put('/api/astrologer/profile').set(astro.auth).send({ bio: 'Muhurta for weddings.' }).expect(200);
      expect(ids(await searchAs(stack.user, { q: 'gemstone', language: lang }).expect(200))).toEqual([]);
      expect(ids(await searchAs(stack.user, { q: 'muhurta', language: lang }).expect(200))).toEqual([astro.id]);
    });

    it('finds an astrologer by a new display name and city', async () => {
      const lang = tagLanguage();
      const astro = await approvedSignUp(lang, 'Harish Kulkarni');
      await request(stack.astrologer).put('/api/astrologer/profile').set(astro.auth).send({ displayName: 'Yogesh Upadhyay', city: 'Haridwar' }).expect(200);
      expect(ids(await searchAs(stack.user, { q: 'kulkarni', language: lang }).expect(200))).toEqual([]);
      expect(ids(await searchAs(stack.user, { q: 'upadhyay haridwar', language: lang }).expect(200))).toEqual([astro.id]);
    });
  });

  describe('cursor stability', () => {
    it('neither repeats nor skips anyone when an astrologer who sorts before the cursor is added between pages', async () => {
      const lang = tagLanguage();
      const original: Made[] = [];
      for (const ratingAvg of [4.9, 4.7, 4.5, 4.3, 4.1, 3.9]) original.push(await makeAstrologer(stack.db.pool, { languages: [lang], ratingAvg }));

      const first = await searchAs(stack.user, { language: lang, sort: 'rating', limit: 3 }).expect(200);
      expect(ids(first)).toEqual(original.slice(0, 3).map((a) => a.id));

      await makeAstrologer(stack.db.pool, { languages: [lang], ratingAvg: 5 });
      await makeAstrologer(stack.db.pool, { languages: [lang], ratingAvg: 4.6 });

      const second = await searchAs(stack.user, { language: lang, sort: 'rating', limit: 3, cursor: first.body.nextCursor }).expect(200);
      expect(ids(second)).toEqual(original.slice(3).map((a) => a.id));
      expect(second.body.nextCursor).toBeNull();
    });

    it('shows an astrologer added after the cursor on a later page', async () => {
      const lang = tagLanguage();
      const original: Made[] = [];
      for (const experienceYears of [30, 20, 10]) original.push(await makeAstrologer(stack.db.pool, { languages: [lang], experienceYears }));
      const first = await searchAs(stack.user, { language: lang, sort: 'experience', limit: 2 }).expect(200);
      const late = await makeAstrologer(stack.db.pool, { languages: [lang], experienceYears: 15 });
      const second = await searchAs(stack.user, { language: lang, sort: 'experience', limit: 2, cursor: first.body.nextCursor }).expect(200);
      expect(ids(second)).toEqual([late.id, original[2]!.id]);
    });
  });

  describe('an astrologer\'s profile page', () => {
    it('shows the card, bio, latest reviews without their writer, and next slots', async () => {
      const lang = tagLanguage();
      const astro = await makeAstrologer(stack.db.pool, {
        displayName: 'Padma Chaturvedi', bio: 'Thirty years of Vedic practice.', languages: [lang, 'Hindi'], city: 'Ujjain', gender: 'female',
        experienceYears: 30, priceChatPaise: 2500, priceCallPaise: 3500, priceVideoPaise: 0, ratingAvg: 4.5, ratingCount: 2,
        presence: 'online', verified: true, specialties: ['vedic', 'tarot'],
      });
      const reviews = await asService(stack.db.pool, async (tx) => {
        const made = [];
        for (const [rating, comment, at] of [[5, 'Spot on about my career.', '2026-11-01T10:00:00Z'], [4, null, '2026-11-02T10:00:00Z']] as const) {
          const c = await tx.query<{ id: string }>(
            `INSERT INTO consultations (user_id, astrologer_id, mode, kind, status, rate_paise, started_at, ended_at)
             VALUES ($1, $2, 'chat', 'instant', 'completed', 2500, $3::timestamptz - interval '20 minutes', $3) RETURNING id`,
            [customer.id, astro.id, at],
          );
          const r = await tx.query<{ id: string }>(
            `INSERT INTO reviews (consultation_id, user_id, astrologer_id, rating, comment, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
            [c.rows[0]!.id, customer.id, astro.id, rating, comment, at],
          );
          made.push({ id: r.rows[0]!.id, rating, comment, createdAt: new Date(at).toISOString(), reply: null });
        }
        return made;
      });

      const res = await request(stack.user).get(`/api/user/astrologers/${astro.id}`).expect(200);
      expect(res.body).toMatchObject({
        id: astro.id, displayName: 'Padma Chaturvedi', photoUrl: null, bio: 'Thirty years of Vedic practice.',
        specialties: [{ slug: 'tarot', name: 'Tarot' }, { slug: 'vedic', name: 'Vedic' }], languages: [lang, 'Hindi'],
        experienceYears: 30, gender: 'female', city: 'Ujjain', ratingAvg: 4.5, ratingCount: 2, ratingDistribution: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 1 },
        priceChatPaise: 2500, priceCallPaise: 3500, priceVideoPaise: 0, presence: 'online', verified: true, isFavorite: false,
        nextSlots: [],
      });
      expect(res.body.reviews).toEqual([reviews[1], reviews[0]]);
      expect(JSON.stringify(res.body)).not.toContain(customer.id);
    });

    it('tells a customer who follows the astrologer, and nobody else, that they do', async () => {
      const astro = await makeAstrologer(stack.db.pool, { languages: [tagLanguage()] });
      await request(stack.user).post('/api/user/favorites').set(customer.auth).send({ astrologerId: astro.id }).expect(200);
      const other = await signUp(stack.user, stack.db.pool, 'user');
      const path = `/api/user/astrologers/${astro.id}`;
      expect((await request(stack.user).get(path).expect(200)).body.isFavorite).toBe(false);
      expect((await request(stack.user).get(path).set(other.auth).expect(200)).body.isFavorite).toBe(false);
      expect((await request(stack.user).get(path).set(customer.auth).expect(200)).body.isFavorite).toBe(true);
      expect((await searchAs(stack.user, { language: astro.languages[0]! }, customer).expect(200)).body.items[0].isFavorite).toBe(true);
    });

    it('answers 404 for an unknown id and 400 for one that is not a uuid', async () => {
      expect((await request(stack.user).get('/api/user/astrologers/00000000-0000-4000-8000-000000000000').expect(404)).body.code).toBe('astrologer_not_found');
      const bad = await request(stack.user).get('/api/user/astrologers/42').expect(400);
      expect(onlyError(bad)).toEqual([['id', 'invalid_format']]);
    });
  });

  describe('presence', () => {
    it('lets an approved astrologer go online and offline, which search reflects', async () => {
      const lang = tagLanguage();
      const astro = await approvedSignUp(lang);
      const on = await request(stack.astrologer).put('/api/astrologer/status').set(astro.auth).send({ presence: 'online' }).expect(200);
      expect(on.body).toEqual({ presence: 'online' });
      expect(ids(await searchAs(stack.user, { language: lang, online: 'true' }).expect(200))).toEqual([astro.id]);

      const off = await request(stack.astrologer).put('/api/astrologer/status').set(astro.auth).send({ presence: 'offline' }).expect(200);
      expect(off.body).toEqual({ presence: 'offline' });
      expect(ids(await searchAs(stack.user, { language: lang, online: 'true' }).expect(200))).toEqual([]);
    });

    it('refuses to put a pending astrologer online with 409 not_approved', async () => {
      const astro = await signUp(stack.astrologer, stack.db.pool, 'astrologer');
      const res = await request(stack.astrologer).put('/api/astrologer/status').set(astro.auth).send({ presence: 'online' }).expect(409);
      expect(res.body.code).toBe('not_approved');
      const { rows } = await stack.db.pool.query('SELECT presence FROM astrologers WHERE id = $1', [astro.id]);
      expect(rows[0].presence).toBe('offline');
    });

    it('refuses to change the presence of an astrologer in a session with 409 in_session', async () => {
      const astro = await approvedSignUp(tagLanguage());
      await asService(stack.db.pool, (tx) => tx.query(`UPDATE astrologers SET presence = 'busy' WHERE id = $1`, [astro.id]));
      for (const presence of ['online', 'offline']) {
        const res = await request(stack.astrologer).put('/api/astrologer/status').set(astro.auth).send({ presence }).expect(409);
        expect(res.body.code).toBe('in_session');
      }
      const { rows } = await stack.db.pool.query('SELECT presence FROM astrologers WHERE id = $1', [astro.id]);
      expect(rows[0].presence).toBe('busy');
    });

    it('refuses presence "busy" from the client with 400', async () => {
      const astro = await approvedSignUp(tagLanguage());
      const res = await request(stack.astrologer).put('/api/astrologer/status').set(astro.auth).send({ presence: 'busy' }).expect(400);
      expect(onlyError(res)).toEqual([['presence', 'invalid_value']]);
    });

    it('refuses the presence toggle to a customer with 403', async () => {
      const res = await request(stack.astrologer).put('/api/astrologer/status').set(customer.auth).send({ presence: 'online' }).expect(403);
      expect(res.body.code).toBe('wrong_role');
    });
  });

  describe('administration', () => {
    it('lets an admin grant the verified badge, which search shows', async () => {
      const astro = await makeAstrologer(stack.db.pool, { languages: [tagLanguage()] });
      const res = await request(stack.astrologer).post(`/api/astrologer/admin/astrologers/${astro.id}/verify`).set(admin.auth).send({ verified: true }).expect(200);
      expect(res.body).toMatchObject({ id: astro.id, verified: true, status: 'approved' });
      const page = await searchAs(stack.user, { language: astro.languages[0]! }).expect(200);
      expect(page.body.items).toEqual([expect.objectContaining({ id: astro.id, verified: true })]);

      await request(stack.astrologer).post(`/api/astrologer/admin/astrologers/${astro.id}/verify`).set(admin.auth).send({ verified: false }).expect(200);
      expect((await searchAs(stack.user, { language: astro.languages[0]! }).expect(200)).body.items[0].verified).toBe(false);
    });

    it('refuses the verified badge to anyone but an admin with 403', async () => {
      const astro = await approvedSignUp(tagLanguage());
      for (const who of [customer, astro]) {
        const res = await request(stack.astrologer).post(`/api/astrologer/admin/astrologers/${astro.id}/verify`).set(who.auth).send({ verified: true }).expect(403);
        expect(res.body.code).toBe('wrong_role');
      }
      const { rows } = await stack.db.pool.query('SELECT verified FROM astrologers WHERE id = $1', [astro.id]);
      expect(rows[0].verified).toBe(false);
    });

    it('answers 404 for verifying an unknown astrologer', async () => {
      const res = await request(stack.astrologer).post('/api/astrologer/admin/astrologers/00000000-0000-4000-8000-000000000000/verify')
        .set(admin.auth).send({ verified: true }).expect(404);
      expect(res.body.code).toBe('astrologer_not_found');
    });

    it('lets an admin add a specialty that astrologers can then choose and customers filter by', async () => {
      const created = await request(stack.astrologer).post('/api/astrologer/admin/specialties').set(admin.auth)
        .send({ slug: 'crystal-healing', name: 'Crystal healing' }).expect(201);
      expect(created.body).toEqual({ slug: 'crystal-healing', name: 'Crystal healing' });

      const lang = tagLanguage();
      const astro = await approvedSignUp(lang);
      const profile = await request(stack.astrologer).put('/api/astrologer/profile').set(astro.auth).send({ specialties: ['crystal-healing'] }).expect(200);
      expect(profile.body.specialties).toEqual(['crystal-healing']);
      expect(ids(await searchAs(stack.user, { specialty: 'crystal-healing' }).expect(200))).toEqual([astro.id]);
      expect(ids(await searchAs(stack.user, { q: 'crystal', language: lang }).expect(200))).toEqual([astro.id]);
    });

    it('refuses a specialty whose slug or name exists with 409', async () => {
      for (const body of [{ slug: 'tarot', name: 'Tarot cards' }, { slug: 'tarot-cards', name: 'Tarot' }]) {
        const res = await request(stack.astrologer).post('/api/astrologer/admin/specialties').set(admin.auth).send(body).expect(409);
        expect(res.body.code).toBe('specialty_exists');
      }
      const { rows } = await stack.db.pool.query(`SELECT slug FROM specialties WHERE slug LIKE 'tarot%' OR name LIKE 'Tarot%'`);
      expect(rows).toEqual([{ slug: 'tarot' }]);
    });

    it('refuses adding a specialty to anyone but an admin with 403', async () => {
      const res = await request(stack.astrologer).post('/api/astrologer/admin/specialties').set(customer.auth).send({ slug: 'runes', name: 'Runes' }).expect(403);
      expect(res.body.code).toBe('wrong_role');
    });
  });
});
