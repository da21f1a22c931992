import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, recharge, test, uniqueName, useSessionIn } from './support/fixtures';

/** WCAG 2.1 A/AA plus axe's best practices (landmarks, heading order); only serious and critical ones fail a test. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const FAILING = new Set(['serious', 'critical']);

/** Waits for the page's content (its h1, nothing still loading), then runs axe on the whole document. */
async function expectAccessible(page: Page, path: string): Promise<void> {
  await test.step(`${path} has no serious accessibility violations`, async () => {
    await page.goto(path);
    await expect(page.locator('h1').first()).toBeVisible();
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    for (const v of violations) console.log(`[axe] ${path} ${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
    const failing = violations
      .filter((v) => FAILING.has(v.impact ?? ''))
      .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`).join('; ')}`);
    // Soft, so one run lists the violations of every page.
    expect.soft(failing, `serious or critical violations on ${path}`).toEqual([]);
  });
}

test('the public pages have no serious accessibility violations', async ({ page, request }) => {
  const list = await request.get('/api/user/astrologers');
  expect(list.status(), await list.text()).toBe(200);
  const { items } = (await list.json()) as { items: { id: string }[] };
  expect(items.length, 'the seeded astrologers').toBeGreaterThan(0);
  for (const path of ['/', `/astrologers/${items[0]!.id}`, '/login', '/signup', '/kundli', '/horoscope', '/offline']) {
    await expectAccessible(page, path);
  }
});

test('a signed-in customer’s wallet has no serious accessibility violations', async ({ page, accounts, request }) => {
  const customer = await accounts.signUp('customer', { name: uniqueName('Kavya Iyer') });
  await recharge(request, customer, 5_000_000);
  await useSessionIn(page, 'customer', customer);
  await expectAccessible(page, '/wallet');
});

test('an approved astrologer’s portal has no serious accessibility violations', async ({ page, accounts }) => {
  await useSessionIn(page, 'astrologer', await accounts.approvedAstrologer({ name: uniqueName('Acharya Axe') }));
  await expectAccessible(page, '/astrologer');
});

test('the admin page has no serious accessibility violations', async ({ page, accounts }) => {
  await useSessionIn(page, 'customer', await accounts.logInAdmin());
  await expectAccessible(page, '/admin');
});

test('amounts are written with Indian digit grouping (₹1,00,000)', async ({ page, accounts, request }) => {
  const customer = await accounts.signUp('customer', { name: uniqueName('Rohan Desai') });
  // Two of the largest recharges the sandbox allows (₹50,000 each).
  await recharge(request, customer, 5_000_000);
  await recharge(request, customer, 5_000_000);
  await useSessionIn(page, 'customer', customer);
  await page.goto('/wallet');
  await expect(page.getByRole('link', { name: 'Wallet balance ₹1,00,000' })).toBeVisible();
  await expect(page.getByText('₹50,000 added to your wallet').or(page.getByText('₹50,000').first())).toBeVisible();
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
    await page.screenshot({ path: test.info().outputPath('offline-phone.png'), fullPage: true });
    await context.setOffline(false);
  });
});
