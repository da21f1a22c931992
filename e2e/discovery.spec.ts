import { clockIn, dateIn, everyDay, expect, test, uniqueName, useSessionIn } from './support/fixtures';

const VIEWER_ZONE = 'America/New_York';

test.use({ timezoneId: VIEWER_ZONE });

test('a customer searches and filters, opens a profile with slots in their time zone, favorites the astrologer and finds them again', async ({
  page,
  accounts,
  request,
}) => {
  // An in-person Tarot reader in Jaipur, at a chat price no seeded astrologer has, with hours every morning (IST).
  const name = uniqueName('Pandita Kalyani');
  const cities = await request.get('/api/user/location/cities?q=Jaipur&limit=1');
  const jaipur = ((await cities.json()) as { items: { lat: number; lon: number }[] }).items[0]!;
  const astrologer = await accounts.approvedAstrologer({
    name,
    profile: {
      specialties: ['tarot', 'vedic'],
      languages: ['Hindi', 'English'],
      priceChatPaise: 9_150,
      priceCallPaise: 9_900,
      city: 'Jaipur',
      offersInPerson: true,
      lat: Math.round(jaipur.lat * 100) / 100,
      lon: Math.round(jaipur.lon * 100) / 100,
    },
    availability: {
      timeZone: 'Asia/Kolkata',
      weekly: everyDay([{ start: '09:00', end: '11:00' }]),
      overrides: [],
      slotMinutes: 60,
      pricePaise: 50_000,
      bufferMinutes: 0,
      minNoticeMinutes: 0,
      horizonDays: 30,
    },
  });
  const customer = await accounts.signUp('customer', { name: uniqueName('Neha') });
  await useSessionIn(page, 'customer', customer);
  const card = page.getByRole('article', { name });

  await test.step('searches "tarot hindi" and narrows the chat price to ₹90–₹95', async () => {
    await page.goto('/');
    await page.getByRole('searchbox', { name: 'Search astrologers' }).fill('tarot hindi');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/[?&]q=tarot(\+|%20)hindi/);
    await expect(page.getByRole('heading', { name: 'Results for “tarot hindi”' })).toBeVisible();

    // On a phone the filters fold away; at this size they are open.
    await page.getByLabel('Minimum price (₹/min)').fill('90');
    await page.getByLabel('Maximum price (₹/min)').fill('95');
    await expect(page).toHaveURL(/minPrice=90/);
    await expect(page).toHaveURL(/maxPrice=95/);
    await expect(card).toBeVisible();
    await expect(card.getByText('₹91.50')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Remove filter ₹90–₹95/min' })).toBeVisible();
  });

  await test.step('the search survives a reload, because it lives in the URL', async () => {
    await page.reload();
    await expect(page.getByRole('searchbox', { name: 'Search astrologers' })).toHaveValue('tarot hindi');
    await expect(page.getByLabel('Minimum price (₹/min)')).toHaveValue('90');
    await expect(card).toBeVisible();
  });

  await test.step('opens the profile from the results', async () => {
    await card.getByRole('link', { name }).click();
    await expect(page).toHaveURL(new RegExp(`/astrologers/${astrologer.id}$`));
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Specialties' }).getByText('Tarot')).toBeVisible();
    await expect(page.getByText('No reviews yet.')).toBeVisible();
  });

  await test.step('sees the free slots in New York time', async () => {
    const slots = page.getByRole('region', { name: 'Consultation slots' });
    await expect(slots.getByText(VIEWER_ZONE)).toBeVisible();
    // 09:00 and 10:00 in Kolkata (UTC+5:30) are 03:30 and 04:30 UTC: the evening before in New York.
    const [y, m, d] = dateIn('Asia/Kolkata', 2).split('-').map(Number) as [number, number, number];
    const first = clockIn(VIEWER_ZONE, new Date(Date.UTC(y, m - 1, d, 3, 30)));
    const second = clockIn(VIEWER_ZONE, new Date(Date.UTC(y, m - 1, d, 4, 30)));
    expect(first).toMatch(/^(10|11):30 PM$/);
    await expect(slots.getByRole('button', { name: first }).first()).toBeVisible();
    await expect(slots.getByRole('button', { name: second }).first()).toBeVisible();
    // No slot is shown at the Kolkata wall-clock time.
    await expect(slots.getByRole('button', { name: '9:00 AM' })).toHaveCount(0);

    await slots.getByRole('button', { name: first }).first().click();
    await expect(slots.getByRole('heading', { name: 'Review your booking' })).toBeVisible();
  });

  await test.step('favorites the astrologer', async () => {
    const heart = page.getByRole('button', { name: `Favorite ${name}` });
    await expect(heart).toHaveAttribute('aria-pressed', 'false');
    await heart.click();
    await expect(heart).toHaveAttribute('aria-pressed', 'true');
    // Kept on the server: still a favorite after a reload.
    await page.reload();
    await expect(page.getByRole('button', { name: `Favorite ${name}` })).toHaveAttribute('aria-pressed', 'true');
  });

  await test.step('finds them on the favorites page', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Favorites' }).click();
    await expect(page.getByRole('heading', { name: 'Favorite astrologers' })).toBeVisible();
    await expect(page.getByRole('article', { name })).toBeVisible();
    await expect(page.getByRole('article', { name }).getByRole('button', { name: `Favorite ${name}` })).toHaveAttribute('aria-pressed', 'true');
  });

  await test.step('finds them on the nearby map list when choosing Jaipur, even with no map tiles', async () => {
    // Tile servers are unreachable here anyway; failing them outright keeps the test the same everywhere.
    await page.route(/tile\.openstreetmap\.org/, (route) => route.abort());
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Nearby' }).click();
    await expect(page.getByRole('heading', { name: 'Astrologers near you' })).toBeVisible();
    await page.getByRole('combobox', { name: 'City' }).fill('Jaip');
    await page.getByRole('option', { name: 'Jaipur, Rajasthan' }).click();
    await page.getByLabel('Distance').selectOption('10');
    await expect(page).toHaveURL(/radius=10/);

    const list = page.getByRole('list', { name: 'Astrologers nearby, nearest first' });
    const item = list.getByRole('article', { name });
    await expect(item).toBeVisible();
    await expect(item.getByText(/\d+(\.\d)? km away/)).toBeVisible();
    await expect(page.getByRole('heading', { name: /astrologers? within 10 km of Jaipur, Rajasthan/ })).toBeVisible();
    // The marker is on the map too, and the page says the background could not load.
    await expect(page.getByRole('button', { name: new RegExp(`^${name}, [\\d.]+ km away$`) })).toBeAttached();
    await expect(page.getByText('Map background unavailable.')).toBeVisible();

    await item.getByRole('button', { name: `Show on map: ${name}` }).click();
    await expect(page.getByRole('link', { name: 'View profile' })).toBeVisible();
  });
});
