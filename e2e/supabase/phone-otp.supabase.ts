// The web app with AUTH_PROVIDER=supabase, in Chromium, against the fake Supabase Auth (fake-gotrue.ts): phone OTP
// through @supabase/supabase-js, the Supabase access token as the Bearer of our API calls, refresh through
// supabase-js, sign-out from Supabase too. Our own OTP endpoints must not be called at all.
import { expect, test, type Page, type Request } from '@playwright/test';
import pg from 'pg';
import { ACCESS_TOKEN_SECONDS, DATABASE_URL, FAKE_ANON_KEY, FAKE_SUPABASE_URL } from './env';

const OUR_AUTH = /\/api\/(user|astrologer)\/auth\/(signup|login|verify|refresh|logout)\b/;

/** A fresh Indian mobile number (national part) per call. */
function nationalNumber(): string {
  let digits = '98';
  for (let i = 0; i < 8; i++) digits += Math.floor(Math.random() * 10);
  return digits;
}

const suffix = () => Math.random().toString(36).slice(2, 7).toUpperCase();

/** The code the fake "sent by SMS" to `phone`. */
async function codeFor(phone: string): Promise<string> {
  let code: string | undefined;
  await expect
    .poll(async () => {
      const res = await fetch(`${FAKE_SUPABASE_URL}/__fake/otp?phone=${encodeURIComponent(phone)}`);
      code = res.ok ? ((await res.json()) as { code: string }).code : undefined;
      return code;
    }, { message: `a code sent to ${phone}` })
    .toBeTruthy();
  return code!;
}

interface StoredSession {
  provider?: string;
  accessToken: string;
  refreshToken: string;
  user: { id: string; kind: string; roles: string[]; name: string | null; status?: string };
}

const stored = (page: Page, role: 'customer' | 'astrologer') =>
  page.evaluate((key) => {
    const raw = window.localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as StoredSession) : null;
  }, `ap.session.${role}`);

const supabaseStored = (page: Page, role: 'customer' | 'astrologer') =>
  page.evaluate((key) => window.localStorage.getItem(key), `ap.supabase.${role}`);

const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

/** Our own OTP API is never used in Supabase mode. */
function watchOurAuthApi(page: Page): string[] {
  const calls: string[] = [];
  page.on('request', (r) => {
    if (OUR_AUTH.test(new URL(r.url()).pathname)) calls.push(`${r.method()} ${r.url()}`);
  });
  return calls;
}

const fakeRequest = (page: Page, pathAndQuery: string, method = 'POST') =>
  page.waitForRequest((r: Request) => r.url() === `${FAKE_SUPABASE_URL}${pathAndQuery}` && r.method() === method);

let db: pg.Pool;
test.beforeAll(() => {
  db = new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL ?? DATABASE_URL, max: 2 });
});
test.afterAll(async () => {
  await db.end();
});

test('the web app reads at run time that it signs in with Supabase Auth', async ({ request }) => {
  const res = await request.get('/api/auth-config');
  expect(res.headers()['cache-control']).toContain('no-store');
  expect(await res.json()).toEqual({ provider: 'supabase', supabaseUrl: FAKE_SUPABASE_URL, supabaseAnonKey: FAKE_ANON_KEY });
});

