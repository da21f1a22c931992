import type { Page } from '@playwright/test';
import { expectNoSeriousViolations } from './support/axe';
import { expect, randomPhone, recharge, test, uniqueName, useSessionIn } from './support/fixtures';

/** Opens the page, waits for its content (its h1), then checks it. */
async function expectAccessible(page: Page, path: string): Promise<void> {
  await test.step(`${path} has no serious accessibility violations`, async () => {
    await page.goto(path);
    await expect(page.locator('h1').first()).toBeVisible();
    await expectNoSeriousViolations(page, path);
  });
}

test('the public pages have no serious accessibility violations', async ({ page, request }) => {
  const list = await request.get('/api/user/astrologers');
  expect(list.status(), await list.text()).toBe(200);
  const { items } = (await list.json()) as { items: { id: string }[] };
  expect(items.length, 'the seeded astrologers').toBeGreaterThan(0);
  const pages = ['/', '/astrologers', `/astrologers/${items[0]!.id}`, '/login', '/signup', '/kundli', '/match', '/horoscope', '/horoscope/capricorn', '/offline'];
  for (const path of pages) await expectAccessible(page, path);
  await test.step('the same pages at phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/', `/astrologers/${items[0]!.id}`, '/login']) await expectAccessible(page, path);
  });
});

test('the sign-up code step and a drawn kundli have no serious accessibility violations', async ({ page }) => {
  await test.step('the 6-digit code step', async () => {
    await page.goto('/signup');
    await page.getByLabel('Full name').fill(uniqueName('Ishaan Rao'));
    await page.getByLabel('Mobile number').fill(randomPhone());
    await page.getByRole('button', { name: 'Send code' }).click();
    await expect(page.getByLabel('6-digit code')).toBeVisible();
    await expectNoSeriousViolations(page, '/signup (code step)');
  });
  await test.step('a kundli with its charts and tables', async () => {
    await page.goto('/kundli');
    await page.getByLabel('Name').fill('Asha');
    await page.getByLabel('Date of birth').fill('1990-07-15');
    await page.getByLabel('Time of birth').fill('10:30');
    await page.getByLabel('Place of birth').fill('New Del');
    await page.getByRole('option', { name: /^New Delhi/ }).first().click();
    await page.getByRole('button', { name: 'Draw my kundli' }).click();
    await expect(page.getByRole('table', { name: 'Planets' })).toBeVisible();
    await expectNoSeriousViolations(page, '/kundli (result)');
  });
});

test('a customer signs up with the keyboard alone', async ({ page, outbox }) => {
  const phone = randomPhone();
  /** Tabs forward (at most 40 times) until the element with that accessible name has the focus. */
  const tabTo = async (name: string) => {
    const target = page.getByLabel(name, { exact: true });
    for (let i = 0; i < 40 && !(await target.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    await expect(target).toBeFocused();
  };
  await page.goto('/signup');
  await tabTo('Full name');
  await page.keyboard.type(uniqueName('Tara Menon'));
  await tabTo('Mobile number'); // past the country code (+91 already chosen)
  await page.keyboard.type(phone.replace(/^\+91/, ''));
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('6-digit code')).toBeVisible();
  await tabTo('6-digit code');
  await page.keyboard.type(await outbox.latestCode(phone));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('link', { name: /Profile/ })).toBeVisible();
});

test('a signed-in customer’s wallet has no serious accessibility violations', async ({ page, accounts, request }) => {
  const customer = await accounts.signUp('customer', { name: uniqueName('Kavya Iyer') });
  await recharge(request, customer, 5_000_000);
  await useSessionIn(page, 'customer', customer);
  for (const path of ['/wallet', '/profile', '/consultations', '/favorites', '/notifications']) await expectAccessible(page, path);
});

