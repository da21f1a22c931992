import type { Page } from '@playwright/test';
import { expect, recharge, test, uniqueName, useSessionIn } from './support/fixtures';
import { expectNoSeriousViolations } from './support/axe';
import { preferHindi, switchToHindi } from './support/locale';

test('in Hindi, a customer finds an astrologer, reads the profile and recharges the wallet to ₹1,00,000', async ({ page, accounts, request }) => {
  const name = uniqueName('Pandit Hari');
  const astrologer = await accounts.approvedAstrologer({ name, profile: { languages: ['Hindi', 'English', 'Tamil'], specialties: ['vedic'] } });
  const customer = await accounts.signUp('customer', { name: uniqueName('Meera Joshi') });
  // ₹99,900 already in the wallet: the ₹100 pack bought below brings it to ₹1,00,000.
  await recharge(request, customer, 5_000_000);
  await recharge(request, customer, 4_990_000);
  await useSessionIn(page, 'customer', customer);

  await test.step('switches the home page to Hindi with the header switch', async () => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en-IN');
    await switchToHindi(page);
    await expect(page.getByRole('heading', { level: 1, name: 'भरोसेमंद ज्योतिषी से बात करें, कभी भी।' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'मुख्य' }).getByRole('link', { name: 'राशिफल' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'वॉलेट बैलेंस ₹99,900' })).toBeVisible();
  });

  await test.step('searches and sees the astrologer’s languages and specialty in Hindi', async () => {
    await page.getByRole('searchbox', { name: 'ज्योतिषी खोजें' }).fill(name);
    await page.getByRole('button', { name: 'खोजें', exact: true }).click();
    await expect(page.getByRole('heading', { name: `“${name}” के नतीजे` })).toBeVisible();
    const card = page.getByRole('article', { name });
    await expect(card).toContainText('हिन्दी, अंग्रेज़ी, तमिल');
    await expect(card).toContainText('वैदिक');
    await expect(card).toContainText('9 वर्ष का अनुभव');
    await expect(card.getByRole('list', { name: 'प्रति मिनट शुल्क' })).toContainText('₹25/मिनट');
    await card.getByRole('link', { name }).click();
  });

  await test.step('the profile is in Hindi', async () => {
    await expect(page).toHaveURL(new RegExp(`/astrologers/${astrologer.id}$`));
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(page.getByRole('link', { name: 'सभी ज्योतिषी' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'प्रति मिनट शुल्क' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'विशेषज्ञता' })).toHaveText('वैदिक');
  });

  await test.step('recharges ₹100 through the sandbox gateway, in Hindi', async () => {
    await page.getByRole('link', { name: 'वॉलेट बैलेंस ₹99,900' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'आपका वॉलेट' })).toBeVisible();
    await expect(page.getByTestId('wallet-available')).toHaveText('₹99,900');
    await page.getByRole('button', { name: '₹100', exact: true }).click();
    const bill = page.locator('.bill');
    await expect(bill.getByRole('heading', { name: 'भुगतान से पहले' })).toBeVisible();
    await expect(bill.getByText('कुल भुगतान')).toBeVisible();
    await expect(bill.getByRole('definition').nth(2)).toHaveText('₹118');
    await page.getByRole('button', { name: '₹118 का भुगतान करें' }).click();
    await expect(page).toHaveURL(/\/sandbox\/pay\?/);
    await expect(page.getByText('सैंडबॉक्स पेमेंट गेटवे')).toBeVisible();
    await expect(page.getByTestId('sandbox-total')).toHaveText('₹118');
    await page.getByRole('button', { name: '₹118 का भुगतान करें' }).click();
  });

  await test.step('the wallet shows ₹1,00,000 in Indian grouping, and the recharge in the history', async () => {
    await expect(page).toHaveURL(/\/wallet\?recharge=/);
    await expect(page.getByText('आपके वॉलेट में ₹100 जोड़े गए')).toBeVisible();
    await expect(page.getByTestId('wallet-available')).toHaveText('₹1,00,000');
    await expect(page.getByRole('link', { name: 'वॉलेट बैलेंस ₹1,00,000' })).toBeVisible();
    const entry = page.getByRole('list', { name: 'लेन-देन' }).getByRole('listitem').filter({ hasText: 'वॉलेट रिचार्ज' }).first();
    await expect(entry).toContainText('+₹100');
    await expect(entry).toContainText('बैलेंस ₹1,00,000');
  });

  await test.step('switches back to English, and English stays', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en-IN');
    await expect(page.getByRole('heading', { level: 1, name: 'Your wallet' })).toBeVisible();
    await page.goto('/');
    await expect(page.getByRole('button', { name: 'हिन्दी' })).toBeVisible();
  });
});

