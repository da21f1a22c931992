import { dateIn, dayName, expect, test, uniqueName, useSessionIn } from './support/fixtures';

const ZONE = 'Asia/Kolkata';

test.use({ timezoneId: ZONE });

test('an astrologer sets weekly hours and a day off in the portal, and customers see exactly those slots', async ({ page, browser, baseURL, accounts }) => {
  const name = uniqueName('Acharya Slot');
  const astrologer = await accounts.approvedAstrologer({ name, profile: { specialties: ['vedic'] } });
  const tomorrow = dateIn(ZONE, 1);
  const dayOff = dateIn(ZONE, 2);
  const after = dateIn(ZONE, 3);

  // The customer is a visitor who is not signed in: slots are public.
  const customer = await browser.newPage({ timezoneId: ZONE, ...(baseURL ? { baseURL } : {}) });
  const slots = customer.getByRole('region', { name: 'Consultation slots' });

  await test.step('before any hours are set, the profile has no free slots', async () => {
    await customer.goto(`/astrologers/${astrologer.id}`);
    await expect(customer.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(slots.getByText('No free slots in this week.')).toBeVisible();
    await expect(slots.getByRole('group', { name: dayName(tomorrow) }).getByText('No slots')).toBeVisible();
  });

  await test.step('the astrologer sets 10:00–12:00 on Monday and copies it to every day', async () => {
    await useSessionIn(page, 'astrologer', astrologer);
    await page.goto('/astrologer');
    await expect(page.getByRole('heading', { name: 'Availability' })).toBeVisible();
    await expect(page.getByLabel('Time zone')).toHaveValue(ZONE);

    const monday = page.getByRole('group', { name: 'Monday' });
    await expect(monday.getByText('Closed')).toBeVisible();
    await monday.getByRole('button', { name: 'Add hours on Monday' }).click();
    await monday.getByLabel('Monday start').fill('10:00');
    await monday.getByLabel('Monday end').fill('12:00');
    await monday.getByRole('button', { name: 'Copy to all days from Monday' }).click();
    await expect(page.getByRole('group', { name: 'Sunday' }).getByLabel('Sunday start')).toHaveValue('10:00');

    await page.getByLabel('Slot length').selectOption('60');
    await page.getByLabel('Price per slot (₹)').fill('500');
  });

  await test.step('adds a day off the day after tomorrow and saves', async () => {
    await page.getByLabel('Date', { exact: true }).fill(dayOff);
    await expect(page.getByLabel('On that date')).toHaveValue('off');
    await page.getByRole('button', { name: 'Add date' }).click();
    await expect(page.getByRole('listitem', { name: new RegExp(dayName(dayOff)) }).getByText('Day off')).toBeVisible();
    await page.getByRole('button', { name: 'Save availability' }).click();
    await expect(page.getByText('Availability saved.')).toBeVisible();

    // Kept on the server.
    await page.reload();
    await expect(page.getByRole('group', { name: 'Thursday' }).getByLabel('Thursday end')).toHaveValue('12:00');
    await expect(page.getByRole('listitem', { name: new RegExp(dayName(dayOff)) })).toBeVisible();
  });

  await test.step('the customer now sees 10:00 and 11:00 slots, and none on the day off', async () => {
    await customer.reload();
    for (const day of [tomorrow, after]) {
      const group = slots.getByRole('group', { name: dayName(day) });
      await expect(group.getByRole('button', { name: '10:00 AM' })).toBeVisible();
      await expect(group.getByRole('button', { name: '11:00 AM' })).toBeVisible();
      await expect(group.getByRole('button')).toHaveCount(2);
    }
    const off = slots.getByRole('group', { name: dayName(dayOff) });
    await expect(off.getByText('No slots')).toBeVisible();
    await expect(off.getByRole('button')).toHaveCount(0);
    await expect(slots.getByText('₹500')).toBeVisible();
  });

  await customer.close();
});
