// npm run seed: loads the demo data into DATABASE_URL (idempotent).
import { createPool } from '@ap/db';
import { seed } from './lib/seed.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set (npm start seeds the embedded database by itself)');
  process.exit(2);
}
const pool = createPool({ connectionString: url, max: 1 });
try {
  const { astrologers } = await seed(pool);
  console.log(`seeded: admin, demo customer, ${astrologers} astrologers`);
} finally {
  await pool.end();
}
