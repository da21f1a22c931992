import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expect, randomPhone, test, uniqueName, useSessionIn, type Role, type Session } from './support/fixtures';

// Pictures of every page at a desktop and a phone size, for a person to look at; they assert only that
// each page reached its settled state.
const DIR = path.join(import.meta.dirname, 'screenshots');
const SIZES = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

for (const [size, viewport] of Object.entries(SIZES)) {
  test.describe(`${size} screenshots`, () => {
    test.use({ viewport });

    test(`every page at ${size} size`, async ({ page, browser, baseURL, accounts }) => {
      const shot = (p: Page, name: string, fullPage = true) => p.screenshot({ path: path.join(DIR, `${size}-${name}.png`), fullPage });
      const signedIn = async (role: Role, session: Session): Promise<Page> => {
        const p = await newPage(browser, viewport, baseURL);
        await useSessionIn(p, role, session);
        return p;
      };

      await test.step('home', async () => {
        await page.goto('/');
        await expect(page.getByRole('article').first().or(page.getByText('No astrologers yet'))).toBeVisible();
        await shot(page, 'home');
        await shot(page, 'home-first-screen', false);
      });

      await test.step('signup and login', async () => {
        await page.goto('/signup');
        await expect(page.getByLabel('Full name')).toBeVisible();
        await shot(page, 'signup');
        await page.goto('/login');
        await page.getByLabel('Mobile number').fill(randomPhone());
        await shot(page, 'login');
        await page.getByRole('button', { name: 'Send code' }).click();
        // Next.js keeps an empty role=alert route announcer on every page; ours has text.
        await expect(page.getByRole('alert').filter({ hasText: /\w/ })).toBeVisible();
        await shot(page, 'login-error');
      });

      await test.step('astrologer portal, signed out', async () => {
        await page.goto('/astrologer');
        await expect(page.getByRole('tab', { name: 'Sign up' })).toBeVisible();
        await shot(page, 'astrologer-join');
      });

      await test.step('admin, signed out', async () => {
        await page.goto('/admin');
        await expect(page.getByText('Admins only').first()).toBeVisible();
        await shot(page, 'admin-signed-out');
      });

      await test.step('OTP step', async () => {
        const phone = randomPhone();
        await page.goto('/signup');
        await page.getByLabel('Full name').fill('Meera Iyer');
        await page.getByLabel('Mobile number').fill(phone);
        await page.getByRole('button', { name: 'Send code' }).click();
        await expect(page.getByLabel('6-digit code')).toBeVisible();
        await page.getByLabel('6-digit code').fill('12');
        await shot(page, 'signup-otp');
      });

      await test.step('customer profile', async () => {
        const customer = await accounts.signUp('customer', { name: uniqueName('Ananya Rao') });
        const p = await signedIn('customer', customer);
        await p.goto('/profile');
        await expect(p.getByLabel('Birth place')).toBeVisible();
        await shot(p, 'profile');
        await p.close();
      });

      await test.step('astrologer portal, pending', async () => {
        const astrologer = await accounts.signUp('astrologer', { name: uniqueName('Acharya Mohan') });
        const p = await signedIn('astrologer', astrologer);
        await p.goto('/astrologer');
        await expect(p.getByText(/pending approval/)).toBeVisible();
        await expect(p.getByLabel('Display name')).toBeVisible();
        await shot(p, 'astrologer-portal');
        await p.close();
      });

      await test.step('admin queue', async () => {
        const admin = await accounts.logInAdmin();
        const p = await signedIn('customer', admin);
        await p.goto('/admin');
        await expect(p.getByRole('heading', { name: 'Astrologers awaiting approval' })).toBeVisible();
        await expect(p.getByRole('article').first().or(p.getByText('All caught up'))).toBeVisible();
        await shot(p, 'admin');
        await p.close();
      });
    });
  });
}

function newPage(browser: Browser, viewport: { width: number; height: number }, baseURL: string | undefined): Promise<Page> {
  return browser.newPage({ viewport, ...(baseURL ? { baseURL } : {}) });
}
