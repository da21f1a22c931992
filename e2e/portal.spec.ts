import { crc32, deflateSync } from 'node:zlib';
import { expect, test, uniqueName, useSessionIn } from './support/fixtures';

/** A small solid-colour PNG, built here so the test needs no image files. */
function png(size: number, [r, g, b]: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => [r, g, b]).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

const PNG = png(64, [242, 140, 40]);

test('an approved astrologer uploads a photo, sets where they consult, and goes online for customers and back offline', async ({ page, browser, baseURL, accounts }) => {
  const name = uniqueName('Guru Prakash');
  const astrologer = await accounts.approvedAstrologer({ name, profile: { specialties: ['kp'] } });
  await useSessionIn(page, 'astrologer', astrologer);
  await page.goto('/astrologer');
  await expect(page.getByText('Your profile is live')).toBeVisible();

  await test.step('a file that is not an image is refused with the reason', async () => {
    await page.getByLabel(/profile photo/i).setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not really a picture') });
    await expect(page.getByRole('alert').filter({ hasText: 'Photo not accepted' })).toBeVisible();
  });

  await test.step('a PNG becomes the profile photo, here and for customers', async () => {
    await page.getByLabel(/profile photo/i).setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: PNG });
    await expect(page.getByText('Photo updated.')).toBeVisible();
    await expect(page.getByLabel(/profile photo/i)).toHaveAccessibleName(/^Change photo/);
    const res = await page.request.get(`/api/user/astrologers/${astrologer.id}`);
    const photoUrl = ((await res.json()) as { photoUrl: string | null }).photoUrl;
    expect(photoUrl).toBeTruthy();
    const photo = await page.request.get(photoUrl!);
    expect(photo.headers()['content-type']).toBe('image/webp');
  });

  await test.step('says they meet customers in person in Pune, picked from the city suggestions', async () => {
    const city = page.getByRole('combobox', { name: 'City' });
    await city.fill('Pun');
    await page.getByRole('option', { name: /^Pune, / }).click();
    await expect(city).toHaveValue('Pune');
    await expect(page.getByText(/On the map near 18\.\d\d, 73\.\d\d/)).toBeVisible();
    await page.getByRole('checkbox', { name: 'I meet customers in person' }).check();
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByText('Profile saved.')).toBeVisible();
    const nearby = await page.request.get('/api/user/location/nearby?city=Pune&radiusKm=5&limit=100');
    const items = ((await nearby.json()) as { items: { id: string }[] }).items;
    expect(items.map((i) => i.id)).toContain(astrologer.id);
  });

  const customer = await browser.newPage(baseURL ? { baseURL } : {});
  await test.step('goes online, and customers see it', async () => {
    const toggle = page.getByRole('switch', { name: 'Available for consultations' });
    await expect(toggle).toHaveAttribute('aria-checked', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-checked', 'true');
    await expect(page.getByText('You are online')).toBeVisible();
    await customer.goto(`/astrologers/${astrologer.id}`);
    await expect(customer.getByRole('article', { name }).getByText('Online', { exact: true })).toBeVisible();
  });

  await test.step('goes offline again', async () => {
    await page.getByRole('switch', { name: 'Available for consultations' }).click();
    await expect(page.getByText('You are offline')).toBeVisible();
    await customer.reload();
    await expect(customer.getByRole('article', { name }).getByText('Offline', { exact: true })).toBeVisible();
  });
  await expect(page.getByText(/0\s+followers/)).toBeVisible();
  await customer.close();
});

test('a pending astrologer who tries to go online is told why not', async ({ page, accounts }) => {
  const astrologer = await accounts.signUp('astrologer', { name: uniqueName('Pandit Waiting') });
  await useSessionIn(page, 'astrologer', astrologer);
  await page.goto('/astrologer');
  await expect(page.getByText(/pending approval/)).toBeVisible();
  await page.getByRole('switch', { name: 'Available for consultations' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /approved/ })).toBeVisible();
  await expect(page.getByRole('switch', { name: 'Available for consultations' })).toHaveAttribute('aria-checked', 'false');
});
