import { dateIn, dayName, everyDay, expect, recharge, test, uniqueName, useSessionIn, type Availability } from './support/fixtures';

const ZONE = 'Asia/Kolkata';
test.use({ timezoneId: ZONE });

/** Open every day, 09:00–21:00 Kolkata, ₹500 a 30-minute slot. */
const availability = (pricePaise = 50_000): Availability => ({
  timeZone: ZONE,
  weekly: everyDay([{ start: '09:00', end: '21:00' }]),
  overrides: [],
  slotMinutes: 30,
  pricePaise,
  bufferMinutes: 0,
  minNoticeMinutes: 60,
  horizonDays: 30,
});

test('a customer books a slot, the astrologer accepts it in the portal, and the customer sees it confirmed', async ({ page, browser, accounts, request, baseURL }) => {
  const astrologerName = uniqueName('Pandit Raghav Shastri');
  const astrologer = await accounts.approvedAstrologer({ name: astrologerName, availability: availability() });
  const customerName = uniqueName('Ishita Kapoor');
  const customer = await accounts.signUp('customer', { name: customerName });
  await recharge(request, customer, 100_000);
  await useSessionIn(page, 'customer', customer);
  const tomorrow = dateIn(ZONE, 1);

  await test.step('picks 10:00 AM tomorrow and reviews the booking', async () => {
    await page.goto(`/astrologers/${astrologer.id}`);
    const slots = page.getByRole('region', { name: 'Consultation slots' });
    await slots.getByRole('group', { name: dayName(tomorrow) }).getByRole('button', { name: '10:00 AM' }).click();
    await expect(slots.getByRole('heading', { name: 'Review your booking' })).toBeVisible();
    await expect(page.getByTestId('booking-price')).toHaveText('₹500');
    await expect(page.getByTestId('booking-wallet')).toHaveText('₹1,000');
    await expect(slots.getByText(/Full refund if you cancel at least 24 hours before the start; later, a fee of 50%/)).toBeVisible();
    await expect(slots.getByText(/Full refund if the astrologer declines, doesn't respond in 15 min, cancels or doesn't show/)).toBeVisible();
    await slots.getByRole('radio', { name: 'Call' }).check();
  });

  await test.step('confirms: the request is sent and ₹500 is reserved', async () => {
    await page.getByRole('button', { name: 'Confirm and reserve ₹500' }).click();
    await expect(page.getByRole('heading', { name: 'Request sent' })).toBeVisible();
    await expect(page.getByText(/₹500\s*reserved from your wallet; .* has 15 minutes to accept/)).toBeVisible();
    await expect(page.getByRole('link', { name: 'Wallet balance ₹500' })).toBeVisible();
  });

  await test.step('My consultations shows it awaiting the astrologer; the wallet holds ₹500', async () => {
    await page.getByRole('link', { name: 'My consultations' }).click();
    await expect(page).toHaveURL(/\/consultations$/);
    const row = page.getByRole('listitem', { name: `Call with ${astrologerName}` });
    await expect(row).toContainText('Awaiting astrologer');
    await expect(row).toContainText('₹500');
    await expect(row).toContainText('10:00 AM');
    await page.goto('/wallet');
    await expect(page.getByTestId('wallet-available')).toHaveText('₹500');
    await expect(page.getByText('₹500 reserved for booked sessions · total ₹1,000')).toBeVisible();
  });

  await test.step('the astrologer, in another browser, sees the request and accepts it', async () => {
    const context = await browser.newContext({ timezoneId: ZONE, ...(baseURL ? { baseURL } : {}) });
    const portal = await context.newPage();
    await useSessionIn(portal, 'astrologer', astrologer);
    await portal.goto('/astrologer');
    await portal.getByRole('navigation', { name: 'Astrologer portal' }).getByRole('link', { name: 'Requests' }).click();
    await expect(portal).toHaveURL(/\/astrologer\/requests$/);
    const request = portal.getByRole('listitem', { name: `Call with ${customerName}` });
    await expect(request).toContainText('New request');
    await expect(request).toContainText('₹500');
    await expect(request).not.toContainText(customer.phone);
    await request.getByRole('button', { name: 'Accept' }).click();
    await expect(request).toContainText('Confirmed');
    await expect(request.getByRole('button', { name: 'Start' })).toBeVisible();
    // Far ahead of the slot, starting it is refused with the API's reason.
    await request.getByRole('button', { name: 'Start' }).click();
    await expect(request.getByRole('alert')).toContainText(/at most \d+ minutes before the slot/);
    await context.close();
  });

  await test.step('the customer sees it confirmed', async () => {
    await page.goto('/consultations');
    const row = page.getByRole('listitem', { name: `Call with ${astrologerName}` });
    await expect(row).toContainText('Confirmed');
    await row.getByRole('button', { name: 'Cancel' }).click();
    // Less than 24 hours ahead? Then a fee; otherwise everything back. Tomorrow 10:00 can be either.
    await expect(row.getByText(/Cancelling now: (the full ₹500 goes back|₹250 back to your wallet, a late-cancellation fee of ₹250)/)).toBeVisible();
    await row.getByRole('button', { name: 'Keep it' }).click();
  });
});

test('with too little in the wallet, booking shows the shortfall and a recharge button', async ({ page, accounts, request }) => {
  const astrologer = await accounts.approvedAstrologer({ name: uniqueName('Acharya Vinod Joshi'), availability: availability(80_000) });
  const customer = await accounts.signUp('customer', { name: uniqueName('Rohan Das') });
  await recharge(request, customer, 30_000);
  await useSessionIn(page, 'customer', customer);

  await page.goto(`/astrologers/${astrologer.id}`);
  const slots = page.getByRole('region', { name: 'Consultation slots' });
  await slots.getByRole('group', { name: dayName(dateIn(ZONE, 2)) }).getByRole('button', { name: '11:30 AM' }).click();
  await expect(page.getByTestId('booking-wallet')).toHaveText('₹300');
  await page.getByRole('button', { name: 'Confirm and reserve ₹800' }).click();
  await expect(page.getByText('Not enough in your wallet')).toBeVisible();
  await expect(page.getByTestId('booking-shortfall')).toHaveText('₹500');
  const rechargeLink = page.getByRole('link', { name: 'Recharge ₹500' });
  await expect(rechargeLink).toHaveAttribute('href', '/wallet');
  await rechargeLink.click();
  await expect(page.getByRole('heading', { name: 'Your wallet' })).toBeVisible();
});

test('signed out, picking a slot asks to log in and come back', async ({ page, accounts }) => {
  const astrologer = await accounts.approvedAstrologer({ name: uniqueName('Jyotishi Meena'), availability: availability() });
  await page.goto(`/astrologers/${astrologer.id}`);
  const slots = page.getByRole('region', { name: 'Consultation slots' });
  await slots.getByRole('group', { name: dayName(dateIn(ZONE, 1)) }).getByRole('button', { name: '10:00 AM' }).click();
  await expect(slots.getByRole('heading', { name: 'Log in to book' })).toBeVisible();
  await expect(slots.getByRole('link', { name: 'Log in' })).toHaveAttribute('href', `/login?next=${encodeURIComponent(`/astrologers/${astrologer.id}`)}`);
});
