import { readFile } from 'node:fs/promises';
import { expect, test, uniqueName, useSessionIn } from './support/fixtures';

test('a customer recharges the wallet through the sandbox gateway, sees GST before paying, and downloads a statement', async ({ page, accounts }) => {
  const customer = await accounts.signUp('customer', { name: uniqueName('Kavya Menon') });
  await useSessionIn(page, 'customer', customer);
  const available = page.getByTestId('wallet-available');

  await test.step('a new wallet is empty, and the header shows it', async () => {
    await page.goto('/wallet');
    await expect(page.getByRole('heading', { name: 'Your wallet' })).toBeVisible();
    await expect(available).toHaveText('₹0');
    await expect(page.getByRole('link', { name: 'Wallet balance ₹0' })).toBeVisible();
    await expect(page.getByText('No transactions yet')).toBeVisible();
  });

  await test.step('the ₹100 pack shows ₹18 GST and ₹118 to pay before paying', async () => {
    await page.getByRole('button', { name: '₹100', exact: true }).click();
    await expect(page.getByRole('button', { name: '₹100', exact: true })).toHaveAttribute('aria-pressed', 'true');
    const bill = page.locator('.bill');
    await expect(bill.getByRole('definition').nth(0)).toHaveText('₹100');
    await expect(bill.getByText('GST (18%)')).toBeVisible();
    await expect(bill.getByRole('definition').nth(1)).toHaveText('₹18');
    await expect(bill.getByRole('definition').nth(2)).toHaveText('₹118');
  });

  await test.step('a custom amount below the minimum is refused before paying', async () => {
    await page.getByLabel('Or enter an amount').fill('5');
    await page.getByLabel('Or enter an amount').blur();
    await expect(page.getByText(/Enter an amount between ₹\S+ and ₹\S+\./)).toBeVisible();
    await expect(page.getByRole('button', { name: /^Pay/ })).toBeDisabled();
    await page.getByRole('button', { name: '₹100', exact: true }).click();
  });

  await test.step('pays ₹118 on the sandbox gateway page', async () => {
    await page.getByRole('button', { name: 'Pay ₹118' }).click();
    await expect(page).toHaveURL(/\/sandbox\/pay\?order=[^&]+&recharge=[0-9a-f-]{36}$/);
    await expect(page.getByText('Sandbox payment gateway')).toBeVisible();
    await expect(page.getByText('test mode — no real money')).toBeVisible();
    await expect(page.getByTestId('sandbox-total')).toHaveText('₹118');
    await page.getByRole('button', { name: 'Pay ₹118' }).click();
  });

  await test.step('back on the wallet: success banner, ₹100 available, the recharge in the history with its GST', async () => {
    await expect(page).toHaveURL(/\/wallet\?recharge=[0-9a-f-]{36}$/);
    await expect(page.getByText('₹100 added to your wallet')).toBeVisible();
    await expect(available).toHaveText('₹100');
    await expect(page.getByRole('link', { name: 'Wallet balance ₹100' })).toBeVisible();
    const history = page.getByRole('list', { name: 'Transactions' });
    const entry = history.getByRole('listitem').filter({ hasText: 'Wallet recharge' });
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText('+₹100');
    await expect(entry).toContainText('incl. GST ₹18 paid on top');
    await expect(entry).toContainText('Balance ₹100');
  });

  await test.step('a failed payment shows why and leaves the balance alone', async () => {
    await page.getByRole('button', { name: '₹100', exact: true }).click();
    await page.getByRole('button', { name: 'Pay ₹118' }).click();
    await expect(page).toHaveURL(/\/sandbox\/pay\?/);
    await page.getByRole('button', { name: 'Fail payment' }).click();
    await expect(page).toHaveURL(/\/wallet\?recharge=/);
    await expect(page.getByText('Payment failed — nothing was charged')).toBeVisible();
    await expect(available).toHaveText('₹100');
    await expect(page.getByRole('list', { name: 'Transactions' }).getByRole('listitem')).toHaveCount(1);
  });

  await test.step('the statement downloads as a CSV with the recharge', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download statement (CSV)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    const csv = await readFile((await file.path())!, 'utf8');
    expect(csv).toContain('recharge');
    expect(csv).toContain('"100.00"');
  });
});

test('signed out, the wallet asks to log in', async ({ page }) => {
  await page.goto('/wallet');
  await expect(page.getByRole('heading', { name: 'Your wallet' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Log in' })).toHaveAttribute('href', '/login?next=%2Fwallet');
});