test('in Hindi, an approved astrologer reads the portal dashboard and profile form', async ({ page, accounts }) => {
  const astrologer = await accounts.approvedAstrologer({ name: uniqueName('Acharya Dev'), profile: { specialties: ['tarot'] } });
  await useSessionIn(page, 'astrologer', astrologer);
  await page.goto('/astrologer');
  await switchToHindi(page);
  await expect(page.getByText('आपकी प्रोफ़ाइल लाइव है')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'ज्योतिषी पोर्टल' })).toBeVisible();
  await expect(page.getByLabel('प्रदर्शित नाम')).toHaveValue(astrologer.displayName);
  await expect(page.getByRole('checkbox', { name: 'टैरो' })).toBeChecked();
  await expect(page.getByLabel('चैट की कीमत (₹/मिनट)')).toHaveValue('25');
  await page.getByRole('button', { name: 'प्रोफ़ाइल सहेजें' }).click();
  await expect(page.getByText('प्रोफ़ाइल सहेज ली गई।')).toBeVisible();
});

test('a browser that prefers Hindi gets Hindi without choosing', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ locale: 'hi-IN', extraHTTPHeaders: { 'accept-language': 'hi-IN,hi;q=0.9,en;q=0.8' }, baseURL });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'hi-IN');
  await expect(page.getByRole('heading', { level: 1, name: 'भरोसेमंद ज्योतिषी से बात करें, कभी भी।' })).toBeVisible();
  await context.close();
});

/** Opens each page in Hindi, waits for its h1, and runs axe on it. */
async function expectAccessibleInHindi(page: Page, paths: string[]): Promise<void> {
  for (const path of paths) {
    await test.step(`${path} in Hindi`, async () => {
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('lang', 'hi-IN');
      await expect(page.locator('h1').first()).toBeVisible();
      await expectNoSeriousViolations(page, `${path} (hi)`);
    });
  }
}

