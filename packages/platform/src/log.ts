import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Fields that are secrets by name, wherever a log call puts them (top level, or one object down such as `req` or an
 * `extra` object). Their values are replaced, not masked: nothing of a token or code is worth keeping.
 */
const SECRET_KEYS = ['authorization', 'cookie', 'accessToken', 'refreshToken', 'token', 'otp', 'password', 'secret', 'phone', 'email'];
export const REDACT_PATHS = [
  ...SECRET_KEYS, ...SECRET_KEYS.map((k) => `*.${k}`),
  // A nested `code` may be a one-time code; a top-level one is an error code (kept: it is what an alert names).
  '*.code',
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]',
];

const NOT_IN_WORD = '(?<![\\w.+-])';
const END = '(?![\\w-])';
const MASKS: [RegExp, (m: string, ...groups: string[]) => string][] = [
  // Access tokens (JWTs) and bearer credentials, anywhere in a message or an error.
  [/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, () => '[jwt]'],
  [/\b(Bearer|Basic)\s+[^\s"',]+/gi, (_m, scheme) => `${scheme} [redacted]`],
  // Refresh tokens: 256 random bits in base64url (43 characters).
  [new RegExp(`${NOT_IN_WORD}[A-Za-z0-9_-]{43}${END}`, 'g'), (m) => (/\d/.test(m) && /[A-Za-z]/.test(m) ? '[token]' : m)],
  // E.164 phone numbers (+919812345678 → +91•••••5678), also written with spaces or dashes; the first two digits
  // are kept whatever the country code's length (+1 numbers show one digit more).
  [new RegExp(`${NOT_IN_WORD}\\+(\\d{2})[\\d \\-]{4,12}(\\d{4})${END}`, 'g'), (_m, cc, last) => `+${cc}•••••${last}`],
  // Indian mobile numbers without the +: 9812345678, 919812345678.
  [new RegExp(`${NOT_IN_WORD}(?:91)?[6-9]\\d{5}(\\d{4})${END}`, 'g'), (_m, last) => `•••••${last}`],
  // Email addresses (asha.verma@example.com → a•••@example.com).
  [/\b([A-Za-z0-9])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\b/g, (_m, first, domain) => `${first}•••@${domain}`],
];

/** Masks phone numbers, email addresses and tokens in any text (a whole log line, a message, an error). */
export function maskPersonalData(text: string): string {
  let out = text;
  for (const [pattern, replace] of MASKS) out = out.replace(pattern, replace as (m: string) => string);
  return out;
}

/**
 * A destination that masks each finished log line before writing it. Working on the serialised line catches what
 * key-based redaction cannot: a phone number inside a message, an error's text or a database error's detail
 * ("Key (phone)=(+91…) already exists").
 */
export function maskingDestination(dest: DestinationStream): DestinationStream {
  return { write: (line: string) => dest.write(maskPersonalData(line)) };
}

export function createLogger(opts: { level: string; service: string; destination?: DestinationStream }): Logger {
  return pino(
    { level: opts.level, base: { service: opts.service }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    maskingDestination(opts.destination ?? pino.destination({ dest: 1, sync: true })),
  );
}

/**
 * The console SMS provider's line, as logged: the number masked like any other, and the code itself only in
 * development, where the log is how a developer signs in with a number that is not a test number (README "Quick
 * start"). Elsewhere the code stays in the sms_outbox table only.
 */
export function smsLogLine(line: string, nodeEnv: string): string {
  return nodeEnv === 'development' ? line : line.replace(/\b\d{4,8}\b/g, '••••••');
}
