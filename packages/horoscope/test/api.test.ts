import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { people } from '../../../test/support/people.js';
import { randomIp, testStack, type TestStack } from '../../../test/support/app.js';

let stack: TestStack;
const make = people(() => stack.db.pool, () => stack.platform);
const api = () => request(stack.user);

beforeAll(async () => {
  stack = await testStack();
});
afterAll(() => stack.close());

const delhiBirth = { name: 'Asha', date: '1990-07-15', time: '10:30', place: 'New Delhi' };

describe('POST /api/user/kundli', () => {
  it('draws a Delhi chart from a place name, in IST', async () => {
    const res = await api().post('/api/user/kundli').set('X-Forwarded-For', randomIp()).send(delhiBirth).expect(200);
    expect(res.body).toMatchObject({
      id: null, name: 'Asha', moonSign: 'pisces', ascendant: { sign: 'virgo' }, nakshatra: { name: 'Revati', pada: 3 },
      birth: { utc: '1990-07-15T05:00:00.000Z', offsetMinutes: 330, basis: 'zone', timeZone: 'Asia/Kolkata' }, vara: 'Sunday', ayanamsa: { name: 'lahiri' },
    });
    expect(res.body.planets).toHaveLength(9);
    expect(res.body.dasha.mahadashas).toHaveLength(9);
    expect(res.body.dasha.mahadashas[0].start).toMatch(/\+05:30$/);
  });

  it('saves the chart for a signed-in customer, several per customer', async () => {
    const me = await make.customer(0);
    const a = await api().post('/api/user/kundli').set(me.auth).send(delhiBirth).expect(200);
    await api().post('/api/user/kundli').set(me.auth).send({ ...delhiBirth, name: 'Ravi', date: '1988-03-02', time: '06:10', place: 'Mumbai' }).expect(200);
    expect(a.body.id).toMatch(/^[0-9a-f-]{36}$/);
    const list = await api().get('/api/user/kundli').set(me.auth).expect(200);
    expect(list.body.items.map((c: { name: string }) => c.name)).toEqual(['Ravi', 'Asha']);
    const again = await api().get(`/api/user/kundli/${a.body.id}`).set(me.auth).expect(200);
    expect(again.body.planets).toEqual(a.body.planets);
    const other = await make.customer(0);
    await api().get(`/api/user/kundli/${a.body.id}`).set(other.auth).expect(404);
    await api().delete(`/api/user/kundli/${a.body.id}`).set(other.auth).expect(404);
    await api().delete(`/api/user/kundli/${a.body.id}`).set(me.auth).expect(204);
    expect((await api().get('/api/user/kundli').set(me.auth).expect(200)).body.items).toHaveLength(1);
  });

  it('names the time field when the clock skipped that hour (war time began 1 Sep 1942)', async () => {
    const res = await api().post('/api/user/kundli').send({ ...delhiBirth, date: '1942-09-01', time: '00:30' }).expect(400);
    expect(res.body).toMatchObject({ code: 'birth_time_nonexistent', errors: [{ path: 'time' }] });
    expect(res.body.candidates).toHaveLength(2);
  });

  it('names the time field when the hour happened twice, and accepts an explicit offset', async () => {
    const body = { ...delhiBirth, date: '1945-10-14', time: '23:30' };
    const res = await api().post('/api/user/kundli').send(body).expect(400);
    expect(res.body).toMatchObject({ code: 'birth_time_ambiguous', errors: [{ path: 'time' }] });
    const settled = await api().post('/api/user/kundli').send({ ...body, utcOffsetMinutes: 390 }).expect(200);
    expect(settled.body.birth).toMatchObject({ utc: '1945-10-14T17:00:00.000Z', basis: 'given_offset' });
  });

  it('writes dasha dates in the zone of the birth as it is at each date: a war-time birth (+06:30) has its later dashas at +05:30', async () => {
    const res = await api().post('/api/user/kundli').send({ ...delhiBirth, date: '1943-06-01', time: '10:00' }).expect(200);
    expect(res.body.birth).toMatchObject({ offsetMinutes: 390, timeZone: 'Asia/Kolkata' });
    const starts: string[] = res.body.dasha.mahadashas.map((m: { start: string }) => m.start);
    const later = starts.filter((s) => Date.parse(s) > Date.parse('1946-01-01T00:00:00Z'));
    expect(later.length).toBeGreaterThanOrEqual(7);
    for (const s of later) expect(s).toMatch(/\+05:30$/);
  });

  it('uses local mean time before 1900', async () => {
    const res = await api().post('/api/user/kundli').send({ ...delhiBirth, date: '1890-01-01', time: '12:00' }).expect(200);
    expect(res.body.birth.basis).toBe('local_mean_time');
  });

  it.each([
    [{ date: '1799-12-31' }, 'date'], [{ date: '2201-01-01' }, 'date'], [{ date: '2023-02-29' }, 'date'], [{ time: '25:00' }, 'time'],
    [{ place: undefined, lat: 95, lon: 77 }, 'lat'], [{ place: undefined, lat: 28, lon: 181 }, 'lon'], [{ place: undefined }, 'place'],
    [{ timeZone: 'Mars/Olympus' }, 'timeZone'], [{ ayanamsa: 'fagan' }, 'ayanamsa'],
  ])('refuses %o naming %s', async (change, field) => {
    const res = await api().post('/api/user/kundli').send({ ...delhiBirth, ...change }).expect(400);
    expect(JSON.stringify(res.body.errors)).toContain(`"${field}"`);
  });

  it('refuses a place it cannot find, naming the field', async () => {
    const res = await api().post('/api/user/kundli').send({ ...delhiBirth, place: 'Atlantis Under The Sea' }).expect(400);
    expect(res.body).toMatchObject({ code: 'place_not_found', errors: [{ path: 'place' }] });
  });
});

