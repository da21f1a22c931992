import path from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import type pg from 'pg';
import { dateIn, everyDay, expect, recharge, test, uniqueName, useSessionIn, type Availability, type Session } from './support/fixtures';

const ZONE = 'Asia/Kolkata';
test.use({ timezoneId: ZONE });

// Pictures for a person to look at (not compared): set PRACTICE_SHOTS=<dir> to keep them.
const SHOTS = process.env.PRACTICE_SHOTS;
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
async function shoot(page: Page, name: string) {
  if (!SHOTS) return;
  for (const [size, viewport] of Object.entries(SIZES)) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(300); // charts re-measure their container
    await page.screenshot({ path: path.join(SHOTS, `${size}-${name}.png`), fullPage: true });
  }
  await page.setViewportSize(SIZES.desktop);
}

/** Open every day, 09:00–21:00 Kolkata, ₹500 a 30-minute slot. */
const availability: Availability = {
  timeZone: ZONE, weekly: everyDay([{ start: '09:00', end: '21:00' }]), overrides: [], slotMinutes: 30, pricePaise: 50_000,
  bufferMinutes: 0, minNoticeMinutes: 60, horizonDays: 30,
};

const bearer = (s: Session) => ({ authorization: `Bearer ${s.accessToken}` });

async function ok<T>(res: Promise<import('@playwright/test').APIResponse>, status = 200): Promise<T> {
  const r = await res;
  expect(r.status(), `${r.url()} → ${await r.text()}`).toBe(status);
  return (await r.json()) as T;
}

/**
 * A practice with history, made through the product's own APIs: customers book slots and pay from their wallets,
 * the astrologer accepts (or declines), starts and completes them, and completion captures the price in the
 * ledger. The only direct SQL moves a booking's slot into the past (a slot cannot be booked there), so that the
 * astrologer may start it now, and dates one session three days back: history, not money.
 */
class Practice {
  constructor(
    private readonly request: APIRequestContext,
    private readonly db: pg.Pool,
    readonly astrologer: Session & { id: string },
  ) {}

  private slots: string[] = [];

  private async nextSlot(): Promise<string> {
    if (!this.slots.length) {
      const list = await ok<{ slots: { start: string }[] }>(this.request.get(`/api/user/astrologers/${this.astrologer.id}/slots?from=${dateIn(ZONE, 2)}&to=${dateIn(ZONE, 3)}`));
      this.slots = list.slots.map((s) => s.start);
    }
    return this.slots.shift()!;
  }

  async book(customer: Session, mode: 'chat' | 'call' | 'video' = 'call'): Promise<string> {
    const booking = await ok<{ id: string }>(this.request.post('/api/user/consultations/book', {
      headers: { ...bearer(customer), 'Idempotency-Key': `practice-${Date.now()}-${Math.random().toString(36).slice(2)}` },
      data: { astrologerId: this.astrologer.id, mode, slotStart: await this.nextSlot() },
    }), 201);
    return booking.id;
  }

  async move(id: string, status: string) {
    await ok(this.request.put(`/api/astrologer/consultation/${id}/status`, { headers: bearer(this.astrologer), data: { status } }));
  }

  /** Booked, accepted, held at a slot that began `minutesAgo` ago, started and completed: the price is captured. */
  async session(customer: Session, minutesAgo: number, mode: 'chat' | 'call' | 'video' = 'call'): Promise<string> {
    const id = await this.book(customer, mode);
    await this.move(id, 'confirmed');
    await this.db.query(
      `UPDATE consultations SET scheduled_start = now() - make_interval(mins => $2), scheduled_end = now() - make_interval(mins => $2) + interval '30 minutes'
        WHERE id = $1`, [id, minutesAgo]);
    await this.move(id, 'in_progress');
    await this.move(id, 'completed');
    return id;
  }

