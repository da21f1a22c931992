// npm run backup [-- --out file]: a logical backup (no pg_dump needed) of DATABASE_URL, or of the embedded dev
// database when DATABASE_URL is not set: the applied migrations and every table's rows, gzip, with per-table row
// counts and checksums. README "Backup and restore".
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { backupDatabase, createPool, databaseUrl, fileSha256 } from '@ap/db';
import { databaseExists, openServer } from './lib/database.js';
import { REPO_ROOT } from './lib/paths.js';

const { values } = parseArgs({ options: { out: { type: 'string' }, database: { type: 'string', default: 'anytime_pooja' } } });
const out = path.resolve(values.out ?? path.join(REPO_ROOT, '.data/backups', `anytime-pooja-${new Date().toISOString().replace(/[:.]/g, '-')}.json.gz`));
mkdirSync(path.dirname(out), { recursive: true });

const server = await openServer({ name: 'dev/pg', port: Number(process.env.EMBEDDED_PG_PORT ?? 54322), databaseUrl: process.env.DATABASE_URL })
  .catch((err: Error) => {
    console.error(`${err.message}\n(stop npm start first, or set DATABASE_URL to its database)`);
    process.exit(2);
  });
let url = process.env.DATABASE_URL;
if (!url) {
  if (!(await databaseExists(server.serverUrl, values.database))) {
    console.error(`no database ${values.database} in the embedded server`);
    process.exit(2);
  }
  url = databaseUrl(server.serverUrl, values.database);
}
const pool = createPool({ connectionString: url, max: 1, applicationName: 'backup' });
try {
  const tables = await backupDatabase(pool, out);
  const rows = tables.reduce((n, t) => n + t.rows, 0);
  console.log(`backup: ${tables.length} tables, ${rows} rows → ${out} (sha256 ${await fileSha256(out)})`);
} catch (err) {
  console.error(`backup failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await pool.end();
  await server.stop();
}