describe('the time zone of the place of birth', () => {
  const at = (lat: number, lon: number, date: string, time: string, extra: Record<string, unknown> = {}) =>
    api().post('/api/user/kundli').send({ name: 'Asha', date, time, lat, lon, ...extra }).expect(200).then((r) => r.body.birth);

  it.each([
    ['New York in summer (EDT)', 40.7128, -74.006, '1990-07-15', '10:30', 'America/New_York', '1990-07-15T14:30:00.000Z', -240],
    ['New York in winter (EST)', 40.7128, -74.006, '1990-01-15', '10:30', 'America/New_York', '1990-01-15T15:30:00.000Z', -300],
    ['New York the day after the clocks went forward (2021-03-14)', 40.7128, -74.006, '2021-03-15', '00:30', 'America/New_York', '2021-03-15T04:30:00.000Z', -240],
    ['London in summer (BST)', 51.5074, -0.1278, '1990-07-15', '10:30', 'Europe/London', '1990-07-15T09:30:00.000Z', 60],
    ['London in winter (GMT)', 51.5074, -0.1278, '1990-01-15', '10:30', 'Europe/London', '1990-01-15T10:30:00.000Z', 0],
    ['London in double summer time (1944)', 51.5074, -0.1278, '1944-06-15', '12:00', 'Europe/London', '1944-06-15T10:00:00.000Z', 120],
    ['London in British Standard Time all year (winter 1969)', 51.5074, -0.1278, '1969-01-15', '12:00', 'Europe/London', '1969-01-15T11:00:00.000Z', 60],
  ])('reads a birth in %s by its coordinates alone', async (_, lat, lon, date, time, zone, utc, offset) => {
    expect(await at(lat, lon, date, time)).toMatchObject({ timeZone: zone, utc, offsetMinutes: offset, basis: 'zone' });
  });

  it('takes the zone on the right side of a border (Madhubani, India, 25 km from Nepal; Birgunj, Nepal)', async () => {
    expect(await at(26.35367, 86.07169, '2000-01-01', '12:00')).toMatchObject({ timeZone: 'Asia/Kolkata', utc: '2000-01-01T06:30:00.000Z' });
    expect(await at(27.0104, 84.8773, '2000-01-01', '12:00')).toMatchObject({ timeZone: 'Asia/Kathmandu', utc: '2000-01-01T06:15:00.000Z' });
  });

  it('takes the nautical zone at sea (mid-Atlantic, 30° W: UTC−2)', async () => {
    expect(await at(0, -30, '2000-01-01', '12:00')).toMatchObject({ timeZone: 'Etc/GMT+2', utc: '2000-01-01T14:00:00.000Z', offsetMinutes: -120 });
  });

  it('uses the zone sent rather than that of the place', async () => {
    expect(await at(40.7128, -74.006, '1990-07-15', '10:30', { timeZone: 'Asia/Kolkata' })).toMatchObject({ timeZone: 'Asia/Kolkata', utc: '1990-07-15T05:00:00.000Z' });
  });

  it('saves the zone it derived with the chart, and reads the saved chart in it', async () => {
    const me = await make.customer(0);
    const drawn = await api().post('/api/user/kundli').set(me.auth).send({ name: 'Sam', date: '1990-07-15', time: '10:30', lat: 51.5074, lon: -0.1278 }).expect(200);
    const list = await api().get('/api/user/kundli').set(me.auth).expect(200);
    expect(list.body.items[0]).toMatchObject({ name: 'Sam', timeZone: 'Europe/London' });
    const again = await api().get(`/api/user/kundli/${drawn.body.id}`).set(me.auth).expect(200);
    expect(again.body.birth).toMatchObject({ timeZone: 'Europe/London', utc: '1990-07-15T09:30:00.000Z' });
  });
});

