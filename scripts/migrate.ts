// npm run migrate: applies supabase/migrations to DATABASE_URL.
import { createPool, migrate } from '@ap/db';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set (npm start migrates the embedded database by itself)');
  process.exit(2);
}
const pool = createPool({ connectionString: url, max: 1 });
try {
  const { applied, skipped } = await migrate(pool, { log: (m) => console.log(m) });
  console.log(`migrations: ${applied.length} applied, ${skipped} already applied`);
} finally {
  await pool.end();
}