  /** Dates a finished session `days` back: requested, accepted, held and ended then. */
  async backdate(id: string, days: number) {
    await this.db.query(
      `UPDATE consultations SET requested_at = requested_at - make_interval(days => $2), accepted_at = accepted_at - make_interval(days => $2),
              scheduled_start = scheduled_start - make_interval(days => $2), scheduled_end = scheduled_end - make_interval(days => $2),
              started_at = scheduled_start - make_interval(days => $2), ended_at = scheduled_end - make_interval(days => $2)
        WHERE id = $1`, [id, days]);
  }
}

test('an astrologer with past sessions sees the day on the dashboard, keeps a note on a client, and reads the analytics charts', async ({ page, accounts, request, db }) => {
  const name = uniqueName('Acharya Vidya Bhushan');
  const astrologer = await accounts.approvedAstrologer({ name, availability });
  const practice = new Practice(request, db, astrologer);
  const radhaName = uniqueName('Radha Iyer');
  const vikramName = uniqueName('Vikram Sethi');
  const radha = await accounts.signUp('customer', { name: radhaName });
  const vikram = await accounts.signUp('customer', { name: vikramName });

  await test.step('history: Radha consulted three days ago and today, Vikram today; one of Vikram\'s requests was declined', async () => {
    await recharge(request, radha, 200_000);
    await recharge(request, vikram, 200_000);
    const past = await practice.session(radha, 200, 'chat');
    await practice.backdate(past, 3);
    const today = await practice.session(radha, 100, 'call');
    await practice.session(vikram, 40, 'chat');
    await practice.move(await practice.book(vikram), 'declined');
    await ok(request.post('/api/communication/feedback/reviews', {
      headers: bearer(radha), data: { consultationId: today, rating: 5, comment: 'Clear and kind guidance' },
    }), 201);
  });
  const earnings = await ok<{ periods: { today: { netPaise: number; grossPaise: number } } }>(request.get('/api/astrologer/earnings', { headers: bearer(astrologer) }));
  expect(earnings.periods.today.grossPaise).toBe(150_000);
  const netToday = `₹${(earnings.periods.today.netPaise / 100).toLocaleString('en-IN')}`;

  await useSessionIn(page, 'astrologer', astrologer);

  await test.step("the dashboard shows today's sessions and earnings, the rating and the new review", async () => {
    await page.goto('/astrologer');
    const tiles = page.getByTestId('dashboard-tiles');
    const figure = (label: string) => tiles.getByRole('region', { name: label }).locator('.earn-card__net');
    await expect(figure('Sessions today')).toHaveText('2');
    await expect(tiles.getByRole('region', { name: 'Sessions today' })).toContainText('60 min');
    await expect(figure('Earned today')).toHaveText(netToday);
    await expect(figure('Your rating')).toHaveText('5.0');
    await expect(figure('Waiting for you')).toHaveText('0');
    const today = page.getByRole('list', { name: "Today's sessions" });
    await expect(today.getByRole('listitem')).toHaveCount(2);
    await expect(today).toContainText(radhaName);
    await expect(today).toContainText(vikramName);
    await expect(page.getByRole('list', { name: 'Recent reviews' })).toContainText('Clear and kind guidance');
    await expect(page.getByText('Your profile is live')).toBeVisible(); // the profile and presence switch are still here
    await expect(page.locator('body')).not.toContainText(radha.phone);
    await shoot(page, 'practice-dashboard');
  });

  await test.step('the client list shows each customer with sessions and money spent, never a phone number', async () => {
    await page.getByRole('navigation', { name: 'Astrologer portal' }).getByRole('link', { name: 'Clients' }).click();
    await expect(page).toHaveURL(/\/astrologer\/clients$/);
    const list = page.getByRole('list', { name: 'Clients' });
    await expect(list.getByRole('listitem')).toHaveCount(2);
    const row = list.getByRole('listitem').filter({ hasText: radhaName });
    await expect(row).toContainText('2 sessions');
    await expect(row).toContainText('₹1,000');
    await expect(list.getByRole('listitem').filter({ hasText: vikramName })).toContainText('1 session');
    await expect(page.locator('body')).not.toContainText(radha.phone);
    await expect(page.locator('body')).not.toContainText(vikram.phone);
    await shoot(page, 'practice-clients');
  });

  await test.step('a private note on Radha is saved and is there after a reload', async () => {
    await page.getByRole('link', { name: radhaName }).click();
    await expect(page.getByRole('heading', { level: 1, name: radhaName })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Consultations with this client' }).getByRole('listitem')).toHaveCount(2);
    await page.getByLabel('Private note').fill('Asks about career; Saturn return next year. Prefers Tamil.');
    await page.getByRole('button', { name: 'Save note' }).click();
    await expect(page.getByText('Note saved.')).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('Private note')).toHaveValue('Asks about career; Saturn return next year. Prefers Tamil.');
    await shoot(page, 'practice-client');
    await page.goto('/astrologer/clients');
    await expect(page.getByRole('list', { name: 'Clients' }).getByRole('listitem').filter({ hasText: radhaName })).toContainText('Note');
  });

  await test.step('analytics: totals, repeat clients and acceptance, and the charts render', async () => {
    await page.getByRole('navigation', { name: 'Astrologer portal' }).getByRole('link', { name: 'Analytics' }).click();
    await expect(page).toHaveURL(/\/astrologer\/analytics$/);
    const total = (label: string) => page.getByRole('region', { name: label, exact: true }).locator('.earn-card__net');
    await expect(total('Sessions')).toHaveText('3');
    await expect(page.getByRole('region', { name: 'Sessions', exact: true })).toContainText('90 minutes');
    await expect(total('Repeat clients')).toHaveText('50%');
    await expect(total('Acceptance rate')).toHaveText('75%');
    await expect(total('Net earnings')).toHaveText(netToday);
    await expect(total('Average rating')).toHaveText('5.00');
    // Two days have sessions: three days ago and today.
    await expect(page.getByTestId('chart-sessions').locator('.recharts-bar-rectangle path, path.recharts-rectangle')).toHaveCount(2);
    await expect(page.getByTestId('chart-earnings').locator('.recharts-area-area')).toBeVisible();
    await expect(page.getByTestId('chart-rates').locator('.recharts-line-curve')).toHaveCount(2);
    await expect(page.getByTestId('chart-rating').locator('.recharts-line-dot')).toHaveCount(1); // one day with a review
    await shoot(page, 'practice-analytics');
    await page.getByRole('tab', { name: '12 weeks' }).click();
    await expect(page.getByText(/weeks start on Monday/)).toBeVisible();
    await expect(total('Sessions')).toHaveText('3');
  });
});

test('an admin sees completion rate, revenue, active users and the astrologer performance table', async ({ page, accounts, request, db }) => {
  const name = uniqueName('Jyotishi Meher');
  const astrologer = await accounts.approvedAstrologer({ name, availability });
  const practice = new Practice(request, db, astrologer);
  const customer = await accounts.signUp('customer', { name: uniqueName('Anil Rao') });
  await recharge(request, customer, 100_000);
  await practice.session(customer, 60);

  const admin = await accounts.logInAdmin();
  await useSessionIn(page, 'customer', admin);
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Business metrics' }).click();
  await expect(page).toHaveURL(/\/admin\/metrics$/);
  await expect(page.getByRole('region', { name: 'Completion rate' })).toContainText('%');
  await expect(page.getByRole('region', { name: 'GMV' })).toContainText('₹');
  await expect(page.getByRole('region', { name: 'Platform revenue' })).toContainText('₹');
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row.getByRole('cell').first()).toHaveText('1'); // sessions
  await expect(row).toContainText('₹500'); // gross
  await expect(row).toContainText('100%'); // acceptance
  await expect(page.getByTestId('chart-outcomes').locator('.recharts-surface')).toBeVisible();
  await shoot(page, 'admin-metrics');
});
