import { defineConfig, devices } from '@playwright/test';

// E2E_BASE_URL points the tests at an already running web app (e.g. `next start -p 4100`) instead of
// starting the whole product through the launcher.
const external = process.env.E2E_BASE_URL;
const baseURL = external ?? 'http://127.0.0.1:4000';

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
  retries: process.env.CI ? 1 : 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  outputDir: 'test-results',
  use: {
    ...devices['Desktop Chrome'],
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-quic',
        '--disable-sync',
      ],
    },
  },
  webServer: external
    ? undefined
    : {
        command: 'npx tsx scripts/start.ts',
        // One minute of balance is enough to start a session here, so the low-balance top-up can be reached quickly.
        // Every test signs its people up from this one address: the per-address code limits (tested in the auth
        // package) are raised so a full run of ~50 tests does not trip them.
        env: { AP_PROFILE: 'e2e', SESSION_MIN_MINUTES: '1', OTP_PER_IP_PER_HOUR: '2000', OTP_VERIFY_PER_IP_PER_HOUR: '4000' },
        url: 'http://127.0.0.1:4000',
        timeout: 300_000,
        reuseExistingServer: false,
        // Without it Playwright SIGKILLs the launcher, whose services and database (own process groups) live on.
        gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
        stdout: process.env.E2E_SERVER_LOG ? 'pipe' : 'ignore',
        stderr: 'pipe',
      },
});
