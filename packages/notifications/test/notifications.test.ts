import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStack, type TestStack } from '../../../test/support/app.js';
import { insertNotificationRow, makePerson } from './support.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(() => stack.close());

const api = () => request(stack.communication);
const BASE = '/api/communication/notifications';

interface Page {
  items: { id: string; title: string; url: string; readAt: string | null }[];
  nextCursor: string | null;
  unreadCount: number;
}

describe('notification list and read state', () => {
  it('lists my notifications newest first with the unread count of all of them, not only the page', async () => {
    const me = await makePerson(stack);
    const other = await makePerson(stack);
    for (const title of ['first', 'second', 'third']) await insertNotificationRow(stack, me.id, { title });
    await insertNotificationRow(stack, other.id, { title: 'not mine' });

    const page = (await api().get(BASE).query({ limit: 2 }).set(me.auth).expect(200)).body as Page;
    expect(page.items.map((n) => n.title)).toEqual(['third', 'second']);
    expect(page.unreadCount).toBe(3);
    const rest = (await api().get(BASE).query({ limit: 2, cursor: page.nextCursor }).set(me.auth).expect(200)).body as Page;
    expect(rest.items.map((n) => n.title)).toEqual(['first']);
    expect(rest.nextCursor).toBeNull();
  });

  it('answers the unread count alone for the bell, counting only my unread ones', async () => {
    const me = await makePerson(stack);
    const a = await insertNotificationRow(stack, me.id);
    await insertNotificationRow(stack, me.id);
    await insertNotificationRow(stack, (await makePerson(stack)).id);
    await api().post(`${BASE}/${a}/read`).set(me.auth).expect(200);
    expect((await api().get(`${BASE}/unread-count`).set(me.auth).expect(200)).body).toEqual({ unreadCount: 1 });
  });

  it('marks all of mine read and leaves everyone else\'s unread', async () => {
    const me = await makePerson(stack);
    const other = await makePerson(stack);
    await insertNotificationRow(stack, me.id);
    await insertNotificationRow(stack, me.id);
    await insertNotificationRow(stack, other.id);

    expect((await api().post(`${BASE}/read-all`).set(me.auth).expect(200)).body).toEqual({ updated: 2, unreadCount: 0 });
    const page = (await api().get(BASE).set(me.auth).expect(200)).body as Page;
    expect(page.unreadCount).toBe(0);
    expect(page.items.every((n) => n.readAt !== null)).toBe(true);
    expect((await api().post(`${BASE}/read-all`).set(me.auth).expect(200)).body).toEqual({ updated: 0, unreadCount: 0 });
    expect((await api().get(`${BASE}/unread-count`).set(other.auth).expect(200)).body).toEqual({ unreadCount: 1 });
  });

  it('keeps the first read time when a notification is marked read again', async () => {
    const me = await makePerson(stack);
    const id = await insertNotificationRow(stack, me.id);
    const first = (await api().post(`${BASE}/${id}/read`).set(me.auth).expect(200)).body as { readAt: string };
    await api().post(`${BASE}/read-all`).set(me.auth).expect(200);
    const again = (await api().post(`${BASE}/${id}/read`).set(me.auth).expect(200)).body as { readAt: string };
    expect(again.readAt).toBe(first.readAt);
  });

  it('refuses to mark someone else\'s notification read, as if it did not exist', async () => {
    const me = await makePerson(stack);
    const theirs = await insertNotificationRow(stack, (await makePerson(stack)).id);
    const res = await api().post(`${BASE}/${theirs}/read`).set(me.auth).expect(404);
    expect(res.body).toMatchObject({ code: 'notification_not_found' });
  });

  it('needs a signed-in caller for the list, the count and read-all', async () => {
    await api().get(BASE).expect(401);
    await api().get(`${BASE}/unread-count`).expect(401);
    await api().post(`${BASE}/read-all`).expect(401);
  });

  it('links each notification to the page it is about, for customers and astrologers alike', async () => {
    const customer = await makePerson(stack, 'user');
    const astrologer = await makePerson(stack, 'astrologer');
    await insertNotificationRow(stack, customer.id, { kind: 'booking.confirmed' });
    await insertNotificationRow(stack, astrologer.id, { kind: 'booking.requested' });
    await insertNotificationRow(stack, customer.id, { kind: 'session.ended', data: { url: '/consultations/abc' } });
    await insertNotificationRow(stack, customer.id, { kind: 'review.new', data: { url: 'https://evil.example/' } });

    const mine = ((await api().get(BASE).set(customer.auth).expect(200)).body as Page).items.map((n) => n.url);
    expect(mine).toEqual(['/notifications', '/consultations/abc', '/consultations']);
    const theirs = ((await api().get(BASE).set(astrologer.auth).expect(200)).body as Page).items.map((n) => n.url);
    expect(theirs).toEqual(['/astrologer/requests']);
  });
});
