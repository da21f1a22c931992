import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { everyDay, expect, recharge, test, uniqueName, useSessionIn, type Availability, type Session } from './support/fixtures';

const ZONE = 'Asia/Kolkata';
test.use({ timezoneId: ZONE });
const SHOTS = path.join(import.meta.dirname, 'screenshots');

const availability: Availability = {
  timeZone: ZONE,
  weekly: everyDay([{ start: '06:00', end: '22:00' }]),
  overrides: [],
  slotMinutes: 30,
  pricePaise: 20_000,
  bufferMinutes: 0,
  minNoticeMinutes: 60,
  horizonDays: 30,
};

const bearer = (s: Session) => ({ authorization: `Bearer ${s.accessToken}` });

/** Books the n-th free slot as the customer and lets the astrologer answer it: the product writes the notifications. */
async function bookAndAnswer(request: APIRequestContext, customer: Session, astrologer: Session & { id: string }, index: number, answer: 'confirmed' | 'declined') {
  const slots = await request.get(`/api/user/astrologers/${astrologer.id}/slots`, { params: { tz: ZONE } });
  expect(slots.status(), await slots.text()).toBe(200);
  const { slots: free } = (await slots.json()) as { slots: { start: string }[] };
  const slot = free[index];
  expect(slot, 'enough free slots').toBeTruthy();
  const booked = await request.post('/api/user/consultations/book', {
    headers: { ...bearer(customer), 'Idempotency-Key': `e2e-notify-${Date.now()}-${index}` },
    data: { astrologerId: astrologer.id, mode: 'chat', slotStart: slot!.start },
  });
  expect(booked.status(), await booked.text()).toBe(201);
  const { id } = (await booked.json()) as { id: string };
  const answered = await request.put(`/api/astrologer/consultation/${id}/status`, { headers: bearer(astrologer), data: { status: answer } });
  expect(answered.status(), await answered.text()).toBe(200);
}

