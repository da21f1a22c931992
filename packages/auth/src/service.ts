import { randomUUID } from 'node:crypto';
import { conflict, DomainError, invalid, notFound, tooMany, unauthorized, type Throttle } from '@ap/core';
import { asService, type Pool } from '@ap/db';
import type { SmsSender } from '@ap/providers';
import { maskPhone, normalisePhone } from './phone.js';
import * as repo from './repo.js';
import {
  checkOtpUsable, codeMatches, generateCode, hashCode, hashToken, newRefreshToken, OTP_RULES, otpMessage, resendWait,
  type Kind,
} from './rules.js';
import type { Role, TokenService } from './tokens.js';

export interface AuthLimits {
  otpPerPhonePerHour: number;
  otpPerIpPerHour: number;
  verifyPerIpPerHour: number;
}

export interface AuthDeps {
  pool: Pool;
  tokens: TokenService;
  sms: SmsSender;
  throttle: Throttle;
  otpSecret: string;
  refreshTtlSeconds: number;
  limits: AuthLimits;
  /** Fixed codes for configured test numbers (never in production; refused at start-up there). */
  testNumbers: ReadonlyMap<string, string>;
  log: (msg: string, extra?: Record<string, unknown>) => void;
  now?: () => Date;
}

export interface OtpSent {
  otpSentTo: string;
  resendAfterSeconds: number;
}

export interface AuthUser {
  id: string;
  kind: Kind;
  roles: Role[];
  name: string;
  status?: 'pending' | 'approved' | 'suspended';
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: AuthUser;
}

const HOUR = 3600;