test('a customer signs up and logs in with Supabase phone OTP; the API takes the Supabase token, supabase-js refreshes it, sign-out ends the Supabase session', async ({ page }) => {
  const ours = watchOurAuthApi(page);
  const national = nationalNumber();
  const phone = `+91${national}`;
  const name = `Supa Customer ${suffix()}`;
  let userId = '';

  await test.step('sign-up: supabase-js asks Supabase Auth for a code, with kind and name as user metadata', async () => {
    await page.goto('/signup');
    await page.getByLabel('Full name').fill(name);
    await page.getByLabel('Mobile number').fill(national);
    const otp = fakeRequest(page, '/auth/v1/otp');
    await page.getByRole('button', { name: 'Send code' }).click();
    const sent = await otp;
    expect(sent.headers()['apikey']).toBe(FAKE_ANON_KEY);
    expect(sent.postDataJSON()).toMatchObject({ phone, create_user: true, data: { kind: 'user', name } });

    const verify = fakeRequest(page, '/auth/v1/verify');
    await page.getByLabel('6-digit code').fill(await codeFor(phone));
    await page.getByRole('button', { name: 'Verify and continue' }).click();
    expect((await verify).postDataJSON()).toMatchObject({ phone, type: 'sms' });
  });

  await test.step('they are signed in: the profile page shows them, with the Supabase user as our identity', async () => {
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(page.getByText(phone)).toBeVisible();
    const session = await stored(page, 'customer');
    expect(session).toMatchObject({ provider: 'supabase', user: { kind: 'user', roles: ['user'], name } });
    const token = claims(session!.accessToken);
    expect(token).toMatchObject({ iss: `${FAKE_SUPABASE_URL}/auth/v1`, aud: 'authenticated', phone: phone.slice(1), sub: session!.user.id });
    expect(await supabaseStored(page, 'customer')).toContain(session!.accessToken);
    userId = session!.user.id;
    const { rows } = await db.query<{ kind: string; phone: string }>('SELECT kind, phone FROM identities WHERE id = $1', [userId]);
    expect(rows).toEqual([{ kind: 'user', phone }]);
  });

  await test.step('an authenticated page works with the Supabase token as Bearer', async () => {
    const session = await stored(page, 'customer');
    const balance = page.waitForRequest((r) => r.url().endsWith('/api/user/wallet/balance'));
    await page.goto('/wallet');
    expect((await balance).headers()['authorization']).toBe(`Bearer ${session!.accessToken}`);
    await expect(page.getByTestId('wallet-available')).toHaveText('₹0');
  });

  await test.step('once the token expired, supabase-js refreshes it and the next API call works', async () => {
    const before = await stored(page, 'customer');
    const exp = claims(before!.accessToken).exp as number;
    expect(exp - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(ACCESS_TOKEN_SECONDS);
    await page.waitForTimeout(Math.max(0, exp * 1000 - Date.now()) + 1500);
    const refresh = fakeRequest(page, '/auth/v1/token?grant_type=refresh_token');
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/user/wallet/balance') && r.status() === 200);
    await page.reload();
    expect((await refresh).headers()['apikey']).toBe(FAKE_ANON_KEY);
    const ok = await answered;
    await expect(page.getByTestId('wallet-available')).toHaveText('₹0');
    // The call that worked carried a new Supabase token of the same user (with tokens this short-lived, supabase-js
    // may have refreshed again since; the stored one is the newest).
    const used = /^Bearer (.+)$/.exec(ok.request().headers()['authorization'] ?? '')?.[1] ?? '';
    expect(used).not.toBe(before!.accessToken);
    expect(claims(used)).toMatchObject({ sub: userId, iss: `${FAKE_SUPABASE_URL}/auth/v1` });
    expect(claims(used).exp as number).toBeGreaterThan(exp);
    const after = await stored(page, 'customer');
    expect(after).toMatchObject({ provider: 'supabase', user: { id: userId } });
    expect(claims(after!.accessToken).exp as number).toBeGreaterThanOrEqual(claims(used).exp as number);
  });

  await test.step('sign-out ends the Supabase session as well as ours', async () => {
    await page.goto('/profile');
    const logout = page.waitForRequest((r) => r.url().startsWith(`${FAKE_SUPABASE_URL}/auth/v1/logout`) && r.method() === 'POST');
    await page.getByRole('button', { name: 'Log out' }).click();
    expect(new URL((await logout).url()).searchParams.get('scope')).toBe('local');
    await expect(page).toHaveURL(/\/$/);
    await expect.poll(() => stored(page, 'customer')).toBeNull();
    await expect.poll(() => supabaseStored(page, 'customer')).toBeNull();
  });

  await test.step('logging in again (no sign-up) finds the same account', async () => {
    await page.goto('/login');
    await page.getByLabel('Mobile number').fill(national);
    const otp = fakeRequest(page, '/auth/v1/otp');
    await page.getByRole('button', { name: 'Send code' }).click();
    expect((await otp).postDataJSON()).toMatchObject({ phone, create_user: false });
    await page.getByLabel('6-digit code').fill(await codeFor(phone));
    await page.getByRole('button', { name: 'Verify and continue' }).click();
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    expect((await stored(page, 'customer'))?.user.id).toBe(userId);
  });

  expect(ours, 'our own OTP API is not used in Supabase mode').toEqual([]);
});

test('logging in with a number Supabase does not know offers to create an account; a wrong code is refused', async ({ page }) => {
  const ours = watchOurAuthApi(page);
  const national = nationalNumber();
  await page.goto('/login');
  await page.getByLabel('Mobile number').fill(national);
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'No account with this number' })).toBeVisible();
  await page.getByRole('button', { name: 'Create an account' }).first().click();
  await expect(page).toHaveURL(/\/signup\?phone=/);

  await page.getByLabel('Full name').fill(`Supa Typo ${suffix()}`);
  await page.getByRole('button', { name: 'Send code' }).click();
  const right = await codeFor(`+91${national}`);
  await page.getByLabel('6-digit code').fill(right === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Verify and continue' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'That code is wrong or has expired' })).toBeVisible();
  expect(await stored(page, 'customer')).toBeNull();
  expect(ours).toEqual([]);
});

test('an astrologer signs up in the portal through Supabase Auth and becomes an astrologer here (user_metadata.kind)', async ({ page }) => {
  const ours = watchOurAuthApi(page);
  const national = nationalNumber();
  const phone = `+91${national}`;
  const name = `Pandit Supa ${suffix()}`;
  await page.goto('/astrologer');
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Mobile number').fill(national);
  const otp = fakeRequest(page, '/auth/v1/otp');
  await page.getByRole('button', { name: 'Send code' }).click();
  expect((await otp).postDataJSON()).toMatchObject({ phone, create_user: true, data: { kind: 'astrologer', name } });
  await page.getByLabel('6-digit code').fill(await codeFor(phone));
  await page.getByRole('button', { name: 'Verify and continue' }).click();
  await expect(page.getByText('Your profile is pending approval')).toBeVisible();
  const session = await stored(page, 'astrologer');
  expect(session).toMatchObject({ provider: 'supabase', user: { kind: 'astrologer', roles: ['astrologer'], status: 'pending' } });
  expect(await stored(page, 'customer')).toBeNull();
  const { rows } = await db.query<{ kind: string; display_name: string }>(
    'SELECT i.kind, a.display_name FROM identities i JOIN astrologers a ON a.id = i.id WHERE i.id = $1',
    [session!.user.id],
  );
  expect(rows).toEqual([{ kind: 'astrologer', display_name: name }]);
  expect(ours).toEqual([]);
});
