import { randomBytes, randomInt } from 'node:crypto';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseEnv } from '@ap/core';
import { asService, type Pool } from '@ap/db';
import { createPlatform, serviceEnv, type Platform } from '@ap/platform';
import { buildAstrologerApp } from '@ap/svc-astrologer';
import { buildCommunicationApp } from '@ap/svc-communication';
import { buildUserApp } from '@ap/svc-user';
import type { Express } from 'express';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import request from 'supertest';
import { testDb, type TestDb } from './db.js';

export const TEST_SECRETS = {
  JWT_SECRET: 'test-jwt-secret-0123456789abcdefghijklmnop',
  OTP_SECRET: 'test-otp-secret-0123456789abcdefghijklmnop',
  PAYMENT_SANDBOX_SECRET: 'test-sandbox-secret-0123456789abcdefghijk',
};

export interface TestStack {
  db: TestDb;
  platform: Platform;
  user: Express;
  astrologer: Express;
  communication: Express;
  close(): Promise<void>;
}

/** The three services' apps over a fresh database, exactly as main.ts builds them, with env overrides. */
export async function testStack(env: Record<string, string> = {}): Promise<TestStack> {
  const db = await testDb();
  const parsed = parseEnv(serviceEnv(0), { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: db.url, DATABASE_DIRECT_URL: db.directUrl, RATE_LIMIT_NAMESPACE: db.name, MEDIA_DIR: path.join(os.tmpdir(), `ap-media-${db.name}`), ...TEST_SECRETS, ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}), ...env });
  const platform = createPlatform(parsed, 'test');
  return {
    db, platform,
    user: buildUserApp(platform),
    astrologer: buildAstrologerApp(platform),
    communication: buildCommunicationApp(platform),
    async close() {
      await platform.close();
      await db.close();
      rmSync(parsed.MEDIA_DIR, { recursive: true, force: true });
    },
  };
}

/** A random valid Indian mobile number (E.164), unique enough for one test run. */
export function randomPhone(): string {
  for (;;) {
    const n = `+91${randomInt(6, 10)}${String(randomInt(0, 1e9)).padStart(9, '0')}`;
    if (parsePhoneNumberFromString(n)?.getType() === 'MOBILE') return n;
  }
}

/** A distinct client IP per test, so per-IP limits of one test never touch another (trust proxy = loopback). */
export const randomIp = () => `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

export async function latestSmsCode(pool: Pool, phone: string): Promise<string> {
  const { rows } = await pool.query<{ body: string }>('SELECT body FROM sms_outbox WHERE to_phone = $1 ORDER BY created_at DESC LIMIT 1', [phone]);
  const code = /\b(\d{6})\b/.exec(rows[0]?.body ?? '')?.[1];
  if (!code) throw new Error(`no SMS code found for ${phone}`);
  return code;
}

export interface SignedIn {
  id: string;
  phone: string;
  accessToken: string;
  refreshToken: string;
  auth: { Authorization: string };
}

/** Signs up through the real HTTP flow (OTP read from the outbox). */
export async function signUp(app: Express, pool: Pool, kind: 'user' | 'astrologer', opts: { phone?: string; name?: string; ip?: string } = {}): Promise<SignedIn> {
  const phone = opts.phone ?? randomPhone();
  const ip = opts.ip ?? randomIp();
  await request(app).post(`/api/${kind}/auth/signup`).set('X-Forwarded-For', ip).send({ phone, name: opts.name ?? 'Test Person' }).expect(202);
  const code = await latestSmsCode(pool, phone);
  const res = await request(app).post(`/api/${kind}/auth/verify`).set('X-Forwarded-For', ip).send({ phone, code }).expect(200);
  const body = res.body as { accessToken: string; refreshToken: string; user: { id: string } };
  return { id: body.user.id, phone, accessToken: body.accessToken, refreshToken: body.refreshToken, auth: { Authorization: `Bearer ${body.accessToken}` } };
}

/** Makes an existing customer an admin and returns a fresh token carrying the role. */
export async function makeAdmin(stack: TestStack, user: SignedIn): Promise<SignedIn> {
  await asService(stack.db.pool, (tx) => tx.query(`UPDATE identities SET roles = '{user,admin}' WHERE id = $1`, [user.id]));
  const accessToken = await stack.platform.tokens.sign({ id: user.id, kind: 'user', roles: ['user', 'admin'] });
  return { ...user, accessToken, auth: { Authorization: `Bearer ${accessToken}` } };
}

export const idempotencyKey = () => randomBytes(12).toString('hex');
