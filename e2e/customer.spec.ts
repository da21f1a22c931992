import { expect, randomPhone, test, uniqueName } from './support/fixtures';

test('a new customer signs up with an SMS code and keeps the profile changes they save', async ({ page, outbox }) => {
  const phone = randomPhone();
  const name = uniqueName('Priya');
  let code = '';

  await test.step('asks for a code with name and mobile number', async () => {
    await page.goto('/signup');
    await page.getByLabel('Full name').fill(name);
    await page.getByLabel('Mobile number').fill(phone);
    await page.getByRole('button', { name: 'Send code' }).click();
    await expect(page.getByText('Enter the 6-digit code')).toBeVisible();
    await expect(page.getByRole('button', { name: /Resend code in \d:\d\d/ })).toBeDisabled();
    code = await outbox.latestCode(phone);
  });

  await test.step('a wrong code is refused with the reason', async () => {
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await page.getByLabel('6-digit code').fill(wrong);
    await page.getByRole('button', { name: 'Verify and continue' }).click();
    await expect(page.getByRole('alert').filter({ hasText: /code/i })).toBeVisible();
    await expect(page).toHaveURL(/\/signup/);
  });

  await test.step('the right code signs in and opens the profile', async () => {
    await page.getByLabel('6-digit code').fill(code);
    await page.getByRole('button', { name: 'Verify and continue' }).click();
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);
    await expect(page.getByRole('link', { name: /Profile/ })).toBeVisible();
  });

  const newName = uniqueName('Priya Sharma');
  await test.step('changes name, birth place and birth details and saves', async () => {
    await page.getByLabel('Name', { exact: true }).fill(newName);
    await page.getByLabel('Birth place').fill('Varanasi, Uttar Pradesh');
    await page.getByLabel('Preferred language').selectOption('hi');
    await page.getByLabel('Birth date').fill('1992-08-15');
    await page.getByLabel('Birth time').fill('06:30');
    await page.getByLabel('Latitude').fill('25.3176');
    await page.getByLabel('Longitude').fill('82.9739');
    await page.getByLabel('Time zone').fill('Asia/Kolkata');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('Profile saved.')).toBeVisible();
  });

  await test.step('the changes are still there after a reload', async () => {
    await page.reload();
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue(newName);
    await expect(page.getByLabel('Birth place')).toHaveValue('Varanasi, Uttar Pradesh');
    await expect(page.getByLabel('Preferred language')).toHaveValue('hi');
    await expect(page.getByLabel('Birth date')).toHaveValue('1992-08-15');
    await expect(page.getByLabel('Birth time')).toHaveValue('06:30');
    await expect(page.getByLabel('Latitude')).toHaveValue('25.3176');
    await expect(page.getByLabel('Time zone')).toHaveValue('Asia/Kolkata');
  });
});
