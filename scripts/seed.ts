// npm run seed [-- --astrologers 10000]: loads the demo data (idempotent) into DATABASE_URL, or into the embedded
// dev database when DATABASE_URL is not set; --astrologers tops the catalogue up to N for benchmarks.
import { parseArgs } from 'node:util';
import { createPool, migrate } from '@ap/db';
import { ensureDatabase, openServer } from './lib/database.js';
import { seed, seedBulkAstrologers } from './lib/seed.js';

const { values } = parseArgs({ options: { astrologers: { type: 'string' } } });
const total = values.astrologers ? Number(values.astrologers) : 0;
if (!Number.isInteger(total) || total < 0 || total > 200_000) {
  console.error('--astrologers takes a whole number up to 200000');
  process.exit(2);
}

const server = await openServer({ name: 'dev/pg', port: Number(process.env.EMBEDDED_PG_PORT ?? 54322), databaseUrl: process.env.DATABASE_URL })
  .catch((err: Error) => {
    console.error(`${err.message}\n(stop npm start first, or set DATABASE_URL to its database)`);
    process.exit(1);
  });
const url = process.env.DATABASE_URL ?? (await ensureDatabase(server.serverUrl, 'anytime_pooja'));
const pool = createPool({ connectionString: url, max: 2 });
try {
  await migrate(pool);
  const { astrologers } = await seed(pool);
  console.log(`seeded: admin, demo customer, ${astrologers} astrologers`);
  if (total) {
    const t0 = Date.now();
    const created = await seedBulkAstrologers(pool, total, (m) => console.log(m));
    console.log(`bulk: ${created} astrologers added in ${((Date.now() - t0) / 1000).toFixed(1)} s (catalogue target ${total})`);
  }
} finally {
  await pool.end();
  await server.stop();
}