describe('POST /api/user/kundli/match', () => {
  it('gives the eight kootas out of 36 with a summary', async () => {
    const res = await api().post('/api/user/kundli/match').send({
      boy: { name: 'Ravi', date: '1988-03-02', time: '06:10', place: 'Mumbai' },
      girl: delhiBirth,
    }).expect(200);
    expect(res.body.kootas.map((k: { key: string }) => k.key)).toEqual(['varna', 'vashya', 'tara', 'yoni', 'graha_maitri', 'gana', 'bhakoot', 'nadi']);
    expect(res.body.max).toBe(36);
    expect(res.body.total).toBe(res.body.kootas.reduce((s: number, k: { points: number }) => s + k.points, 0));
    expect(res.body.summary).toContain('Ravi and Asha score');
    expect(res.body.girl).toMatchObject({ moonSign: 'pisces', nakshatra: { name: 'Revati' } });
  });

  it('takes my saved charts by id', async () => {
    const me = await make.customer(0);
    const a = await api().post('/api/user/kundli').set(me.auth).send(delhiBirth).expect(200);
    const b = await api().post('/api/user/kundli').set(me.auth).send({ ...delhiBirth, name: 'Ravi', place: 'Mumbai' }).expect(200);
    const res = await api().post('/api/user/kundli/match').set(me.auth).send({ boy: { chartId: b.body.id }, girl: { chartId: a.body.id } }).expect(200);
    expect(res.body.boy.name).toBe('Ravi');
    await api().post('/api/user/kundli/match').send({ boy: { chartId: b.body.id }, girl: { chartId: a.body.id } }).expect(400);
  });
});

describe('GET /api/user/panchang', () => {
  it("gives the day's limbs at sunrise with times in the zone", async () => {
    const res = await api().get('/api/user/panchang').query({ date: '2026-11-25', lat: 28.6139, lon: 77.209 }).expect(200);
    expect(res.body).toMatchObject({ date: '2026-11-25', vara: { en: 'Wednesday' }, tithi: { paksha: 'krishna', name: 'Pratipada' }, nakshatra: { name: 'Rohini' } });
    expect(res.body.sunrise).toMatch(/^2026-11-25T06:5\d:\d\d\+05:30$/);
  });

  it.each([[{ lat: 91, lon: 0 }, 'lat'], [{ lat: 0, lon: -181 }, 'lon'], [{ lat: 0, lon: 0, date: '2026-13-01' }, 'date'], [{ lon: 0 }, 'lat']])('refuses %o naming %s', async (q, field) => {
    const res = await api().get('/api/user/panchang').query(q).expect(400);
    expect(JSON.stringify(res.body.errors)).toContain(`"${field}"`);
  });
});

