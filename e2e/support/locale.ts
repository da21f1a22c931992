import { expect, type BrowserContext, type Page } from '@playwright/test';

/** Chooses Hindi as a visitor would: the header's language switch, which reloads the page in Hindi. */
export async function switchToHindi(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'हिन्दी' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'hi-IN');
  await expect(page.getByRole('button', { name: 'English' })).toBeVisible();
}

/** Starts a context in Hindi without clicking (the cookie the switch sets), for tests about one page. */
export async function preferHindi(context: BrowserContext, baseURL: string): Promise<void> {
  await context.addCookies([{ name: 'NEXT_LOCALE', value: 'hi', url: baseURL }]);
}
