import { expect, test, uniqueName, useSessionIn } from './support/fixtures';
import type { Page } from '@playwright/test';

async function fillBirth(scope: ReturnType<Page['locator']> | Page, b: { name: string; date: string; time: string; city: string; option: RegExp }) {
  await scope.getByLabel('Name').fill(b.name);
  await scope.getByLabel('Date of birth').fill(b.date);
  await scope.getByLabel('Time of birth').fill(b.time);
  await scope.getByLabel('Place of birth').fill(b.city);
  await scope.getByRole('option', { name: b.option }).first().click();
}

const shoot = async (page: Page, name: string) => {
  if (!process.env.ASTRO_SHOTS) return;
  for (const [size, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: `${process.env.ASTRO_SHOTS}/${size}-${name}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
};

test('draws the kundli of a Delhi birth with both chart styles, planets, nakshatra and dasha', async ({ page }) => {
  await test.step('fills the birth details with the place from the suggestions', async () => {
    await page.goto('/kundli');
    await fillBirth(page, { name: 'Asha', date: '1990-07-15', time: '10:30', city: 'New Del', option: /^New Delhi/ });
    await expect(page.getByTestId('birth-zone')).toContainText('Time zone: Asia/Kolkata (India, from the place of birth)');
    await page.getByRole('button', { name: 'Draw my kundli' }).click();
    await expect(page.getByText('(Asia/Kolkata) · UTC 1990-07-15 05:00')).toBeVisible();
  });

  await test.step('shows lagna, rashi, nakshatra and the dasha balance', async () => {
    await expect(page.getByTestId('lagna')).toHaveText(/^Virgo 1°5\d′$/);
    await expect(page.getByTestId('moon-sign')).toHaveText('Pisces (Meena)');
    await expect(page.getByTestId('nakshatra')).toHaveText('Revati, pada 3');
    await expect(page.getByTestId('dasha-balance')).toContainText('Mercury 5 years');
  });

  await test.step('draws the North Indian chart with Virgo rising and the Moon in the 7th house', async () => {
    const north = page.getByRole('img', { name: /^Lagna \(D1\) — North Indian chart of Asha/ });
    await expect(north).toBeVisible();
    await expect(north.locator('[data-house="1"]')).toHaveAttribute('data-sign', 'virgo');
    await expect(north.locator('[data-house="7"]')).toContainText('Mo');
    await expect(page.getByRole('img', { name: /^Navamsa \(D9\) — North Indian/ })).toBeVisible();
  });

  await test.step('lists the planets', async () => {
    const table = page.getByRole('table', { name: 'Planets' });
    await expect(table.locator('tr[data-graha="moon"]')).toContainText('Pisces');
    await expect(table.locator('tr[data-graha="moon"]')).toContainText('Revati');
    await expect(table.locator('tr[data-graha="saturn"]')).toContainText('Saturn (R)');
    await expect(table.locator('tbody tr')).toHaveCount(10);
  });
  await shoot(page, 'kundli-north');

  await test.step('switches to the South Indian chart, Virgo marked as lagna', async () => {
    await page.getByRole('tab', { name: 'South Indian' }).click();
    const south = page.getByRole('img', { name: /^Lagna \(D1\) — South Indian chart of Asha/ });
    await expect(south.locator('[data-sign="virgo"]')).toHaveAttribute('aria-label', /Virgo \(lagna\)/);
    await expect(south.locator('[data-sign="pisces"]')).toContainText('Mo');
  });
  await shoot(page, 'kundli-south');
});

test('matches two people and shows the koota table with a total that adds up', async ({ page, request }) => {
  const boy = { name: 'Ravi', date: '1988-03-02', time: '06:10', city: 'Mumb', option: /^Mumbai/ };
  const girl = { name: 'Asha', date: '1990-07-15', time: '10:30', city: 'New Del', option: /^New Delhi/ };

  await test.step('fills both forms', async () => {
    await page.goto('/match');
    await fillBirth(page.getByRole('group', { name: 'Boy' }), boy);
    await fillBirth(page.getByRole('group', { name: 'Girl' }), girl);
    await page.getByRole('button', { name: 'Match', exact: true }).click();
  });

  await test.step('shows eight kootas whose points add up to the total the API gives', async () => {
    const table = page.getByRole('table', { name: 'Koota points' });
    await expect(table.locator('tbody tr')).toHaveCount(8);
    const res = await request.post('/api/user/kundli/match', {
      data: { boy: { name: 'Ravi', date: '1988-03-02', time: '06:10', place: 'Mumbai' }, girl: { name: 'Asha', date: '1990-07-15', time: '10:30', place: 'New Delhi' } },
    });
    const api = (await res.json()) as { total: number; kootas: { key: string; points: number; max: number }[] };
    const half = (n: number) => (Number.isInteger(n) ? String(n) : `${Math.floor(n)}½`);
    await expect(page.getByTestId('match-total')).toHaveText(half(api.total));
    for (const k of api.kootas) await expect(table.locator(`tr[data-koota="${k.key}"]`)).toContainText(`${half(k.points)} / ${k.max}`);
    await expect(table.locator('tfoot')).toContainText(`${half(api.total)} / 36`);
    await expect(page.getByText(/Ravi and Asha score \d+½? of 36 gunas/)).toBeVisible();
    await expect(page.getByText('Pisces moon, Revati')).toBeVisible();
  });
  await shoot(page, 'match');
});

test('reads a sign horoscope by period and language, and shows the panchang on the home page', async ({ page }) => {
  await test.step('home page panchang', async () => {
    await page.goto('/');
    const panchang = page.getByTestId('panchang');
    await expect(panchang.getByText('Tithi')).toBeVisible();
    await expect(panchang.getByText('Sunrise · Sunset')).toBeVisible();
  });
  await shoot(page, 'home');

  await test.step('from the header to Leo, weekly, in Hindi', async () => {
    await page.getByRole('link', { name: 'Horoscope' }).first().click();
    await page.getByRole('link', { name: /^Leo Simha/ }).click();
    await expect(page.getByRole('heading', { name: /Leo horoscope/ })).toBeVisible();
    await expect(page.getByTestId('horoscope-text')).toContainText('Leo');
    await page.getByRole('tab', { name: 'This week' }).click();
    await expect(page.getByTestId('horoscope-text')).toContainText('this week');
    await page.getByRole('tab', { name: 'हिंदी' }).click();
    await expect(page.getByTestId('horoscope-text')).toContainText('सिंह');
  });
  await shoot(page, 'horoscope');
});

test("an astrologer publishes this month's Capricorn horoscope, which readers see with their name", async ({ page, browser, accounts }) => {
  const name = uniqueName('Pandit Publish');
  const astrologer = await accounts.signUp('astrologer', { name });
  const text = `Capricorn, a steady month: finish what you started and keep your savings safe. (${name})`;

  await test.step('the astrologer writes the text from the sign page', async () => {
    await useSessionIn(page, 'astrologer', astrologer);
    await page.goto('/horoscope/capricorn');
    await page.getByRole('tab', { name: 'This month' }).click();
    await expect(page.getByTestId('horoscope-text')).toContainText('this month');
    await page.getByRole('button', { name: "Write this month's Capricorn horoscope" }).click();
    await page.getByLabel('English').fill(text);
    await page.getByRole('button', { name: 'Publish' }).click();
    await expect(page.getByTestId('horoscope-text')).toHaveText(text);
  });

  await test.step('a visitor reads it, signed with the name', async () => {
    const visitor = await browser.newPage();
    await visitor.goto('/horoscope/capricorn');
    await visitor.getByRole('tab', { name: 'This month' }).click();
    await expect(visitor.getByTestId('horoscope-text')).toHaveText(text);
    await expect(visitor.getByText(`by ${name}`)).toBeVisible();
    await expect(visitor.getByRole('button', { name: /Write this month/ })).toHaveCount(0);
    await visitor.close();
  });
});

test('asks which reading was meant for a birth in the hour that happened twice when war time ended (Oct 1945)', async ({ page }) => {
  await page.goto('/kundli');
  await fillBirth(page, { name: 'Kamla', date: '1945-10-14', time: '23:30', city: 'New Del', option: /^New Delhi/ });
  await page.getByRole('button', { name: 'Draw my kundli' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'happened twice' });
  await expect(alert).toContainText('Time');
  await alert.getByRole('button', { name: 'Read it as UTC+6:30' }).click();
  await expect(page.getByText('UTC 1945-10-14 17:00')).toBeVisible();
  await expect(page.getByTestId('moon-sign')).toBeVisible();
});

test('reads the birth time in the time zone the person chooses instead of the place\'s', async ({ page }) => {
  await page.goto('/kundli');
  await fillBirth(page, { name: 'Meera', date: '1990-07-15', time: '10:30', city: 'New Del', option: /^New Delhi/ });
  await page.getByRole('button', { name: 'Change time zone' }).click();
  await page.getByLabel('Time zone').selectOption('Asia/Dubai');
  await page.getByRole('button', { name: 'Draw my kundli' }).click();
  await expect(page.getByText('(Asia/Dubai) · UTC 1990-07-15 06:30')).toBeVisible();
});

test('a signed-in customer keeps the charts they draw and reopens one', async ({ page, accounts }) => {
  const me = await accounts.signUp('customer', { name: uniqueName('Chart Keeper') });
  await useSessionIn(page, 'customer', me);
  await page.goto('/kundli');
  await fillBirth(page, { name: 'Dadi', date: '1948-01-30', time: '17:15', city: 'New Del', option: /^New Delhi/ });
  await page.getByRole('button', { name: 'Draw my kundli' }).click();
  await expect(page.getByText('Saved to your charts.')).toBeVisible();
  const mine = page.getByRole('region', { name: 'My charts' });
  await expect(mine.getByRole('button', { name: 'Dadi' })).toBeVisible();
  await page.reload();
  await mine.getByRole('button', { name: 'Dadi' }).click();
  await expect(page.getByRole('heading', { name: 'Dadi', level: 2 })).toBeVisible();
  await expect(page.getByTestId('nakshatra')).toHaveText(/, pada [1-4]$/);
});
