// The product with AUTH_PROVIDER=supabase against a local fake Supabase Auth: `npm run test:e2e:supabase` (also run
// by `npm run test:e2e` after the main suite). Its own ports, database and fake, so the main suite is untouched.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config';
import { ACCESS_TOKEN_SECONDS, FAKE_ANON_KEY, FAKE_SUPABASE_URL, WEB_URL } from './env';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fakePort = new URL(FAKE_SUPABASE_URL).port;
const graceful = { signal: 'SIGTERM' as const, timeout: 20_000 };
const quiet = process.env.E2E_SERVER_LOG ? ('pipe' as const) : ('ignore' as const);

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: '*.supabase.ts',
  outputDir: path.join(root, 'test-results/supabase'),
  reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: path.join(root, 'playwright-report/supabase') }]] : [['list']],
  use: { ...base.use, baseURL: WEB_URL },
  webServer: [
    {
      command: 'npx tsx e2e/supabase/fake-gotrue.ts',
      cwd: root,
      env: { FAKE_GOTRUE_PORT: fakePort, FAKE_GOTRUE_ANON_KEY: FAKE_ANON_KEY, FAKE_GOTRUE_EXPIRES_IN: String(ACCESS_TOKEN_SECONDS) },
      url: `${FAKE_SUPABASE_URL}/auth/v1/health`,
      timeout: 30_000,
      reuseExistingServer: false,
      gracefulShutdown: graceful,
      stdout: quiet,
      stderr: 'pipe',
    },
    {
      command: 'npx tsx scripts/start.ts',
      cwd: root,
      env: {
        AP_PROFILE: 'e2e-supabase',
        OTP_PER_IP_PER_HOUR: '2000',
        OTP_VERIFY_PER_IP_PER_HOUR: '4000',
        AUTH_PROVIDER: 'supabase',
        SUPABASE_URL: FAKE_SUPABASE_URL,
        SUPABASE_JWKS_URL: `${FAKE_SUPABASE_URL}/auth/v1/.well-known/jwks.json`,
        SUPABASE_ANON_KEY: FAKE_ANON_KEY,
      },
      url: WEB_URL,
      timeout: 300_000,
      reuseExistingServer: false,
      // Without it Playwright SIGKILLs the launcher, whose services and database (own process groups) live on.
      gracefulShutdown: graceful,
      stdout: quiet,
      stderr: 'pipe',
    },
  ],
});
