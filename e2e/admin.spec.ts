import { ADMIN_CODE, ADMIN_PHONE, expect, test, uniqueName, useSessionIn } from './support/fixtures';

test('an admin approves a pending astrologer, who then appears on the home page', async ({ page, accounts, request }) => {
  const displayName = uniqueName('Pandit Approve');

  await test.step('an astrologer signs up and fills in the profile', async () => {
    const astrologer = await accounts.signUp('astrologer', { name: displayName });
    const res = await request.put('/api/astrologer/profile', {
      headers: { authorization: `Bearer ${astrologer.accessToken}` },
      data: { displayName, languages: ['Hindi', 'English'], experienceYears: 7, priceChatPaise: 2500, priceCallPaise: 3000, priceVideoPaise: 4000 },
    });
    expect(res.status(), await res.text()).toBe(200);
  });

  await test.step('the admin logs in with the test number', async () => {
    await page.goto('/login');
    await page.getByLabel('Mobile number').fill(ADMIN_PHONE);
    const send = page.getByRole('button', { name: 'Send code' });
    const codeInput = page.getByLabel('6-digit code');
    await send.click();
    // Other tests sign in as the same admin; if a code went out moments ago, wait out the countdown as a person would.
    await expect(codeInput.or(page.getByRole('button', { name: /Try again in/ }))).toBeVisible();
    if (!(await codeInput.isVisible())) {
      await expect(send).toBeEnabled({ timeout: 45_000 });
      await send.click();
    }
    await codeInput.fill(ADMIN_CODE);
    await page.getByRole('button', { name: 'Verify and continue' }).click();
    await expect(page).toHaveURL(/\/profile$/);
  });

  await test.step('approves the astrologer from the admin queue', async () => {
    await page.getByRole('link', { name: 'Admin' }).click();
    await expect(page.getByRole('heading', { name: 'Astrologers awaiting approval' })).toBeVisible();
    const card = page.getByRole('article', { name: displayName });
    await expect(card).toBeVisible();
    await card.getByRole('button', { name: `Approve ${displayName}` }).click();
    await expect(card.getByText('Approved')).toBeVisible();
  });

  await test.step('the astrologer is listed on the home page', async () => {
    await page.goto('/');
    const card = page.getByRole('article', { name: displayName });
    const articles = page.getByRole('article');
    const loadMore = page.getByRole('button', { name: 'Load more' });
    await expect(articles.first()).toBeVisible();
    // New astrologers have no rating yet and sort last, so page through until the card shows.
    for (let i = 0; i < 50 && !(await card.isVisible()) && (await loadMore.isVisible()); i++) {
      const shown = await articles.count();
      await loadMore.click();
      await expect.poll(async () => (await articles.count()) > shown || !(await page.getByRole('button', { name: /Load more|Loading/ }).isVisible())).toBe(true);
    }
    await expect(card).toBeVisible();
    await expect(card.getByText('₹25')).toBeVisible();
  });
});

test('an admin verifies, unverifies and suspends an approved astrologer, who then leaves the listings', async ({ page, accounts, request }) => {
  const name = uniqueName('Jyotishi Verify');
  const astrologer = await accounts.approvedAstrologer({ name, profile: { specialties: ['nadi'] } });
  await useSessionIn(page, 'customer', await accounts.logInAdmin());
  const card = page.getByRole('article', { name });

  await test.step('finds the astrologer under Approved', async () => {
    await page.goto('/admin');
    await page.getByRole('tab', { name: 'Approved' }).click();
    await expect(page.getByRole('heading', { name: 'Approved astrologers' })).toBeVisible();
    const loadMore = page.getByRole('button', { name: 'Load more' });
    await expect(page.getByRole('article').first()).toBeVisible();
    // Oldest first, so newly approved astrologers are on a later page.
    for (let i = 0; i < 50 && !(await card.isVisible()) && (await loadMore.isVisible()); i++) {
      const shown = await page.getByRole('article').count();
      await loadMore.click();
      await expect.poll(() => page.getByRole('article').count()).toBeGreaterThan(shown);
    }
    await expect(card).toBeVisible();
  });

  await test.step('grants and withdraws the verified badge', async () => {
    await card.getByRole('button', { name: `Verify ${name}` }).click();
    await expect(card.getByText('Verified', { exact: true })).toBeVisible();
    await expect(card.getByRole('button', { name: `Unverify ${name}` })).toBeVisible();
    const detail = await request.get(`/api/user/astrologers/${astrologer.id}`);
    expect(((await detail.json()) as { verified: boolean }).verified).toBe(true);

    await card.getByRole('button', { name: `Unverify ${name}` }).click();
    await expect(card.getByRole('button', { name: `Verify ${name}` })).toBeVisible();
    await expect(card.getByText('Verified', { exact: true })).toHaveCount(0);
  });

  await test.step('suspends after confirming, and customers no longer find the profile', async () => {
    await card.getByRole('button', { name: `Suspend ${name}` }).click();
    await card.getByRole('button', { name: `Confirm suspending ${name}` }).click();
    await expect(card.getByText('Suspended')).toBeVisible();
    const detail = await request.get(`/api/user/astrologers/${astrologer.id}`);
    expect(detail.status()).toBe(404);
  });
});
