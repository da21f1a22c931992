import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import pg from 'pg';

export type Role = 'customer' | 'astrologer';

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; kind: string; roles: string[]; name: string | null; status?: string };
}

export const ADMIN_PHONE = '+919000000000';
export const ADMIN_CODE = '123456';

const STORAGE_KEYS: Record<Role, string> = { customer: 'ap.session.customer', astrologer: 'ap.session.astrologer' };
const AUTH_BASE: Record<Role, string> = { customer: '/api/user/auth', astrologer: '/api/astrologer/auth' };

/** A fresh Indian mobile number per call, so tests never share an account and can run again on the same DB. */
export function randomPhone(): string {
  let digits = '';
  for (let i = 0; i < 8; i++) digits += Math.floor(Math.random() * 10);
  return `+9198${digits}`;
}

export function uniqueName(prefix: string): string {
  return `${prefix} ${Math.random().toString(36).slice(2, 7).toUpperCase()}`;
}

export class Outbox {
  constructor(private readonly pool: pg.Pool) {}

  /** The 6-digit code in the newest SMS to `phone`, waiting for it to arrive. */
  async latestCode(phone: string, { newerThan }: { newerThan?: Date } = {}): Promise<string> {
    let found: string | undefined;
    await expect
      .poll(
        async () => {
          const { rows } = await this.pool.query<{ body: string; created_at: Date }>(
            'SELECT body, created_at FROM sms_outbox WHERE to_phone = $1 ORDER BY created_at DESC LIMIT 1',
            [phone],
          );
          const row = rows[0];
          if (!row || (newerThan && row.created_at < newerThan)) return undefined;
          found = /\b(\d{6})\b/.exec(row.body)?.[1];
          return found;
        },
        { message: `an OTP SMS to ${phone} in sms_outbox`, timeout: 15_000 },
      )
      .toBeTruthy();
    return found!;
  }
}

/**
 * Sends an API request, once more if the connection was reset before an answer: the request context keeps
 * idle sockets that the web server may close meanwhile (Node's keep-alive race), so the request never arrived.
 */
async function call<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    if (!/ECONNRESET|socket hang up/.test(String(err))) throw err;
    return send();
  }
}

/** Signs up or logs in through the API, as the UI would, and returns the session it stores. */
export class Accounts {
  constructor(
    private readonly request: APIRequestContext,
    private readonly outbox: Outbox,
  ) {}

  private async post(path: string, data: unknown) {
    const res = await call(() => this.request.post(path, { data }));
    expect(res.status(), `${path} → ${res.status()} ${await res.text()}`).toBeLessThan(300);
    return res.status() === 204 ? undefined : ((await res.json()) as unknown);
  }

  async signUp(role: Role, { phone = randomPhone(), name }: { phone?: string; name: string }): Promise<Session & { phone: string }> {
    await this.post(`${AUTH_BASE[role]}/signup`, { phone, name });
    const code = await this.outbox.latestCode(phone);
    const session = (await this.post(`${AUTH_BASE[role]}/verify`, { phone, code })) as Session;
    return { ...session, phone };
  }

  async logIn(role: Role, phone: string, code?: string): Promise<Session> {
    await this.requestLoginCode(role, phone);
    const otp = code ?? (await this.outbox.latestCode(phone));
    return (await this.post(`${AUTH_BASE[role]}/verify`, { phone, code: otp })) as Session;
  }

