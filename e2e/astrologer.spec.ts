import { expect, randomPhone, test, uniqueName } from './support/fixtures';

test('a new astrologer signs up in the portal, is told the profile is pending approval, and fills it in', async ({ page, outbox }) => {
  const phone = randomPhone();
  const name = uniqueName('Acharya Dev');

  await test.step('signs up with name and mobile number', async () => {
    await page.goto('/astrologer');
    await expect(page.getByRole('tab', { name: 'Sign up' })).toHaveAttribute('aria-selected', 'true');
    await page.getByLabel('Your name').fill(name);
    await page.getByLabel('Mobile number').fill(phone);
    await page.getByRole('button', { name: 'Send code' }).click();
  });

  await test.step('enters the code from the SMS', async () => {
    await page.getByLabel('6-digit code').fill(await outbox.latestCode(phone));
    await page.getByRole('button', { name: 'Verify and continue' }).click();
  });

  await test.step('sees the pending approval notice and the profile form', async () => {
    await expect(page.getByText(/pending approval/)).toBeVisible();
    await expect(page.getByLabel('Display name')).toBeVisible();
    await expect(page.getByLabel('Chat price (₹/min)')).toBeVisible();
  });

  await test.step('fills in the profile with prices in rupees, and it is kept', async () => {
    await page.getByLabel('Languages').fill('Hindi, English');
    await page.getByLabel('Experience (years)').fill('12');
    await page.getByRole('checkbox', { name: 'Vedic' }).check();
    await page.getByRole('checkbox', { name: 'Tarot' }).check();
    await page.getByLabel('Chat price (₹/min)').fill('25');
    await page.getByLabel('Call price (₹/min)').fill('30.50');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByText('Profile saved.')).toBeVisible();

    await page.reload();
    await expect(page.getByLabel('Languages')).toHaveValue('Hindi, English');
    await expect(page.getByLabel('Experience (years)')).toHaveValue('12');
    await expect(page.getByRole('checkbox', { name: 'Tarot' })).toBeChecked();
    await expect(page.getByLabel('Chat price (₹/min)')).toHaveValue('25');
    await expect(page.getByLabel('Call price (₹/min)')).toHaveValue('30.50');
    await expect(page.getByLabel('Video price (₹/min)')).toHaveValue('');
  });
});