test('a customer sees new booking notifications on the bell, opens them and marks them read', async ({ page, accounts, request }) => {
  const astrologerName = uniqueName('Pandit Keshav Mishra');
  const astrologer = await accounts.approvedAstrologer({ name: astrologerName, availability });
  const customer = await accounts.signUp('customer', { name: uniqueName('Meera Nair') });
  await recharge(request, customer, 100_000);

  await test.step('the astrologer confirms one booking and declines another', async () => {
    await bookAndAnswer(request, customer, astrologer, 0, 'confirmed');
    await bookAndAnswer(request, customer, astrologer, 1, 'declined');
  });

  const bell = page.getByRole('banner').getByRole('button', { name: /^Notifications/ });
  await test.step('the header bell shows 2 unread', async () => {
    await useSessionIn(page, 'customer', customer);
    await page.goto('/');
    await expect(bell).toHaveAccessibleName('Notifications, 2 unread');
    await expect(page.getByTestId('notification-badge')).toHaveText('2');
  });

  await test.step('the dropdown lists both, newest first', async () => {
    await bell.click();
    const latest = page.getByRole('list', { name: 'Latest notifications' }).getByRole('listitem');
    await expect(latest).toHaveCount(2);
    await expect(latest.nth(0)).toContainText(`${astrologerName} declined your booking`);
    await expect(latest.nth(0)).toContainText(/₹200(\.00)? is back in your wallet\./);
    await expect(latest.nth(1)).toContainText(`${astrologerName} confirmed your booking`);
    // The booking's time, written as an instant by the server, reads in the customer's zone.
    await expect(latest.nth(1)).toContainText(/Your chat is booked for \w{3}, \d{1,2} \w{3}, \d{1,2}:\d{2} (am|pm)\./);
    await page.screenshot({ path: path.join(SHOTS, 'desktop-notifications-bell.png') });
    await page.getByRole('link', { name: 'See all notifications' }).click();
    await expect(page).toHaveURL(/\/notifications$/);
  });

  await test.step('marking one read lowers the count on the page and on the bell', async () => {
    await expect(page.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible();
    await expect(page.getByTestId('notification-unread-summary')).toHaveText('2 unread');
    await expect(page.getByRole('switch', { name: 'Browser notifications' })).toHaveAttribute('aria-checked', 'false');
    await expect(page.getByText('Get booking updates and session requests on this device')).toBeVisible();
    const confirmed = page.getByRole('listitem', { name: `Unread: ${astrologerName} confirmed your booking` });
    await confirmed.getByRole('button', { name: 'Mark read' }).click();
    await expect(page.getByRole('listitem', { name: `${astrologerName} confirmed your booking`, exact: true })).toBeVisible();
    await expect(page.getByTestId('notification-unread-summary')).toHaveText('1 unread');
    await expect(bell).toHaveAccessibleName('Notifications, 1 unread');
    await page.screenshot({ path: path.join(SHOTS, 'desktop-notifications.png'), fullPage: true });
  });

  await test.step('mark all read clears the badge, and it stays cleared after a reload', async () => {
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await expect(page.getByTestId('notification-unread-summary')).toHaveText('You’re all caught up.');
    await expect(page.getByTestId('notification-badge')).toHaveCount(0);
    await page.reload();
    await expect(bell).toHaveAccessibleName('Notifications');
    await expect(page.getByTestId('notification-unread-summary')).toHaveText('You’re all caught up.');
    await expect(page.getByRole('listitem', { name: /^Unread:/ })).toHaveCount(0);
  });

  await test.step('a live notification (what the socket hands onLiveNotification) is prepended and bumps the count', async () => {
    const live = {
      id: '0b6f3c1e-2d4a-4b5c-9e8f-7a6b5c4d3e2f', kind: 'session.requested', title: 'Live: a chat request', body: '', data: {},
      url: '/notifications', readAt: null, createdAt: new Date().toISOString(),
    };
    await page.evaluate((n) => window.dispatchEvent(new CustomEvent('ap:notification', { detail: { type: 'new', notification: n } })), live);
    await page.evaluate((n) => window.dispatchEvent(new CustomEvent('ap:notification', { detail: { type: 'new', notification: n } })), live);
    await expect(bell).toHaveAccessibleName('Notifications, 1 unread');
    await expect(page.getByRole('list', { name: 'Notifications' }).getByRole('listitem').first()).toHaveAccessibleName('Unread: Live: a chat request');
    await expect(page.getByTestId('notification-unread-summary')).toHaveText('1 unread');
  });

  await test.step('a notification leads to the page it is about', async () => {
    await page.getByRole('link', { name: `${astrologerName} confirmed your booking` }).click();
    await expect(page).toHaveURL(/\/consultations$/);
  });
});

test('on a phone the bell opens a full-width panel under the header', async ({ page, accounts, request }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const astrologer = await accounts.approvedAstrologer({ name: uniqueName('Acharya Dev Sharma'), availability });
  const customer = await accounts.signUp('customer', { name: uniqueName('Kavya Iyer') });
  await recharge(request, customer, 100_000);
  await bookAndAnswer(request, customer, astrologer, 2, 'confirmed');

  await useSessionIn(page, 'customer', customer);
  await page.goto('/');
  const bell = page.getByRole('banner').getByRole('button', { name: 'Notifications, 1 unread' });
  await bell.click();
  const panel = page.getByRole('region', { name: 'Notifications' });
  await expect(panel.getByRole('listitem')).toHaveCount(1);
  const box = await panel.boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
  await page.screenshot({ path: path.join(SHOTS, 'phone-notifications-bell.png') });
  await panel.getByRole('button', { name: 'Mark all read' }).click();
  await expect(page.getByRole('banner').getByRole('button', { name: 'Notifications' })).toHaveAccessibleName('Notifications');
  await page.goto('/notifications');
  await expect(page.getByTestId('notification-unread-summary')).toHaveText('You’re all caught up.');
  await expect(page.getByRole('switch', { name: 'Browser notifications' })).toBeEnabled();
  await page.screenshot({ path: path.join(SHOTS, 'phone-notifications.png'), fullPage: true });
});

test('the service worker shows a pushed notification, its time in the reader\'s zone, set to open its page', async ({ page, context, accounts, baseURL }) => {
  const customer = await accounts.signUp('customer', { name: uniqueName('Ananya Rao') });
  await context.grantPermissions(['notifications']);
  await useSessionIn(page, 'customer', customer);
  await page.goto('/notifications');
  await expect(page.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible();

  // What the push service hands the browser: the JSON the communication service encrypted (see packages/notifications).
  const payload = {
    id: '3f1c2a4e-9b7d-4c11-8e2f-5a6b7c8d9e01', kind: 'booking.confirmed', title: 'Pandit Ji confirmed your booking',
    body: 'Your call is booked for 2026-12-07T04:30:00.000Z.', url: '/consultations', createdAt: new Date().toISOString(), data: {},
  };
  const cdp = await context.newCDPSession(page);
  const registered = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const reg = registrations.find((r) => r.scopeURL === `${new URL(baseURL!).origin}/` && !r.isDeleted);
      if (reg) resolve(reg.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  await page.evaluate(async () => {
    await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    await navigator.serviceWorker.ready;
  });
  const registrationId = await registered;
  const push = (data: object) => cdp.send('ServiceWorker.deliverPushMessage', { origin: new URL(baseURL!).origin, registrationId, data: JSON.stringify(data) });
  await push(payload);

  const shown = async () =>
    page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      return (await reg.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data as unknown }));
    });
  await expect.poll(shown).toEqual([
    { title: payload.title, body: 'Your call is booked for Mon, 7 Dec, 10:00 am.', tag: payload.id, data: { url: '/consultations', id: payload.id, kind: 'booking.confirmed' } },
  ]);

  // A link to another site is never followed: the notification opens the notifications page instead.
  const id = '3f1c2a4e-9b7d-4c11-8e2f-5a6b7c8d9e02';
  await push({ ...payload, id, title: 'Elsewhere', url: '//evil.example/x' });
  await expect.poll(async () => (await shown()).find((n) => n.tag === id)?.data).toEqual({ url: '/notifications', id, kind: 'booking.confirmed' });
});
