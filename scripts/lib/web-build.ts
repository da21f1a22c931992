import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT } from './paths.js';

export const WEB_DIR = path.join(REPO_ROOT, 'apps/web');
const STAMP = path.join(WEB_DIR, '.next', 'ap-source-hash');
const SKIP = new Set(['node_modules', '.next', 'next-env.d.ts', '.turbo']);

function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      if (SKIP.has(entry)) continue;
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else hash.update(path.relative(WEB_DIR, full)).update('\0').update(readFileSync(full)).update('\0');
    }
  };
  walk(WEB_DIR);
  hash.update(readFileSync(path.join(REPO_ROOT, 'package-lock.json')));
  return hash.digest('hex');
}

export const nextBin = () => createRequire(path.join(WEB_DIR, 'package.json')).resolve('next/dist/bin/next');

/** Builds the web app for production unless the last build is of exactly these sources. */
export function ensureWebBuild(log: (msg: string) => void): void {
  const hash = sourceHash();
  if (existsSync(path.join(WEB_DIR, '.next', 'BUILD_ID')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash) {
    log('web app: build is up to date');
    return;
  }
  log('web app: building for production (first start or sources changed; about a minute on 2 cores)...');
  const t0 = Date.now();
  const result = spawnSync(process.execPath, [nextBin(), 'build'], {
    cwd: WEB_DIR, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error('next build failed (see above)');
  writeFileSync(STAMP, hash);
  log(`web app: built in ${Math.round((Date.now() - t0) / 1000)} s`);
}
