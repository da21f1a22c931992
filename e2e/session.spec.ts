import { expect, test, uniqueName, useSessionIn } from './support/fixtures';

test('an expired access token is renewed with the refresh token and the request retried', async ({ page, accounts }) => {
  const name = uniqueName('Rohan');
  const customer = await accounts.signUp('customer', { name });
  let expiredOnce = false;

  await test.step('the API answers the first profile request with token_expired', async () => {
    await useSessionIn(page, 'customer', customer);
    // The server's access tokens live for minutes; pretend this one just ran out.
    await page.route('**/api/user/profile', async (route) => {
      if (!expiredOnce && route.request().headers().authorization === `Bearer ${customer.accessToken}`) {
        expiredOnce = true;
        await route.fulfill({
          status: 401,
          contentType: 'application/problem+json',
          body: JSON.stringify({ status: 401, code: 'token_expired', detail: 'access token has expired; refresh it' }),
        });
        return;
      }
      await route.continue();
    });
    await page.goto('/profile');
  });

  await test.step('the page still loads the profile, with a new token pair stored', async () => {
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);
    expect(expiredOnce).toBe(true);
    const stored = await page.evaluate(() => JSON.parse(window.localStorage.getItem('ap.session.customer') ?? 'null') as { refreshToken: string } | null);
    expect(stored?.refreshToken).toBeTruthy();
    expect(stored?.refreshToken).not.toBe(customer.refreshToken);
  });
});