describe('GET /api/user/horoscope', () => {
  it('composes a daily builtin horoscope in English and Hindi, the same every time', async () => {
    const a = await api().get('/api/user/horoscope').query({ sign: 'aries', date: '2026-11-25' }).expect(200);
    const b = await api().get('/api/user/horoscope').query({ sign: 'aries', date: '2026-11-25' }).expect(200);
    expect(a.body).toMatchObject({ sign: 'aries', period: 'daily', start: '2026-11-25', source: 'builtin', author: null });
    expect(a.body.text.en).toContain('Aries');
    expect(a.body.text.hi).toContain('मेष');
    expect(a.body.text).toEqual(b.body.text);
    expect(a.body.lucky.number).toBeGreaterThanOrEqual(1);
    expect(a.body.lucky.time.start).toMatch(/\+05:30$/);
  });

  it('differs across signs and days', async () => {
    const texts = new Set<string>();
    for (const sign of ['aries', 'leo', 'pisces']) for (const date of ['2026-11-25', '2026-11-27']) {
      const res = await api().get('/api/user/horoscope').query({ sign, date }).expect(200);
      texts.add(res.body.text.en);
    }
    expect(texts.size).toBe(6);
  });

  it('gives weekly and monthly periods from Monday and the 1st', async () => {
    const w = await api().get('/api/user/horoscope').query({ sign: 'virgo', period: 'weekly', date: '2026-11-25' }).expect(200);
    expect(w.body).toMatchObject({ start: '2026-11-23', end: '2026-11-29' });
    const m = await api().get('/api/user/horoscope').query({ sign: 'virgo', period: 'monthly', date: '2026-11-25' }).expect(200);
    expect(m.body).toMatchObject({ start: '2026-11-01', end: '2026-11-30' });
    expect(m.body.text.en).toContain('this month');
  });

  it('uses my moon sign when I have a saved chart, and asks for a sign otherwise', async () => {
    await api().get('/api/user/horoscope').expect(400).expect((r) => expect(r.body.errors[0].path).toBe('sign'));
    const me = await make.customer(0);
    await api().post('/api/user/kundli').set(me.auth).send(delhiBirth).expect(200);
    const res = await api().get('/api/user/horoscope').set(me.auth).expect(200);
    expect(res.body.sign).toBe('pisces');
  });

  it('refuses an unknown sign or period naming the field', async () => {
    expect((await api().get('/api/user/horoscope').query({ sign: 'ophiuchus' }).expect(400)).body.errors[0].path).toBe('sign');
    expect((await api().get('/api/user/horoscope').query({ sign: 'leo', period: 'yearly' }).expect(400)).body.errors[0].path).toBe('period');
  });

  it('shows text an astrologer published, with their name; customers may not publish', async () => {
    const astrologer = await make.astrologer({ chat: 1000 }, { name: 'Pandit Sharma' });
    const text = { en: 'A calm week for Taurus: tend your garden and your savings.', hi: 'वृषभ राशि के लिए शांत सप्ताह: बगीचे और बचत का ध्यान रखें।' };
    await api().post('/api/user/horoscope/published').set(astrologer.auth).send({ sign: 'taurus', period: 'weekly', date: '2026-11-25', text }).expect(200);
    const res = await api().get('/api/user/horoscope').query({ sign: 'taurus', period: 'weekly', date: '2026-11-27' }).expect(200);
    expect(res.body).toMatchObject({ source: 'published', author: { name: 'Pandit Sharma' }, text });
    const customer = await make.customer(0);
    await api().post('/api/user/horoscope/published').set(customer.auth).send({ sign: 'taurus', period: 'weekly', date: '2026-11-25', text }).expect(403);
  });

  it('lets an admin publish under their own name, replacing the earlier text', async () => {
    const admin = await make.customer(0, { name: 'Admin Devi' });
    const token = await stack.platform.tokens.sign({ id: admin.id, kind: 'user', roles: ['user', 'admin'] });
    const text = { en: 'Gemini, this day favours short trips and honest talk with siblings.' };
    await api().post('/api/user/horoscope/published').set({ Authorization: `Bearer ${token}` }).send({ sign: 'gemini', period: 'daily', date: '2026-12-01', text }).expect(200);
    const res = await api().get('/api/user/horoscope').query({ sign: 'gemini', date: '2026-12-01' }).expect(200);
    expect(res.body).toMatchObject({ source: 'published', author: { name: 'Admin Devi' }, text: { en: text.en, hi: null } });
  });
});

