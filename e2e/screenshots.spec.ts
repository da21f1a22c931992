import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { dateIn, dayName, everyDay, expect, randomPhone, recharge, test, uniqueName, useSessionIn, type Role, type Session } from './support/fixtures';

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

    test(`every page at ${size} size`, async ({ page, browser, baseURL, accounts, request }) => {
      // A tour of some thirty pages, each rendered per request (the language comes from a cookie): three times the
      // usual limit, as the Hindi axe runs have.
      test.slow();
      const shot = (p: Page, name: string, fullPage = true) => p.screenshot({ path: path.join(DIR, `${size}-${name}.png`), fullPage });
      const signedIn = async (role: Role, session: Session, options: PageOptions = {}): Promise<Page> => {
        const p = await newPage(browser, viewport, baseURL, options);
        await useSessionIn(p, role, session);
        return p;
      };
      // Map tiles cannot load on a closed network; fail them at once so every run looks the same.
      const noTiles = (p: Page) => p.route(/tile\.openstreetmap\.org/, (route) => route.abort());

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

      await test.step('search with filters', async () => {
        await page.goto('/?q=tarot&minPrice=20&maxPrice=45&sort=rating');
        await expect(page.getByRole('article').first().or(page.getByText('No astrologers match'))).toBeVisible();
        await shot(page, 'search-first-screen', false);
        const toggle = page.getByRole('button', { name: /^Filters/ });
        if (await toggle.isVisible()) {
          await toggle.click();
          await expect(page.getByLabel('Language')).toBeVisible();
          await shot(page, 'search-filters-open', false);
        }
        await page.goto('/?q=zzzzqqq');
        await expect(page.getByText('No astrologers match')).toBeVisible();
        await shot(page, 'search-no-results', false);
      });

      await test.step('nearby, signed out, before choosing a place', async () => {
        await page.goto('/nearby');
        await expect(page.getByRole('heading', { name: 'Where are you?' })).toBeVisible();
        await shot(page, 'nearby-empty');
      });

      const customer = await accounts.signUp('customer', { name: uniqueName('Ananya Rao') });

      await test.step('customer profile', async () => {
        const p = await signedIn('customer', customer);
        await p.goto('/profile');
        await expect(p.getByLabel('Birth place')).toBeVisible();
        await shot(p, 'profile');
        await p.close();
      });

      await test.step('favorites, empty', async () => {
        const p = await signedIn('customer', customer);
        await p.goto('/favorites');
        await expect(p.getByText('No favorites yet')).toBeVisible();
        await shot(p, 'favorites-empty');
        await p.close();
      });

      await test.step('wallet, recharge through the sandbox gateway', async () => {
        const p = await signedIn('customer', customer);
        await p.goto('/wallet');
        await expect(p.getByTestId('wallet-available')).toHaveText('₹0');
        await p.getByRole('button', { name: '₹200', exact: true }).click();
        await expect(p.getByRole('button', { name: 'Pay ₹236' })).toBeEnabled();
        await shot(p, 'wallet');
        await p.getByRole('button', { name: 'Pay ₹236' }).click();
        await expect(p.getByTestId('sandbox-total')).toHaveText('₹236');
        await shot(p, 'sandbox-pay');
        await p.getByRole('button', { name: 'Pay ₹236' }).click();
        await expect(p.getByText('₹200 added to your wallet')).toBeVisible();
        await expect(p.getByRole('list', { name: 'Transactions' }).getByRole('listitem')).toHaveCount(1);
        await shot(p, 'wallet-recharged');
        await p.close();
      });

      await test.step('wallet, signed out', async () => {
        await page.goto('/wallet');
        await expect(page.getByRole('link', { name: 'Create an account' })).toBeVisible();
        await shot(page, 'wallet-signed-out', false);
      });

      const astrologerName = uniqueName('Jyotishi Savitri Devi');
      const astrologer = await accounts.approvedAstrologer({
        name: astrologerName,
        profile: {
          specialties: ['vedic', 'tarot', 'numerology'],
          languages: ['Hindi', 'English', 'Sanskrit'],
          bio: 'Twenty years of Vedic and tarot practice in Varanasi.\nClear, practical guidance on career, marriage and health. No costly remedies pushed.',
          experienceYears: 20,
          priceVideoPaise: 4500,
          city: 'Varanasi',
          offersInPerson: true,
          lat: 25.32,
          lon: 82.99,
        },
        availability: {
          timeZone: 'Asia/Kolkata',
          weekly: { ...everyDay([{ start: '10:00', end: '13:00' }, { start: '17:00', end: '19:00' }]), sun: [] },
          overrides: [],
          slotMinutes: 30,
          pricePaise: 60_000,
          bufferMinutes: 0,
          minNoticeMinutes: 60,
          horizonDays: 30,
        },
      });

      await test.step('astrologer profile with slots', async () => {
        const p = await signedIn('customer', customer, { timezoneId: 'Asia/Kolkata' });
        await p.goto(`/astrologers/${astrologer.id}`);
        const slots = p.getByRole('region', { name: 'Consultation slots' });
        await expect(slots.getByRole('button', { name: '10:30 AM' }).first()).toBeVisible();
        await shot(p, 'astrologer-profile-first-screen', false);
        await p.getByRole('button', { name: `Favorite ${astrologerName}` }).click();
        await expect(p.getByRole('button', { name: `Favorite ${astrologerName}` })).toHaveAttribute('aria-pressed', 'true');
        await slots.getByRole('button', { name: '10:30 AM' }).first().click();
        await shot(p, 'astrologer-profile');
        await p.close();
      });

      await test.step('booking: review, too little in the wallet, then sent', async () => {
        const p = await signedIn('customer', customer, { timezoneId: 'Asia/Kolkata' });
        await p.goto(`/astrologers/${astrologer.id}`);
        const slots = p.getByRole('region', { name: 'Consultation slots' });
        // Two days ahead (not a Sunday, which is closed), at 11:00 AM Kolkata.
        const day = [2, 3].map((n) => dateIn('Asia/Kolkata', n)).find((d) => new Date(`${d}T00:00:00Z`).getUTCDay() !== 0)!;
        await slots.getByRole('group', { name: dayName(day) }).getByRole('button', { name: '11:00 AM' }).click();
        await expect(p.getByTestId('booking-wallet')).toHaveText('₹200');
        const review = slots.locator('.booking');
        await review.scrollIntoViewIfNeeded();
        await shot(p, 'booking-review', false);
        await p.getByRole('button', { name: 'Confirm and reserve ₹600' }).click();
        await expect(p.getByTestId('booking-shortfall')).toHaveText('₹400');
        await p.getByRole('link', { name: 'Recharge ₹400' }).scrollIntoViewIfNeeded();
        await shot(p, 'booking-shortfall', false);
        await recharge(request, customer, 100_000);
        await p.reload();
        await slots.getByRole('group', { name: dayName(day) }).getByRole('button', { name: '11:00 AM' }).click();
        await expect(p.getByTestId('booking-wallet')).toHaveText('₹1,200');
        await p.getByRole('button', { name: 'Confirm and reserve ₹600' }).click();
        await expect(p.getByRole('heading', { name: 'Request sent' })).toBeVisible();
        await slots.locator('.booking').scrollIntoViewIfNeeded();
        await shot(p, 'booking-sent', false);
        await p.goto('/consultations');
        await expect(p.getByText('Awaiting astrologer')).toBeVisible();
        await p.getByRole('button', { name: 'Cancel' }).first().click();
        await shot(p, 'consultations');
        await p.close();
      });

      await test.step('astrologer requests and earnings', async () => {
        const p = await signedIn('astrologer', astrologer, { timezoneId: 'Asia/Kolkata' });
        await p.goto('/astrologer/requests');
        await expect(p.getByText('New request').first()).toBeVisible();
        await shot(p, 'astrologer-requests');
        await p.getByRole('button', { name: 'Accept' }).first().click();
        await expect(p.getByRole('button', { name: 'Start' }).first()).toBeVisible();
        await p.getByRole('button', { name: 'Start' }).first().click();
        await expect(p.getByRole('alert').filter({ hasText: /\w/ })).toBeVisible();
        await shot(p, 'astrologer-requests-confirmed');
        await p.goto('/astrologer/earnings');
        await expect(p.getByRole('heading', { name: 'Last 30 days' })).toBeVisible();
        await shot(p, 'astrologer-earnings');
        await p.close();
      });

      await test.step('consultations, confirmed', async () => {
        const p = await signedIn('customer', customer, { timezoneId: 'Asia/Kolkata' });
        await p.goto('/consultations');
        await expect(p.getByText('Confirmed').first()).toBeVisible();
        await shot(p, 'consultations-confirmed');
        await p.close();
      });

      await test.step('favorites, with one', async () => {
        const p = await signedIn('customer', customer);
        await p.goto('/favorites');
        await expect(p.getByRole('article', { name: astrologerName })).toBeVisible();
        await shot(p, 'favorites');
        await p.close();
      });

      await test.step('nearby, from the browser location', async () => {
        const p = await signedIn('customer', customer, { geolocation: { latitude: 25.3176, longitude: 82.9739 }, permissions: ['geolocation'] });
        await noTiles(p);
        await p.goto('/nearby');
        await expect(p.getByRole('article', { name: astrologerName })).toBeVisible();
        await expect(p.getByText('Map background unavailable.')).toBeVisible();
        await shot(p, 'nearby');
        await shot(p, 'nearby-first-screen', false);
        await p.close();
      });

      await test.step('astrologer portal, approved, with availability', async () => {
        const p = await signedIn('astrologer', astrologer, { timezoneId: 'Asia/Kolkata' });
        await p.goto('/astrologer');
        await expect(p.getByText('Your profile is live')).toBeVisible();
        await expect(p.getByRole('switch', { name: 'Available for consultations' })).toBeEnabled();
        await expect(p.getByRole('group', { name: 'Monday' }).getByLabel('Monday start 1')).toHaveValue('10:00');
        await p.getByLabel('Date', { exact: true }).fill(new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10));
        await p.getByRole('button', { name: 'Add date' }).click();
        await shot(p, 'astrologer-portal-approved');
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
        await p.getByRole('tab', { name: 'Approved' }).click();
        await expect(p.getByRole('heading', { name: 'Approved astrologers' })).toBeVisible();
        await expect(p.getByRole('article').first()).toBeVisible();
        await p.getByRole('button', { name: /^Suspend / }).first().click();
        await shot(p, 'admin-approved', false);
        await p.getByRole('tab', { name: 'Payouts' }).click();
        await expect(p.getByRole('heading', { name: 'Payouts', exact: true })).toBeVisible();
        await expect(p.getByRole('list', { name: 'Payouts' }).or(p.getByText('No payouts waiting'))).toBeVisible();
        await shot(p, 'admin-payouts');
        await p.close();
      });
    });
  });
}

type PageOptions = Omit<NonNullable<Parameters<Browser['newPage']>[0]>, 'viewport' | 'baseURL'>;

function newPage(browser: Browser, viewport: { width: number; height: number }, baseURL: string | undefined, options: PageOptions = {}): Promise<Page> {
  return browser.newPage({ viewport, ...options, ...(baseURL ? { baseURL } : {}) });
}