test('in Hindi, the admin console, the kundli and the match tables read in Hindi', async ({ page, context, accounts, baseURL }) => {
  await preferHindi(context, baseURL!);
  await useSessionIn(page, 'customer', await accounts.logInAdmin());

  await test.step('the admin console and the metrics', async () => {
    await page.goto('/admin');
    await expect(page.getByRole('heading', { level: 1, name: 'ज्योतिषी और भुगतान प्रबंधित करें' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'मंज़ूरी की प्रतीक्षा में ज्योतिषी' })).toBeVisible();
    await page.getByRole('tab', { name: 'मंज़ूर' }).click();
    await expect(page.getByRole('heading', { name: 'मंज़ूर ज्योतिषी' })).toBeVisible();
    await page.getByRole('link', { name: 'व्यापार के आँकड़े' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'व्यापार के आँकड़े' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'पूरे होने की दर' })).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'ज्योतिषी' })).toBeVisible();
  });

  await test.step('the kundli: planet names, signs, nakshatra and dasha in Hindi', async () => {
    await page.goto('/kundli');
    await page.getByLabel('नाम', { exact: true }).fill('Asha');
    await page.getByLabel('जन्म तिथि').fill('1990-07-15');
    await page.getByLabel('जन्म समय').fill('10:30');
    await page.getByLabel('जन्म स्थान').fill('New Del');
    await page.getByRole('option', { name: /^New Delhi/ }).first().click();
    await page.getByRole('button', { name: 'मेरी कुंडली बनाएँ' }).click();
    await expect(page.getByTestId('moon-sign')).toHaveText('मीन');
    await expect(page.getByTestId('nakshatra')).toHaveText('रेवती, चरण 3');
    await expect(page.getByTestId('dasha-balance')).toContainText('बुध 5 वर्ष');
    await expect(page.getByRole('img', { name: /^लग्न \(D1\) — Asha की उत्तर भारतीय कुंडली/ })).toBeVisible();
    const planets = page.getByRole('table', { name: 'ग्रह' });
    await expect(planets.locator('tr[data-graha="moon"]')).toContainText('चंद्र');
    await expect(planets.locator('tr[data-graha="moon"]')).toContainText('मीन');
    await expect(planets.locator('tr[data-graha="jupiter"]')).toContainText('गुरु');
    await expect(planets.getByRole('columnheader', { name: 'नवांश' })).toBeVisible();
  });

  await test.step('the match: koota names and values in Hindi', async () => {
    await page.goto('/match');
    for (const [group, b] of [['वर', { name: 'Ravi', date: '1988-03-02', time: '06:10', city: 'Mumb', option: /^Mumbai/ }], ['वधू', { name: 'Asha', date: '1990-07-15', time: '10:30', city: 'New Del', option: /^New Delhi/ }]] as const) {
      const form = page.getByRole('group', { name: group });
      await form.getByLabel('नाम', { exact: true }).fill(b.name);
      await form.getByLabel('जन्म तिथि').fill(b.date);
      await form.getByLabel('जन्म समय').fill(b.time);
      await form.getByLabel('जन्म स्थान').fill(b.city);
      await form.getByRole('option', { name: b.option }).first().click();
    }
    await page.getByRole('button', { name: 'मिलान करें', exact: true }).click();
    const table = page.getByRole('table', { name: 'कूट अंक' });
    await expect(table.locator('tbody tr')).toHaveCount(8);
    await expect(table.locator('tr[data-koota="nadi"]')).toContainText('नाड़ी');
    await expect(table.locator('tr[data-koota="graha_maitri"]')).toContainText('ग्रह मैत्री');
    await expect(table.locator('tr[data-koota="gana"]')).toContainText(/देव|मनुष्य|राक्षस/);
    await expect(table.getByRole('cell', { name: 'कुल' })).toBeVisible();
    await expect(page.getByText(/36 में से .* गुण मिलते हैं/)).toBeVisible();
  });
});

test.describe('accessibility in Hindi', () => {
  // axe takes a few seconds a page on a busy 2-core machine.
  test.slow();

  test('the public pages have no serious violations', async ({ page, context, request, baseURL }) => {
    await preferHindi(context, baseURL!);
    const list = await request.get('/api/user/astrologers');
    const { items } = (await list.json()) as { items: { id: string }[] };
    await expectAccessibleInHindi(page, ['/', `/astrologers/${items[0]!.id}`, '/horoscope', '/login', '/signup']);
  });

  test('a customer’s pages have no serious violations, on a laptop and a phone', async ({ page, context, accounts, request, baseURL }) => {
    await preferHindi(context, baseURL!);
    const customer = await accounts.signUp('customer', { name: uniqueName('Anil Verma') });
    await recharge(request, customer, 5_000_000);
    await useSessionIn(page, 'customer', customer);
    await expectAccessibleInHindi(page, ['/wallet', '/consultations', '/notifications', '/favorites', '/profile']);
    await page.setViewportSize({ width: 390, height: 844 });
    await expectAccessibleInHindi(page, ['/', '/wallet']);
  });

  test('the astrologer portal has no serious violations', async ({ page, context, accounts, baseURL }) => {
    await preferHindi(context, baseURL!);
    await useSessionIn(page, 'astrologer', await accounts.approvedAstrologer({ name: uniqueName('Acharya Axe') }));
    await expectAccessibleInHindi(page, ['/astrologer', '/astrologer/requests', '/astrologer/earnings']);
  });
});
