import type { Queryable } from '@ap/db';
import type { Kind } from './rules.js';
import type { Role } from './tokens.js';

export interface OtpRow {
  id: string;
  codeHash: string;
  failedAttempts: number;
  expiresAt: Date;
  consumedAt: Date | null;
  createdAt: Date;
  signupName: string | null;
}

export interface IdentityRow {
  id: string;
  kind: Kind;
  roles: Role[];
  name: string;
  status: 'pending' | 'approved' | 'suspended' | null;
}

export async function findLatestOtp(db: Queryable, phone: string, kind: Kind, forUpdate = false): Promise<OtpRow | null> {
  const { rows } = await db.query<OtpRow>(
    `SELECT id, code_hash AS "codeHash", failed_attempts AS "failedAttempts", expires_at AS "expiresAt",
            consumed_at AS "consumedAt", created_at AS "createdAt", signup_name AS "signupName"
       FROM otp_codes WHERE phone = $1 AND kind = $2
      ORDER BY created_at DESC LIMIT 1 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [phone, kind],
  );
  return rows[0] ?? null;
}

export async function insertOtp(
  db: Queryable,
  o: { phone: string; kind: Kind; codeHash: string; ttlSeconds: number; ip: string; signupName: string | null },
): Promise<string> {
  // A new code supersedes every earlier one for this phone and app.
  await db.query(`UPDATE otp_codes SET consumed_at = now() WHERE phone = $1 AND kind = $2 AND consumed_at IS NULL`, [o.phone, o.kind]);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO otp_codes (phone, kind, code_hash, expires_at, requester_ip, signup_name)
     VALUES ($1, $2, $3, now() + make_interval(secs => $4), $5, $6) RETURNING id`,
    [o.phone, o.kind, o.codeHash, o.ttlSeconds, o.ip, o.signupName],
  );
  return rows[0]!.id;
}

export async function deleteOtp(db: Queryable, id: string) {
  await db.query('DELETE FROM otp_codes WHERE id = $1', [id]);
}

export async function countFailedAttempt(db: Queryable, id: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'UPDATE otp_codes SET failed_attempts = failed_attempts + 1 WHERE id = $1 RETURNING failed_attempts AS n',
    [id],
  );
  return rows[0]!.n;
}

export async function consumeOtp(db: Queryable, id: string) {
  await db.query('UPDATE otp_codes SET consumed_at = now() WHERE id = $1', [id]);
}

const IDENTITY_SELECT = `
  SELECT i.id, i.kind, i.roles,
         coalesce(u.name, a.display_name) AS name,
         a.status
    FROM identities i
    LEFT JOIN users u ON u.id = i.id
    LEFT JOIN astrologers a ON a.id = i.id`;

export async function findIdentityByPhone(db: Queryable, phone: string, kind: Kind): Promise<IdentityRow | null> {
  const { rows } = await db.query<IdentityRow>(`${IDENTITY_SELECT} WHERE i.phone = $1 AND i.kind = $2`, [phone, kind]);
  return rows[0] ?? null;
}

export async function findIdentityById(db: Queryable, id: string): Promise<IdentityRow | null> {
  const { rows } = await db.query<IdentityRow>(`${IDENTITY_SELECT} WHERE i.id = $1`, [id]);
  return rows[0] ?? null;
}

/** Creates the identity and its profile row; null when the phone was registered meanwhile. */
export async function insertIdentity(db: Queryable, phone: string, kind: Kind, name: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO identities (kind, phone, roles) VALUES ($1, $2, $3) ON CONFLICT (kind, phone) DO NOTHING RETURNING id`,
    [kind, phone, [kind]],
  );
  const id = rows[0]?.id;
  if (!id) return null;
  if (kind === 'user') await db.query('INSERT INTO users (id, name) VALUES ($1, $2)', [id, name]);
  else await db.query('INSERT INTO astrologers (id, display_name) VALUES ($1, $2)', [id, name]);
  return id;
}

export interface RefreshRow {
  id: string;
  identityId: string;
  familyId: string;
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

export async function findRefreshForUpdate(db: Queryable, tokenHash: string): Promise<RefreshRow | null> {
  const { rows } = await db.query<RefreshRow>(
    `SELECT id, identity_id AS "identityId", family_id AS "familyId", expires_at AS "expiresAt",
            rotated_at AS "rotatedAt", revoked_at AS "revokedAt"
       FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

export async function insertRefresh(db: Queryable, r: { identityId: string; familyId: string; tokenHash: string; ttlSeconds: number }) {
  await db.query(
    `INSERT INTO refresh_tokens (identity_id, family_id, token_hash, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
    [r.identityId, r.familyId, r.tokenHash, r.ttlSeconds],
  );
}

export async function markRotated(db: Queryable, id: string) {
  await db.query('UPDATE refresh_tokens SET rotated_at = now() WHERE id = $1', [id]);
}

export async function revokeFamily(db: Queryable, familyId: string) {
  await db.query('UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [familyId]);
}
