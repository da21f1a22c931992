// npm run restore -- <file> [--force] [--database name]: restores a backup of npm run backup into DATABASE_URL, or
// into a database of the embedded dev server (default anytime_pooja, created when missing). Refuses a database that
// is not empty unless --force. Applies the backup's migrations, loads every table, checks each table's row count and
// checksum against the backup, sets the sequences, then checks the ledger's invariants. README "Backup and restore".
import { parseArgs } from 'node:util';
import { BackupError, createPool, restoreDatabase } from '@ap/db';
import { checkPayouts } from '@ap/earnings';
import { checkLedger } from '@ap/ledger';
import { ensureDatabase, openServer } from './lib/database.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { force: { type: 'boolean', default: false }, database: { type: 'string', default: 'anytime_pooja' } },
});
const file = positionals[0];
if (!file) {
  console.error('usage: npm run restore -- <backup file> [--force] [--database name]');
  process.exit(2);
}

const server = await openServer({ name: 'dev/pg', port: Number(process.env.EMBEDDED_PG_PORT ?? 54322), databaseUrl: process.env.DATABASE_URL })
  .catch((err: Error) => {
    console.error(`${err.message}\n(stop npm start first, or set DATABASE_URL to its database)`);
    process.exit(2);
  });
const url = process.env.DATABASE_URL ?? (await ensureDatabase(server.serverUrl, values.database));
const pool = createPool({ connectionString: url, max: 2, applicationName: 'restore' });
try {
  await restoreDatabase(pool, file, { force: values.force, log: (m) => console.log(`restore: ${m}`) });
  const ledger = await checkLedger(pool);
  const violations = [...ledger.violations, ...(await checkPayouts(pool))];
  for (const v of violations) console.error(`${'invariant' in v ? `invariant ${v.invariant}` : 'payouts'} ${v.code}: ${v.message}`);
  if (violations.length) {
    console.error(`restore: the restored ledger has ${violations.length} violation(s)`);
    process.exitCode = 1;
  } else {
    console.log(`restore: ledger invariants hold over ${ledger.accounts} accounts, ${ledger.transfers} transfers`);
  }
} catch (err) {
  console.error(`restore failed: ${(err as Error).message}`);
  process.exitCode = err instanceof BackupError ? 2 : 1;
} finally {
  await pool.end();
  await server.stop();
}