describe('well-formed requests never fail with 500', () => {
  // Property test: random valid inputs over the whole supported range (1800–2200, any latitude and longitude).
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pad = (n: number) => String(n).padStart(2, '0');
  const randomDate = () => {
    const ms = Date.UTC(1800, 0, 1) + rnd() * (Date.UTC(2200, 11, 31) - Date.UTC(1800, 0, 1));
    return new Date(ms).toISOString().slice(0, 10);
  };
  const zones = ['Asia/Kolkata', 'America/New_York', 'Europe/London', 'Australia/Sydney', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham', 'UTC'];

  it('answers 200 at the edges of the supported range: poles, the date line, 1800 and 2200', async () => {
    for (const [lat, lon] of [[90, 0], [-90, 180], [0, -180], [89.9999, 179.9999], [-66.5, 0]] as const) {
      for (const [date, time] of [['1800-01-01', '00:00:00'], ['2200-12-31', '23:59:59'], ['2000-06-21', '12:00']]) {
        const k = await api().post('/api/user/kundli').set('X-Forwarded-For', randomIp()).send({ name: 'Edge', date, time, lat, lon, timeZone: 'UTC' });
        expect(k.status, JSON.stringify(k.body)).toBe(200);
        const p = await api().get('/api/user/panchang').query({ date, lat, lon, timeZone: 'UTC' });
        expect(p.status, JSON.stringify(p.body)).toBe(200);
      }
    }
    for (const period of ['daily', 'weekly', 'monthly']) {
      for (const date of ['1800-01-01', '2200-12-31']) await api().get('/api/user/horoscope').query({ sign: 'aries', period, date }).expect(200);
    }
  }, 60_000);

  it('answers 200 (or a 400 for a clock-change hour) for 60 random births, matches and panchangs', async () => {
    for (let i = 0; i < 60; i++) {
      const birth = () => ({
        name: `P${i}`, date: randomDate(), time: `${pad(Math.floor(rnd() * 24))}:${pad(Math.floor(rnd() * 60))}:${pad(Math.floor(rnd() * 60))}`,
        lat: Math.round((rnd() * 180 - 90) * 1e4) / 1e4, lon: Math.round((rnd() * 360 - 180) * 1e4) / 1e4,
        timeZone: zones[Math.floor(rnd() * zones.length)]!, ayanamsa: (['lahiri', 'raman', 'kp'] as const)[i % 3],
      });
      const k = await api().post('/api/user/kundli').set('X-Forwarded-For', randomIp()).send(birth());
      expect([200, 400], JSON.stringify(k.body)).toContain(k.status);
      if (k.status === 400) expect(k.body.code).toMatch(/^birth_time_/);
      const m = await api().post('/api/user/kundli/match').set('X-Forwarded-For', randomIp()).send({ boy: birth(), girl: birth() });
      expect([200, 400]).toContain(m.status);
      const b = birth();
      const p = await api().get('/api/user/panchang').query({ date: b.date, lat: b.lat, lon: b.lon, timeZone: b.timeZone });
      expect(p.status, JSON.stringify(p.body)).toBe(200);
      const h = await api().get('/api/user/horoscope').query({ sign: 'cancer', period: (['daily', 'weekly', 'monthly'] as const)[i % 3], date: b.date });
      expect(h.status, JSON.stringify(h.body)).toBe(200);
    }
  }, 120_000);
});