  /** The seeded admin is shared by parallel tests, so a code may have been sent moments ago: wait that out. */
  private async requestLoginCode(role: Role, phone: string): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await call(() => this.request.post(`${AUTH_BASE[role]}/login`, { data: { phone } }));
      if (res.status() !== 429 || Date.now() > deadline) {
        expect(res.status(), `login → ${res.status()} ${await res.text()}`).toBe(202);
        return;
      }
      const body = (await res.json()) as { code?: string; retryAfterSeconds?: number };
      expect(body.code, 'only the resend wait is worth waiting for').toBe('otp_resend_too_soon');
      await new Promise((r) => setTimeout(r, (body.retryAfterSeconds ?? 5) * 1000 + 250));
    }
  }

  /**
   * The seeded admin's session, shared by every test and worker of a run through a file: the API sends at most
   * 5 codes an hour to one number, so logging the admin in per test would run out. A stored session is reused
   * while the API still accepts it (access tokens live 15 minutes; a run takes a few).
   */
  async logInAdmin(): Promise<Session> {
    const file = path.join(os.tmpdir(), `ap-e2e-admin-${createHash('sha256').update(process.env.E2E_BASE_URL ?? 'launcher').digest('hex').slice(0, 12)}.json`);
    try {
      const { savedAt, session } = JSON.parse(await readFile(file, 'utf8')) as { savedAt: number; session: Session };
      // Well inside the token's 15 minutes, so it cannot expire during the test that uses it.
      if (Date.now() - savedAt < 8 * 60_000) {
        const res = await call(() => this.request.get('/api/user/profile', { headers: { authorization: `Bearer ${session.accessToken}` } }));
        if (res.ok()) return session;
      }
    } catch {
      // No usable session stored yet.
    }
    const session = await this.logIn('customer', ADMIN_PHONE, ADMIN_CODE);
    await writeFile(file, JSON.stringify({ savedAt: Date.now(), session }));
    return session;
  }

  /** An astrologer who signed up, filled in the profile and was approved by the admin, all through the API. */
  async approvedAstrologer({
    name,
    profile = {},
    availability,
  }: {
    name: string;
    profile?: Record<string, unknown>;
    availability?: Availability;
  }): Promise<Session & { phone: string; id: string; displayName: string }> {
    const astrologer = await this.signUp('astrologer', { name });
    const auth = { authorization: `Bearer ${astrologer.accessToken}` };
    const put = await call(() =>
      this.request.put('/api/astrologer/profile', {
        headers: auth,
        data: { displayName: name, languages: ['Hindi', 'English'], experienceYears: 9, priceChatPaise: 2500, priceCallPaise: 3000, ...profile },
      }),
    );
    expect(put.status(), `profile → ${await put.text()}`).toBe(200);
    const admin = await this.logInAdmin();
    const approve = await call(() =>
      this.request.post(`/api/astrologer/admin/astrologers/${astrologer.user.id}/approve`, {
        headers: { authorization: `Bearer ${admin.accessToken}` },
      }),
    );
    expect(approve.status(), `approve → ${await approve.text()}`).toBe(200);
    if (availability) {
      const res = await call(() => this.request.put('/api/astrologer/availability', { headers: auth, data: availability }));
      expect(res.status(), `availability → ${await res.text()}`).toBe(200);
    }
    return { ...astrologer, id: astrologer.user.id, displayName: name };
  }
}

export interface Availability {
  timeZone: string;
  weekly: Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', { start: string; end: string }[]>>;
  overrides: { date: string; ranges: { start: string; end: string }[] }[];
  slotMinutes: 15 | 30 | 45 | 60;
  pricePaise: number;
  bufferMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
}

/** The same hours on every day of the week. */
export const everyDay = (ranges: { start: string; end: string }[]): Availability['weekly'] =>
  Object.fromEntries((['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((d) => [d, ranges]));

const WEEKDAY_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Today's date (YYYY-MM-DD) on the wall calendar of `zone`, plus `days`. */
export function dateIn(zone: string, days = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** "Tuesday 14 July": how the slot week names a day (its group's accessible name). */
export function dayName(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return `${WEEKDAY_LONG[d.getUTCDay()]} ${d.getUTCDate()} ${MONTH_LONG[d.getUTCMonth()]}`;
}

/** The time of a UTC instant on the wall clock of `zone`, as the app writes it ("10:30 PM"). */
export function clockIn(zone: string, instant: Date): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', minute: '2-digit', hour12: true }).format(instant).replace(/\s+/g, ' ');
}


/** Adds `amountPaise` to the customer's wallet through the sandbox gateway, as the checkout page would. */
export async function recharge(request: APIRequestContext, customer: Session, amountPaise: number): Promise<void> {
  const auth = { authorization: `Bearer ${customer.accessToken}` };
  const order = await call(() => request.post('/api/user/wallet/recharge', {
    headers: { ...auth, 'Idempotency-Key': `e2e-recharge-${Date.now()}-${Math.random().toString(36).slice(2)}` },
    data: { amountPaise },
  }));
  expect(order.status(), await order.text()).toBe(201);
  const { orderId } = (await order.json()) as { orderId: string };
  const paid = await call(() => request.post(`/api/user/wallet/recharge/${orderId}/sandbox`, { headers: auth, data: { outcome: 'paid' } }));
  expect(paid.status(), await paid.text()).toBe(200);
}

/** Puts a session where the web app keeps it, before any page script runs. */
export async function useSessionIn(page: Page, role: Role, session: Session): Promise<void> {
  const value = JSON.stringify({ accessToken: session.accessToken, refreshToken: session.refreshToken, user: session.user });
  await page.addInitScript(([key, v]) => window.localStorage.setItem(key!, v!), [STORAGE_KEYS[role], value]);
}

export const test = base.extend<{ outbox: Outbox; accounts: Accounts }, { db: pg.Pool }>({
  db: [
    async ({}, use) => {
      const pool = new pg.Pool({
        connectionString: process.env.E2E_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:54333/anytime_pooja',
        max: 2,
      });
      await use(pool);
      await pool.end();
    },
    { scope: 'worker' },
  ],
  outbox: async ({ db }, use) => {
    await use(new Outbox(db));
  },
  accounts: async ({ request, outbox }, use) => {
    await use(new Accounts(request, outbox));
  },
});

export { expect };
