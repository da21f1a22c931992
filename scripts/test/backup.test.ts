import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BackupError, backupDatabase, restoreDatabase, type TableSummary } from '@ap/db';
import { checkInvariants } from '@ap/ledger';
import { REPO_ROOT } from '../lib/paths.js';
import { seed } from '../lib/seed.js';
import { testStack, type TestStack } from '../../test/support/app.js';
import { emptyDb, testDb, type TestDb } from '../../test/support/db.js';
import { people } from '../../test/support/people.js';

let stack: TestStack;
let dir: string;
let file: string;
let backedUp: TableSummary[];
const targets: TestDb[] = [];
const make = people(() => stack.db.pool, () => stack.platform);

beforeAll(async () => {
  stack = await testStack();
  dir = mkdtempSync(path.join(os.tmpdir(), 'ap-backup-test-'));
  file = path.join(dir, 'backup.json.gz');
  await seed(stack.db.pool);
  // Money in every state: recharges, a session held, accepted and ended (captured and released), another one pending.
  const astrologer = await make.astrologer({ chat: 2_000 });
  for (const paise of [100_000, 25_000]) {
    const customer = await make.customer(paise);
    const asked = await request(stack.communication).post('/api/communication/sessions').set(customer.auth).send({ astrologerId: astrologer.id, mode: 'chat' }).expect(201);
    if (paise === 100_000) {
      await request(stack.communication).post(`/api/communication/sessions/${asked.body.id}/accept`).set(astrologer.auth).send().expect(200);
      await request(stack.communication).post(`/api/communication/sessions/${asked.body.id}/end`).set(customer.auth).send().expect(200);
    }
  }
  backedUp = await backupDatabase(stack.db.pool, file);
});
afterAll(async () => {
  for (const t of targets) await t.close();
  await stack.close();
  rmSync(dir, { recursive: true, force: true });
});

const newTarget = async (migrated = false) => {
  const db = migrated ? await testDb() : await emptyDb();
  targets.push(db);
  return db;
};
const byName = (s: TableSummary[]) => Object.fromEntries(s.map((t) => [t.table, { rows: t.rows, checksum: t.checksum }]));

describe('backup and restore', () => {
  it('restores into a new database with every table\'s row count and checksum equal, and the ledger invariants holding', async () => {
    const target = await newTarget();

    const restored = await restoreDatabase(target.pool, file);

    expect(byName(restored)).toEqual(byName(backedUp));
    const ledger = backedUp.find((t) => t.table === 'public.ledger_transfers')!;
    expect(ledger.rows).toBeGreaterThan(2);
    expect(await checkInvariants(target.pool)).toEqual([]);
    // What the restore wrote is what a fresh backup of the restored database reads.
    expect(byName(await backupDatabase(target.pool, path.join(dir, 'again.json.gz')))).toEqual(byName(backedUp));
  });

  it('sets the sequences, so new rows get fresh ids', async () => {
    const target = await newTarget();
    await restoreDatabase(target.pool, file);
    expect(backedUp.find((t) => t.table === 'public.jobs')!.rows).toBeGreaterThan(0);
    const { rows } = await target.pool.query<{ same: boolean }>(
      `INSERT INTO jobs (name, run_at) VALUES ('backup-test', now()) RETURNING id > (SELECT max(id) FROM jobs WHERE name <> 'backup-test') AS same`);
    expect(rows[0]!.same).toBe(true);
  });

  it('refuses a database that is not empty, and replaces its rows with --force', async () => {
    const target = await newTarget(true);
    await target.pool.query(`INSERT INTO specialties (slug, name) VALUES ('only-here', 'Only here')`);

    await expect(restoreDatabase(target.pool, file)).rejects.toThrow(BackupError);
    await expect(restoreDatabase(target.pool, file)).rejects.toThrow(/not empty/);

    const restored = await restoreDatabase(target.pool, file, { force: true });
    expect(byName(restored)).toEqual(byName(backedUp));
    expect((await target.pool.query(`SELECT 1 FROM specialties WHERE slug = 'only-here'`)).rowCount).toBe(0);
  });

  it('refuses a file cut short, leaving no rows behind', async () => {
    const target = await newTarget();
    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    const cut = path.join(dir, 'cut.json.gz');
    writeFileSync(cut, gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join('\n')));

    await expect(restoreDatabase(target.pool, cut)).rejects.toThrow(/ends early/);
    const { rows } = await target.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger_transfers');
    expect(rows[0]!.n).toBe(0);
  });

  it('npm run backup and npm run restore do the same over DATABASE_URL', async () => {
    const target = await newTarget();
    const out = path.join(dir, 'cli.json.gz');
    const run = (script: string, args: string[], url: string) => new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(REPO_ROOT, script), ...args], { env: { ...process.env, DATABASE_URL: url } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => { stdout += d; });
      child.stderr.on('data', (d) => { stderr += d; });
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

    const backup = await run('scripts/backup.ts', ['--out', out], stack.db.url);
    expect(backup.stderr).toBe('');
    expect(backup.stdout).toMatch(/backup: \d+ tables, \d+ rows/);
    const restore = await run('scripts/restore.ts', [out], target.url);
    expect(restore.stdout).toMatch(/ledger invariants hold/);
    expect(restore.code).toBe(0);
    const again = await run('scripts/restore.ts', [out], target.url);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/not empty/);
  }, 180_000);
});