test('an approved astrologer’s portal has no serious accessibility violations', async ({ page, accounts }) => {
  await useSessionIn(page, 'astrologer', await accounts.approvedAstrologer({ name: uniqueName('Acharya Axe') }));
  for (const path of ['/astrologer', '/astrologer/requests', '/astrologer/earnings', '/astrologer/clients', '/astrologer/reviews', '/astrologer/analytics']) {
    await expectAccessible(page, path);
  }
});

test('the admin page has no serious accessibility violations', async ({ page, accounts }) => {
  await useSessionIn(page, 'customer', await accounts.logInAdmin());
  for (const path of ['/admin', '/admin/metrics', '/admin/disputes']) await expectAccessible(page, path);
});

test('amounts are written with Indian digit grouping (₹1,00,000)', async ({ page, accounts, request }) => {
  const customer = await accounts.signUp('customer', { name: uniqueName('Rohan Desai') });
  // Two of the largest recharges the sandbox allows (₹50,000 each).
  await recharge(request, customer, 5_000_000);
  await recharge(request, customer, 5_000_000);
  await useSessionIn(page, 'customer', customer);
  await page.goto('/wallet');
  await expect(page.getByRole('link', { name: 'Wallet balance ₹1,00,000' })).toBeVisible();
  await expect(page.getByRole('main').getByText('₹1,00,000', { exact: true }).first()).toBeVisible();
  // On a phone the widest balance still leaves the brand whole (it was cut to "Anyti…").
  for (const width of [390, 360]) {
    await page.setViewportSize({ width, height: 800 });
    const name = page.locator('.brand__name');
    await expect(name).toHaveText('Anytime Pooja');
    const fits = await name.evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.getBoundingClientRect().right <= window.innerWidth);
    expect(fits, `brand name whole at ${width} px`).toBe(true);
    expect((await page.locator('.brand > svg').boundingBox())?.width ?? 0, `logo shown at ${width} px`).toBeGreaterThanOrEqual(24);
    const [brand, account] = [await name.boundingBox(), await page.locator('.site-header__account').boundingBox()];
    expect(brand!.x + brand!.width + 4, `brand clear of the account buttons at ${width} px`).toBeLessThanOrEqual(account!.x);
    await page.screenshot({ path: `test-results/header-1-lakh-${width}.png`, clip: { x: 0, y: 0, width, height: 140 } });
  }
});

test('the app is installable and shows the offline page when the network is gone', async ({ page, context }) => {
  await test.step('the manifest names the app, its colours and its icons', async () => {
    await page.goto('/');
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBeTruthy();
    const manifest = (await (await page.request.get(href!)).json()) as { short_name: string; display: string; start_url: string; icons: { src: string; purpose: string }[] };
    expect(manifest).toMatchObject({ short_name: 'Anytime Pooja', display: 'standalone', start_url: '/' });
    expect(manifest.icons.map((i) => i.purpose)).toEqual(expect.arrayContaining(['any', 'maskable']));
    for (const icon of manifest.icons) {
      const res = await page.request.get(icon.src);
      expect(res.status(), icon.src).toBe(200);
      expect(res.headers()['content-type']).toBe('image/png');
    }
  });

  await test.step('every visitor gets the service worker, which keeps the offline page', async () => {
    await expect.poll(() => page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration('/'))?.active)).toBe(true);
    await expect.poll(() => page.evaluate(async () => !!(await caches.match('/offline')))).toBe(true);
  });

  await test.step('offline, a page shows the offline notice instead of the browser’s error', async () => {
    await context.setOffline(true);
    await page.goto('/wallet');
    await expect(page.getByRole('heading', { name: 'You are offline' })).toBeVisible();
    // Its stylesheets came from the cache too: the primary button has the app's saffron gradient.
    await expect(page.getByRole('link', { name: 'Try again' })).toHaveCSS('background-image', /linear-gradient/);
    await page.setViewportSize({ width: 390, height: 844 });
    await test.info().attach('offline page at phone size', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
    if (process.env.A11Y_SHOTS) await page.screenshot({ path: `${process.env.A11Y_SHOTS}/offline-phone.png`, fullPage: true });
    await context.setOffline(false);
  });
});
