// npm run ledger:check: reconciles the ledger in DATABASE_URL against DESIGN §4's money invariants.
// Exit 0 when all hold, 1 on any violation, 2 when it could not check.
import { createPool } from '@ap/db';
import { checkPayouts } from '@ap/earnings';
import { checkLedger } from '@ap/ledger';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set: point it at the database whose ledger to check');
  process.exit(2);
}
const pool = createPool({ connectionString: url, max: 1, applicationName: 'ledger-check' });
try {
  const ledger = await checkLedger(pool);
  const { accounts, transfers } = ledger;
  const violations = [...ledger.violations, ...(await checkPayouts(pool))];
  for (const v of violations) console.error(`${'invariant' in v ? `invariant ${v.invariant}` : 'payouts'} ${v.code}: ${v.message}`);
  if (violations.length) {
    console.error(`ledger: ${violations.length} violation(s) over ${accounts} accounts, ${transfers} transfers`);
    process.exitCode = 1;
  } else {
    console.log(`ledger: 5 invariants hold over ${accounts} accounts, ${transfers} transfers`);
  }
} catch (err) {
  console.error(`ledger: could not check: ${(err as Error).message}`);
  process.exitCode = 2;
} finally {
  await pool.end();
}
