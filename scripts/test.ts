// npm test: type-check, then the whole suite on real PostgreSQL (embedded by default, DATABASE_URL's server
// when set), ending with one plain "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './lib/paths.js';

const require = createRequire(import.meta.url);
const run = (label: string, args: string[]) => {
  console.log(`\n> ${label}`);
  return spawnSync(process.execPath, args, { cwd: REPO_ROOT, stdio: 'inherit', env: process.env }).status ?? 1;
};

const tsc = require.resolve('typescript/bin/tsc');
if (run('typecheck (tsc --noEmit)', [tsc, '-p', 'tsconfig.json']) !== 0 || run('typecheck e2e', [tsc, '-p', 'e2e/tsconfig.json']) !== 0) {
  console.log('\ntests: 0 passed, 1 failed (type errors)');
  process.exit(1);
}

const out = mkdtempSync(path.join(os.tmpdir(), 'ap-vitest-'));
const report = path.join(out, 'report.json');
const status = run(`vitest on ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL'}`, [
  path.join(path.dirname(require.resolve('vitest/package.json')), 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`,
  ...process.argv.slice(2),
]);
try {
  const r = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTotalTests: number };
  console.log(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
  if (r.numTotalTests === 0) process.exitCode = 1;
} catch {
  console.log('\ntests: 0 passed, 1 failed (the test run did not finish)');
}
rmSync(out, { recursive: true, force: true });
process.exitCode = process.exitCode || status;
