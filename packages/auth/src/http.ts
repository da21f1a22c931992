import { route, type AnyRoute } from '@ap/http';
import type { Kind } from './rules.js';
import { authUserOutput, loginInput, otpSentOutput, refreshInput, sessionOutput, signupInput, verifyInput } from './schemas.js';
import type { AuthService } from './service.js';

/** Phone-OTP auth routes; mounted by the user service (kind user) and the astrologer service (kind astrologer). */
export function authRoutes(kind: Kind, auth: AuthService): AnyRoute[] {
  const tags = ['auth'];
  const who = kind === 'user' ? 'customer' : 'astrologer';
  return [
    route({
      method: 'post', path: '/auth/signup', tags, access: 'public', status: 202, errors: [409, 429, 503],
      summary: `Start a ${who} sign-up: sends a one-time code by SMS`,
      body: signupInput, response: otpSentOutput,
      handler: ({ body, ip }) => auth.requestSignup(kind, body, ip),
    }),
    route({
      method: 'post', path: '/auth/login', tags, access: 'public', status: 202, errors: [404, 429, 503],
      summary: `Start a ${who} login: sends a one-time code by SMS`,
      body: loginInput, response: otpSentOutput,
      handler: ({ body, ip }) => auth.requestLogin(kind, body, ip),
    }),
    route({
      method: 'post', path: '/auth/verify', tags, access: 'public', errors: [404, 429],
      summary: 'Exchange the one-time code for an access and a refresh token',
      body: verifyInput, response: sessionOutput,
      handler: ({ body, ip }) => auth.verify(kind, body, ip),
    }),
    route({
      method: 'post', path: '/auth/refresh', tags, access: 'public', errors: [401],
      summary: 'Rotate the refresh token: returns a new pair; a reused token revokes its whole family',
      body: refreshInput, response: sessionOutput,
      rateLimit: { name: `refresh_ip_${kind}`, points: 300, durationSeconds: 3600 },
      handler: ({ body }) => auth.refresh(kind, body.refreshToken),
    }),
    route({
      method: 'get', path: '/auth/me', tags, access: kind, errors: [404],
      summary: `The signed-in ${who} as a sign-in returns it (id, kind, roles, name); a Supabase Auth token's first call creates the account`,
      response: authUserOutput,
      handler: ({ caller }) => auth.me(kind, caller.id),
    }),
    route({
      method: 'post', path: '/auth/logout', tags, access: 'public',
      summary: 'Sign out: revokes the refresh token and every token rotated from the same sign-in',
      body: refreshInput, response: null,
      handler: ({ body }) => auth.logout(body.refreshToken),
    }),
  ];
}
