import { withTx, type Pool } from '@ap/db';
import { findPayoutMismatches } from './repo.js';

export interface PayoutViolation {
  code: 'payout_legs_mismatch' | 'payouts_pending_mismatch';
  message: string;
  subjectId?: string;
}

/**
 * Reconciles payouts with the ledger, on one REPEATABLE READ snapshot: every payout's legs match its status and
 * amounts, and the payouts_pending account holds exactly the gross of the requested payouts. Empty when sound.
 */
export async function checkPayouts(pool: Pool): Promise<PayoutViolation[]> {
  const rows = await withTx(pool, (tx) => findPayoutMismatches(tx, 100),
    `BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; SELECT set_config('role', 'service_role', true)`);
  return rows.map((r) => (r.id
    ? { code: 'payout_legs_mismatch' as const, message: `payout ${r.id}: ${r.detail}`, subjectId: r.id }
    : { code: 'payouts_pending_mismatch' as const, message: r.detail }));
}
