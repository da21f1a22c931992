import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { expect, recharge, test, uniqueName, useSessionIn, type Session } from './support/fixtures';

// Chromium's fake camera and microphone, granted without a prompt: two contexts can really call each other.
test.use({ launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync',
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
] } });

async function goOnline(request: APIRequestContext, astrologer: Session) {
  const res = await request.put('/api/astrologer/status', { headers: { authorization: `Bearer ${astrologer.accessToken}` }, data: { presence: 'online' } });
  expect(res.status(), await res.text()).toBe(200);
}

async function astrologerPage(browser: Browser, astrologer: Session, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL, permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  await useSessionIn(page, 'astrologer', astrologer);
  await page.goto('/astrologer');
  return page;
}

test('an instant chat: request, accept, messages both ways with typing and read receipts, a fair charge, the summary and a review', async ({ page, browser, accounts, request, baseURL }) => {
  const name = uniqueName('Acharya Devraj');
  const astrologer = await accounts.approvedAstrologer({ name, profile: { priceChatPaise: 2500 } });
  await goOnline(request, astrologer);
  const customer = await accounts.signUp('customer', { name: uniqueName('Meera Iyer') });
  await recharge(request, customer, 100_000);
  await useSessionIn(page, 'customer', customer);
  const portal = await astrologerPage(browser, astrologer, baseURL);

  await test.step('the customer asks for a chat now', async () => {
    await page.goto(`/astrologers/${astrologer.id}`);
    await page.getByRole('button', { name: /Chat now/ }).click();
    await expect(page.getByText(`Waiting for ${name} to accept…`)).toBeVisible();
  });

  await test.step('the astrologer is alerted live and accepts; both enter the session', async () => {
    const alert = portal.getByRole('alertdialog', { name: /wants to chat now/ });
    await expect(alert).toBeVisible();
    await alert.getByRole('button', { name: 'Accept' }).click();
    await expect(portal).toHaveURL(/\/session\/[0-9a-f-]+\?as=astrologer$/);
    await expect(page).toHaveURL(/\/session\/[0-9a-f-]+$/);
    await expect(page.getByText('starts with the first reply')).toBeVisible();
  });

  await test.step('they talk: typing shows, messages arrive both ways, read receipts come back', async () => {
    await page.getByRole('textbox', { name: 'Message' }).fill('Namaste, will 2027 be good for my career?');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(portal.getByTestId('chat-message').filter({ hasText: 'will 2027 be good for my career?' })).toBeVisible();
    await expect(page.getByTestId('chat-message').filter({ hasText: 'will 2027' }).getByTestId('tick')).toHaveText(/Read/);
    await portal.getByRole('textbox', { name: 'Message' }).pressSequentially('Yes, Jupiter');
    await expect(page.getByTestId('typing')).toHaveText(/is typing/);
    await portal.getByRole('textbox', { name: 'Message' }).fill('Yes — Jupiter moves into your tenth house in June.');
    await portal.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByTestId('chat-message').filter({ hasText: 'Jupiter moves into your tenth house' })).toBeVisible();
    await expect(page.getByText('billing')).toBeVisible();
    await expect(portal.getByTestId('chat-message').filter({ hasText: 'Jupiter moves' }).getByTestId('tick')).toHaveText(/Read/);
  });

  await test.step('the customer shares a photo of their chart; the astrologer sees it', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
    await page.locator('.chat__form input[type=file]').setInputFiles({ name: 'birth-chart.png', mimeType: 'image/png', buffer: png });
    await expect(portal.getByRole('img', { name: 'birth-chart.png' })).toBeVisible();
    await expect(page.getByRole('img', { name: 'birth-chart.png' })).toBeVisible();
    await page.screenshot({ path: 'test-results/live-chat-desktop.png' });
    await page.setViewportSize({ width: 390, height: 844 });
    await portal.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: 'test-results/live-chat-phone.png' });
    await portal.screenshot({ path: 'test-results/live-chat-astrologer-phone.png' });
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  await test.step('the customer ends it: one started minute at ₹25 is charged, both see the summary', async () => {
    await page.getByRole('button', { name: 'End session' }).click();
    const summary = page.getByTestId('session-summary');
    await expect(summary).toBeVisible();
    await expect(summary.getByTestId('summary-minutes')).toHaveText('1');
    await expect(summary.getByTestId('summary-charged')).toHaveText('₹25');
    await expect(portal.getByTestId('session-summary').getByTestId('summary-charged')).toHaveText('₹25');
    await expect(page.getByRole('textbox', { name: 'Message' })).toHaveCount(0);
    const balance = await request.get('/api/user/wallet/balance', { headers: { authorization: `Bearer ${customer.accessToken}` } });
    expect(await balance.json()).toMatchObject({ balancePaise: 97_500, heldPaise: 0, availablePaise: 97_500 });
  });

  await test.step('the customer reviews the session and the review appears on the profile', async () => {
    const form = page.getByRole('form', { name: `Rate your session with ${name}` });
    await form.getByRole('radio', { name: '5 stars' }).click();
    await form.getByLabel(/Your review/).fill('Clear and kind guidance, thank you.');
    await form.getByRole('button', { name: 'Submit review' }).click();
    await expect(page.getByText(/your review is on/)).toBeVisible();
    await page.goto(`/astrologers/${astrologer.id}`);
    await expect(page.getByText('Clear and kind guidance, thank you.')).toBeVisible();
  });

  await test.step('the session is in the customer\'s history with its cost', async () => {
    await page.goto('/consultations');
    const history = page.getByRole('region', { name: 'Instant sessions' });
    await expect(history.getByText(`Chat with ${name}`)).toBeVisible();
    await expect(history.getByText('1 min · ₹25')).toBeVisible();
  });
  await portal.context().close();
});

