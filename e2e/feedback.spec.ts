import type { APIRequestContext, Page } from '@playwright/test';
import type pg from 'pg';
import { dateIn, everyDay, expect, recharge, test, uniqueName, useSessionIn, type Accounts, type Session } from './support/fixtures';

const ZONE = 'Asia/Kolkata';
test.use({ timezoneId: ZONE });

const PHONE = { width: 390, height: 844 };

interface Completed {
  astrologer: Session & { id: string; displayName: string };
  customer: Session;
  customerName: string;
  consultationId: string;
}

/**
 * A ₹500 call booked, confirmed, started and completed through the API, exactly as the product moves money.
 * The only shortcut is the clock: a booking can start 5 minutes before its slot at the earliest, so the booked
 * slot (tomorrow 10:00) is moved to the past in the database before the astrologer starts and completes it.
 */
async function completedConsultation(accounts: Accounts, request: APIRequestContext, db: pg.Pool): Promise<Completed> {
  const astrologer = await accounts.approvedAstrologer({
    name: uniqueName('Acharya Devendra Joshi'),
    availability: {
      timeZone: ZONE, weekly: everyDay([{ start: '09:00', end: '21:00' }]), overrides: [], slotMinutes: 30, pricePaise: 50_000,
      bufferMinutes: 0, minNoticeMinutes: 60, horizonDays: 30,
    },
  });
  const customerName = uniqueName('Meera Nair');
  const customer = await accounts.signUp('customer', { name: customerName });
  await recharge(request, customer, 100_000);

  const customerAuth = { authorization: `Bearer ${customer.accessToken}` };
  const astrologerAuth = { authorization: `Bearer ${astrologer.accessToken}` };
  const booked = await request.post('/api/user/consultations/book', {
    headers: { ...customerAuth, 'Idempotency-Key': `e2e-book-${Date.now()}-${Math.random().toString(36).slice(2)}` },
    data: { astrologerId: astrologer.id, mode: 'call', slotStart: `${dateIn(ZONE, 1)}T10:00:00+05:30` },
  });
  expect(booked.status(), await booked.text()).toBe(201);
  const { id } = (await booked.json()) as { id: string };
  const move = async (status: string) => {
    const res = await request.put(`/api/astrologer/consultation/${id}/status`, { headers: astrologerAuth, data: { status } });
    expect(res.status(), `${status}: ${await res.text()}`).toBe(200);
  };
  await move('confirmed');
  await db.query(
    `UPDATE consultations SET scheduled_start = now() - interval '40 minutes', scheduled_end = now() - interval '10 minutes' WHERE id = $1`, [id]);
  await move('in_progress');
  await move('completed');
  return { astrologer, customer, customerName, consultationId: id };
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/feedback-${name}.png`, fullPage: true });
}

test('a customer rates a completed session, the review and the astrologer’s reply appear on the profile', async ({ page, browser, accounts, request, db, baseURL }) => {
  const { astrologer, customer } = await test.step('a completed ₹500 call', () => completedConsultation(accounts, request, db));
  const name = astrologer.displayName;
  await useSessionIn(page, 'customer', customer);

  await page.goto('/consultations');
  await page.getByRole('tab', { name: 'Past' }).click();
  const row = page.getByRole('listitem', { name: `Call with ${name}` });
  await expect(row).toContainText('Completed');
  await row.getByRole('button', { name: 'Rate' }).click();

  await test.step('rates 4 stars with a comment', async () => {
    const form = row.getByRole('form', { name: `Rate your session with ${name}` });
    await form.getByRole('radio', { name: '4 stars' }).click();
    await expect(form.getByText('Very good')).toBeVisible();
    await form.getByLabel('Your review').fill('Patient and precise about my career questions.');
    await shoot(page, 'rate-desktop');
    await form.getByRole('button', { name: 'Submit review' }).click();
    await expect(row.getByText('You rated')).toBeVisible();
    await expect(row.getByRole('img', { name: '4 out of 5 stars' })).toBeVisible();
    await expect(row.getByRole('button', { name: 'Edit review' })).toBeVisible();
  });

  await test.step('the astrologer replies from the portal', async () => {
    const context = await browser.newContext({ timezoneId: ZONE, ...(baseURL ? { baseURL } : {}) });
    const portal = await context.newPage();
    await useSessionIn(portal, 'astrologer', astrologer);
    await portal.goto('/astrologer/reviews');
    const review = portal.getByRole('listitem', { name: /Review by Meera/ });
    await expect(review).toContainText('Patient and precise about my career questions.');
    await review.getByRole('button', { name: 'Reply' }).click();
    await review.getByLabel('Your reply').fill('Thank you, Meera. Wishing you success.');
    await review.getByRole('button', { name: 'Publish reply' }).click();
    await expect(review.getByText('Your reply')).toBeVisible();
    await shoot(portal, 'astrologer-reviews');
    await context.close();
  });

  await test.step('the profile shows the review, the reply and the rating distribution', async () => {
    await page.goto(`/astrologers/${astrologer.id}`);
    const reviews = page.getByRole('region', { name: 'Reviews' });
    await expect(reviews.getByText('Patient and precise about my career questions.')).toBeVisible();
    await expect(reviews.getByText('Thank you, Meera. Wishing you success.')).toBeVisible();
    await expect(reviews.getByRole('list', { name: 'Rating distribution' }).getByRole('listitem', { name: '4 stars: 1' })).toBeVisible();
    await expect(page.getByText('(1 rating)')).toBeVisible();
    await shoot(page, 'profile-desktop');
    await page.setViewportSize(PHONE);
    await reviews.screenshot({ path: 'test-results/feedback-profile-phone.png' });
  });

  await test.step('another customer reports the review; an admin hides it; its rating still counts', async () => {
    const context = await browser.newContext({ timezoneId: ZONE, ...(baseURL ? { baseURL } : {}) });
    const other = await context.newPage();
    await useSessionIn(other, 'customer', await accounts.signUp('customer', { name: uniqueName('Ravi Menon') }));
    await other.goto(`/astrologers/${astrologer.id}`);
    const reviews = other.getByRole('region', { name: 'Reviews' });
    await reviews.getByRole('button', { name: 'Report' }).click();
    await reviews.getByLabel('Why report it?').selectOption('personal_info');
    await reviews.getByRole('button', { name: 'Send report' }).click();
    await expect(reviews.getByText('Reported. A moderator will look at it.')).toBeVisible();

    await useSessionIn(other, 'customer', await accounts.logInAdmin());
    await other.goto('/admin/disputes');
    await other.getByRole('tab', { name: 'Reported reviews' }).click();
    const reported = other.getByRole('listitem', { name: `Reported review of ${name}` });
    await expect(reported).toContainText('Patient and precise about my career questions.');
    await expect(reported).toContainText('1 report (Shares personal information)');
    await reported.getByRole('button', { name: 'Hide' }).click();
    await reported.getByLabel('Reason (kept for the record)').fill('Test moderation');
    await shoot(other, 'admin-reports-desktop');
    await reported.getByRole('button', { name: 'Hide review' }).click();
    await expect(other.getByText('Review hidden; its rating still counts.')).toBeVisible();
    await context.close();

    await page.reload();
    await expect(page.getByRole('region', { name: 'Reviews' }).getByText('Patient and precise about my career questions.')).toHaveCount(0);
    await expect(page.getByText('(1 rating)')).toBeVisible();
  });
});

test('a customer reports a problem and an admin refunds it; the wallet shows the refund', async ({ page, browser, accounts, request, db, baseURL }) => {
  const setup = await completedConsultation(accounts, request, db);
  const name = setup.astrologer.displayName;
  await useSessionIn(page, 'customer', setup.customer);

  await test.step('the customer reports a problem from My consultations', async () => {
    await page.goto('/consultations');
    await page.getByRole('tab', { name: 'Past' }).click();
    const row = page.getByRole('listitem', { name: `Call with ${name}` });
    await row.getByRole('button', { name: 'Report a problem' }).click();
    const form = row.getByRole('form', { name: 'Report a problem' });
    await form.getByLabel('What went wrong?').selectOption('technical_issue');
    await form.getByLabel('Tell us more').fill('The call dropped after two minutes and never reconnected.');
    await form.getByRole('button', { name: 'Send report' }).click();
    await expect(row.getByText('Problem reported · we are looking into it')).toBeVisible();
    await expect(row.getByRole('button', { name: 'Report a problem' })).toHaveCount(0);
    await page.goto('/wallet');
    await expect(page.getByTestId('wallet-available')).toHaveText('₹500');
  });

  await test.step('an admin refunds it in full from the disputes queue', async () => {
    const admin = await accounts.logInAdmin();
    const context = await browser.newContext({ timezoneId: ZONE, ...(baseURL ? { baseURL } : {}) });
    const adminPage = await context.newPage();
    await useSessionIn(adminPage, 'customer', admin);
    await adminPage.goto('/admin');
    await adminPage.getByRole('link', { name: 'Disputes and reported reviews' }).click();
    await expect(adminPage).toHaveURL(/\/admin\/disputes$/);
    const card = adminPage.getByRole('listitem', { name: `Dispute from ${setup.customerName}` });
    await expect(card).toContainText('The call dropped after two minutes and never reconnected.');
    await expect(card).toContainText('₹500 refundable');
    await card.getByRole('button', { name: 'Refund' }).click();
    await expect(card.getByLabel('Refund amount (₹)')).toHaveValue('500');
    await card.getByLabel('Note to the customer (optional)').fill('Sorry about the dropped call.');
    await shoot(adminPage, 'admin-refund-desktop');
    await card.getByRole('button', { name: 'Confirm refund' }).click();
    await expect(adminPage.getByText(`Refunded ₹500 to ${setup.customerName}.`)).toBeVisible();
    await expect(card.getByText('Refunded', { exact: true })).toBeVisible();
    await adminPage.setViewportSize(PHONE);
    await shoot(adminPage, 'admin-refund-phone');
    await context.close();
  });

  await test.step('the customer sees the refund in the wallet and on the consultation', async () => {
    await page.goto('/wallet');
    await expect(page.getByTestId('wallet-available')).toHaveText('₹1,000');
    const history = page.getByRole('list', { name: 'Transactions' });
    await expect(history.getByRole('listitem').first()).toContainText('Refund');
    await expect(history.getByRole('listitem').first()).toContainText('500');
    await page.goto('/consultations');
    await page.getByRole('tab', { name: 'Past' }).click();
    await expect(page.getByRole('listitem', { name: `Call with ${name}` })).toContainText('₹500 refunded to your wallet');
    await page.setViewportSize(PHONE);
    await shoot(page, 'consultations-phone');
  });
});