export function createAuthService(deps: AuthDeps) {
  const now = deps.now ?? (() => new Date());

  async function sendCode(kind: Kind, phone: string, ip: string, signupName: string | null): Promise<OtpSent> {
    const tooSoon = (wait: number) => tooMany('otp_resend_too_soon', `wait ${wait} s before asking for another code`, wait);
    // Fast path: an early resend is refused without spending one of the number's hourly codes.
    const wait = resendWait((await repo.findLatestOtp(deps.pool, phone, kind))?.createdAt ?? null, now());
    if (wait > 0) throw tooSoon(wait);
    // Keyed on the number alone: both apps' codes reach the same phone.
    await deps.throttle.consume(
      { name: 'otp_phone', points: deps.limits.otpPerPhonePerHour, durationSeconds: HOUR },
      phone, 'otp_rate_limited', 'too many codes for this number; try again later',
    );
    const code = deps.testNumbers.get(phone) ?? generateCode();
    // Requests racing past the fast path serialise on a lock for this number and re-check, so at most one code
    // is created (and one SMS sent) per resend window.
    const created = await asService(deps.pool, async (tx): Promise<{ wait: number } | { otpId: string }> => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`otp:${kind}:${phone}`]);
      const again = resendWait((await repo.findLatestOtp(tx, phone, kind))?.createdAt ?? null, now());
      if (again > 0) return { wait: again };
      const otpId = await repo.insertOtp(tx, {
        phone, kind, codeHash: hashCode(deps.otpSecret, phone, kind, code), ttlSeconds: OTP_RULES.ttlSeconds, ip, signupName,
      });
      return { otpId };
    });
    if ('wait' in created) throw tooSoon(created.wait);
    if (!deps.testNumbers.has(phone)) {
      try {
        await deps.sms.send({ to: phone, body: otpMessage(code) });
      } catch (err) {
        await repo.deleteOtp(deps.pool, created.otpId);
        // Status and provider code only: a provider's message may quote the phone number.
        const { status, providerCode } = err as { status?: number; providerCode?: number };
        deps.log('sms provider failed', { provider: deps.sms.name, status, providerCode });
        throw new DomainError('unavailable', 'sms_unavailable', 'we could not send the SMS just now; try again in a minute');
      }
    }
    return { otpSentTo: maskPhone(phone), resendAfterSeconds: OTP_RULES.resendAfterSeconds };
  }

  const ipLimit = (kind: Kind, ip: string) =>
    deps.throttle.consume(
      { name: `otp_ip_${kind}`, points: deps.limits.otpPerIpPerHour, durationSeconds: HOUR },
      ip, 'otp_rate_limited', 'too many codes requested from this network; try again later',
    );

  async function issueSession(identity: repo.IdentityRow, familyId: string = randomUUID(), db: Parameters<typeof repo.insertRefresh>[0] = deps.pool): Promise<Session> {
    const refreshToken = newRefreshToken();
    await repo.insertRefresh(db, { identityId: identity.id, familyId, tokenHash: hashToken(refreshToken), ttlSeconds: deps.refreshTtlSeconds });
    const accessToken = await deps.tokens.sign({ id: identity.id, kind: identity.kind, roles: identity.roles });
    return { accessToken, refreshToken, expiresIn: deps.tokens.accessTtlSeconds, user: toAuthUser(identity) };
  }

  return {
    /** Starts a sign-up: the account is created only when the code is verified. */
    async requestSignup(kind: Kind, input: { phone: string; name: string }, ip: string): Promise<OtpSent> {
      const phone = normalisePhone(input.phone);
      await ipLimit(kind, ip);
      if (await repo.findIdentityByPhone(deps.pool, phone, kind)) {
        throw conflict('account_exists', 'this number already has an account; log in instead');
      }
      return sendCode(kind, phone, ip, input.name.trim());
    },

    async requestLogin(kind: Kind, input: { phone: string }, ip: string): Promise<OtpSent> {
      const phone = normalisePhone(input.phone);
      await ipLimit(kind, ip);
      if (!(await repo.findIdentityByPhone(deps.pool, phone, kind))) {
        throw notFound('account_not_found', 'no account with this number; sign up first');
      }
      return sendCode(kind, phone, ip, null);
    },

    async verify(kind: Kind, input: { phone: string; code: string }, ip: string): Promise<Session> {
      const phone = normalisePhone(input.phone);
      await deps.throttle.consume(
        { name: `otp_verify_ip_${kind}`, points: deps.limits.verifyPerIpPerHour, durationSeconds: HOUR },
        ip, 'otp_rate_limited', 'too many attempts from this network; try again later',
      );
      // The outcome is decided and recorded (a wrong try counted) in one transaction, and only then reported,
      // so a failed attempt is never rolled back by the error that reports it.
      const outcome = await asService(deps.pool, async (tx) => {
        const otp = await repo.findLatestOtp(tx, phone, kind, true);
        if (!otp) return { error: invalid('otp_invalid', 'that code is not right; request a new one') };
        const usable = checkOtpUsable(otp, now());
        if (!usable.ok) {
          if (usable.reason === 'locked') return { error: tooMany('otp_locked', 'too many wrong codes; request a new code', resendWait(otp.createdAt, now()) || 1) };
          if (usable.reason === 'expired') return { error: invalid('otp_expired', 'that code has expired; request a new one') };
          return { error: invalid('otp_invalid', 'that code is no longer valid; request a new one') };
        }
        if (!codeMatches(deps.otpSecret, phone, kind, input.code, otp.codeHash)) {
          const failed = await repo.countFailedAttempt(tx, otp.id);
          const attemptsLeft = Math.max(0, OTP_RULES.maxWrongTries - failed);
          return { error: invalid('otp_invalid', `that code is not right; ${attemptsLeft} ${attemptsLeft === 1 ? 'try' : 'tries'} left`, { attemptsLeft }) };
        }
        await repo.consumeOtp(tx, otp.id);
        let identity = await repo.findIdentityByPhone(tx, phone, kind);
        if (!identity && otp.signupName) {
          const id = await repo.insertIdentity(tx, phone, kind, otp.signupName);
          identity = id ? await repo.findIdentityById(tx, id) : await repo.findIdentityByPhone(tx, phone, kind);
        }
        if (!identity) return { error: notFound('account_not_found', 'no account with this number; sign up first') };
        return { session: await issueSession(identity, undefined, tx) };
      });
      if ('error' in outcome) throw outcome.error;
      return outcome.session;
    },

    /**
     * Rotates a refresh token: the presented one is spent and a new one of the same family issued. Presenting a
     * spent token again means it was stolen (or replayed): the whole family is revoked and both holders must
     * sign in again.
     */
    async refresh(kind: Kind, refreshToken: string): Promise<Session> {
      const outcome = await asService(deps.pool, async (tx) => {
        const row = await repo.findRefreshForUpdate(tx, hashToken(refreshToken));
        if (!row) return { error: unauthorized('refresh_invalid', 'sign in again') };
        if (row.revokedAt) return { error: unauthorized('refresh_revoked', 'this session was signed out; sign in again') };
        if (row.rotatedAt) {
          await repo.revokeFamily(tx, row.familyId);
          deps.log('refresh token reuse detected; family revoked', { familyId: row.familyId });
          return { error: unauthorized('refresh_reused', 'this sign-in was used elsewhere; sign in again') };
        }
        if (row.expiresAt.getTime() <= now().getTime()) return { error: unauthorized('refresh_expired', 'your session expired; sign in again') };
        const identity = await repo.findIdentityById(tx, row.identityId);
        if (!identity || identity.kind !== kind) return { error: unauthorized('refresh_invalid', 'sign in again') };
        await repo.markRotated(tx, row.id);
        return { session: await issueSession(identity, row.familyId, tx) };
      });
      if ('error' in outcome) throw outcome.error;
      return outcome.session;
    },

    /**
     * The signed-in identity as a sign-in returns it. A Supabase Auth sign-in gets its user (roles, astrologer
     * status) here; its first call creates the identity (see createSupabaseVerifier).
     */
    async me(kind: Kind, identityId: string): Promise<AuthUser> {
      const identity = await asService(deps.pool, (tx) => repo.findIdentityById(tx, identityId));
      if (!identity || identity.kind !== kind) throw notFound('account_not_found', 'no account here for this sign-in');
      return toAuthUser(identity);
    },

    /** Signs out everywhere this sign-in spread to: the token's whole family. Idempotent. */
    async logout(refreshToken: string): Promise<void> {
      await asService(deps.pool, async (tx) => {
        const row = await repo.findRefreshForUpdate(tx, hashToken(refreshToken));
        if (row) await repo.revokeFamily(tx, row.familyId);
      });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

function toAuthUser(i: repo.IdentityRow): AuthUser {
  return { id: i.id, kind: i.kind, roles: i.roles, name: i.name, ...(i.kind === 'astrologer' && i.status ? { status: i.status } : {}) };
}
