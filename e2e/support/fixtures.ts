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

/** Signs up or logs in through the API, as the UI would, and returns the session it stores. */
export class Accounts {
  constructor(
    private readonly request: APIRequestContext,
    private readonly outbox: Outbox,
  ) {}

  private async post(path: string, data: unknown) {
    const res = await this.request.post(path, { data });
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
      const res = await this.request.post(`${AUTH_BASE[role]}/login`, { data: { phone } });
      if (res.status() !== 429 || Date.now() > deadline) {
        expect(res.status(), `login → ${res.status()} ${await res.text()}`).toBe(202);
        return;
      }
      const body = (await res.json()) as { code?: string; retryAfterSeconds?: number };
      expect(body.code, 'only the resend wait is worth waiting for').toBe('otp_resend_too_soon');
      await new Promise((r) => setTimeout(r, (body.retryAfterSeconds ?? 5) * 1000 + 250));
    }
  }

  logInAdmin(): Promise<Session> {
    return this.logIn('customer', ADMIN_PHONE, ADMIN_CODE);
  }
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
