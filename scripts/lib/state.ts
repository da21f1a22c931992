import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One launcher per state directory: writes this process's pid to `lockFile`, or returns the pid of the live
 * launcher that already holds it (the caller explains and exits).
 */
export function takeLock(stateDir: string, lockFile: string): number | null {
  mkdirSync(stateDir, { recursive: true, mode: 0o755 });
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8'));
    if (pid && pid !== process.pid && alive(pid)) return pid;
  }
  writeFileSync(lockFile, String(process.pid));
  return null;
}

export type Secrets = Record<'JWT_SECRET' | 'OTP_SECRET' | 'PAYMENT_SANDBOX_SECRET', string>;

/** Secrets generated once per state directory, so sign-ins survive restarts; environment variables win. */
export function stateSecrets(stateDir: string): Secrets {
  const file = path.join(stateDir, 'secrets.json');
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const pick = (k: keyof Secrets) => process.env[k] ?? stored[k] ?? randomBytes(32).toString('base64url');
  const s: Secrets = { JWT_SECRET: pick('JWT_SECRET'), OTP_SECRET: pick('OTP_SECRET'), PAYMENT_SANDBOX_SECRET: pick('PAYMENT_SANDBOX_SECRET') };
  writeFileSync(file, JSON.stringify(s), { mode: 0o600 });
  return s;
}