test('a video call between two browsers connects over the built-in WebRTC and bills only while connected', async ({ page, browser, accounts, request, baseURL, context }) => {
  await context.grantPermissions(['camera', 'microphone']);
  const name = uniqueName('Jyotishi Kavya');
  const astrologer = await accounts.approvedAstrologer({ name, profile: { priceVideoPaise: 4000 } });
  await goOnline(request, astrologer);
  const customer = await accounts.signUp('customer', { name: uniqueName('Rohan Gupta') });
  await recharge(request, customer, 100_000);
  await useSessionIn(page, 'customer', customer);
  const portal = await astrologerPage(browser, astrologer, baseURL);

  await page.goto(`/astrologers/${astrologer.id}`);
  await page.getByRole('button', { name: /Video call/ }).click();
  await portal.getByRole('alertdialog', { name: /wants to video now/ }).getByRole('button', { name: 'Accept' }).click();
  await expect(page).toHaveURL(/\/session\//);

  await test.step('both sides reach the connected state and the meter runs', async () => {
    await expect(page.locator('.call-panel__state')).toHaveText('Connected', { timeout: 30_000 });
    await expect(portal.locator('.call-panel__state')).toHaveText('Connected', { timeout: 30_000 });
    await expect(page.getByText('billing')).toBeVisible();
    await page.screenshot({ path: 'test-results/live-video-customer.png' });
  });

  await test.step('ending the call settles the session for both', async () => {
    await portal.getByRole('button', { name: 'End call' }).click();
    await expect(portal.getByTestId('session-summary').getByTestId('summary-minutes')).toHaveText('1');
    await expect(page.getByTestId('session-summary').getByTestId('summary-charged')).toHaveText('₹40');
  });
  await portal.context().close();
});

test('money running low: one click recharges and extends the session without dropping it', async ({ page, browser, accounts, request, baseURL }) => {
  const name = uniqueName('Pandita Savitri');
  const astrologer = await accounts.approvedAstrologer({ name, profile: { priceChatPaise: 5000 } });
  await goOnline(request, astrologer);
  const customer = await accounts.signUp('customer', { name: uniqueName('Kabir Sethi') });
  await recharge(request, customer, 5_000); // exactly one minute at ₹50
  await useSessionIn(page, 'customer', customer);
  const portal = await astrologerPage(browser, astrologer, baseURL);

  await test.step('the customer draws a kundli and asks to talk about it', async () => {
    await page.goto('/kundli');
    await page.getByLabel('Name').fill('Kabir');
    await page.getByLabel('Date of birth').fill('1990-07-15');
    await page.getByLabel('Time of birth').fill('10:30');
    await page.getByLabel('Place of birth').fill('New Del');
    await page.getByRole('option', { name: /^New Delhi/ }).first().click();
    await page.getByRole('button', { name: 'Draw my kundli' }).click();
    await page.getByRole('link', { name: 'Talk to an astrologer about this chart' }).click();
    await expect(page).toHaveURL(/online=/);
  });

  await page.goto(`/astrologers/${astrologer.id}`);
  await page.getByRole('button', { name: /Chat now/ }).click();
  await portal.getByRole('alertdialog', { name: /wants to chat now/ }).getByRole('button', { name: 'Accept' }).click();
  await expect(page).toHaveURL(/\/session\//);
  const sessionId = page.url().split('/session/')[1]!;

  await test.step('the chart is shared in the chat', async () => {
    await page.getByRole('button', { name: 'Share chart' }).click();
    const shared = portal.getByTestId('chat-message').filter({ hasText: 'My birth chart — Kabir' });
    await expect(shared).toContainText('Born 1990-07-15 at 10:30');
    await expect(shared).toContainText('Lagna Virgo');
    await expect(shared).toContainText('Moon Pisces, Revati pada 3');
  });
  await portal.getByRole('textbox', { name: 'Message' }).fill('Namaste, let us begin.');
  await portal.getByRole('button', { name: 'Send' }).click();

  await test.step('the warning offers a top-up; paying it extends the hold while the meter runs', async () => {
    const topUp = page.getByRole('button', { name: 'Add ₹500 and keep talking' });
    await expect(topUp).toBeVisible();
    const [checkout] = await Promise.all([page.context().waitForEvent('page'), topUp.click()]);
    await checkout.getByRole('button', { name: /^Pay ₹590/ }).click();
    const session = async () => (await (await request.get(`/api/communication/sessions/${sessionId}`, { headers: { authorization: `Bearer ${customer.accessToken}` } })).json()) as { status: string; billing: { fundedMinutes: number; running: boolean } };
    await expect.poll(async () => (await session()).billing.fundedMinutes, { timeout: 20_000 }).toBe(11);
    expect(await session()).toMatchObject({ status: 'active', billing: { running: true } });
    await expect(page.getByText('About a minute of balance left')).toHaveCount(0);
    await expect(page.getByTestId('meter')).toBeVisible();
  });
  await page.getByRole('button', { name: 'End session' }).click();
  await expect(page.getByTestId('summary-charged')).toHaveText('₹50');
  await portal.context().close();
});
