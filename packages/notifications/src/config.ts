import { z } from '@ap/http';
import { DEFAULT_PUSH_HOSTS } from './rules.js';

const base64url = (bytes: number, what: string) =>
  z.string().regex(/^[A-Za-z0-9_-]+$/, 'base64url without padding').refine((s) => Buffer.from(s, 'base64url').length === bytes, `${what} (${bytes} bytes)`);

/** Environment variables of Web Push; merged into every service's schema (only communication sends). */
export const webPushEnv = {
  VAPID_PUBLIC_KEY: base64url(65, 'an uncompressed P-256 public key').optional(),
  VAPID_PRIVATE_KEY: base64url(32, 'a P-256 private key').optional(),
  VAPID_SUBJECT: z.string().regex(/^(mailto:[^@\s]+@[^@\s]+|https:\/\/\S+)$/, 'a mailto: address or an https: URL').optional(),
  /** Push services a subscription may point at, comma-separated hosts (`*.` for subdomains); default the browsers'. */
  WEB_PUSH_HOSTS: z
    .string()
    .transform((s) => s.split(',').map((h) => h.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'a host name, or *. and a domain')).min(1, 'at least one host'))
    .optional(),
};

export type WebPushEnv = { [K in keyof typeof webPushEnv]?: z.output<(typeof webPushEnv)[K]> } & { NODE_ENV: string };

interface Issue {
  path: string[];
  message: string;
}

/** Cross-field rules, for the platform schema's superRefine. */
export function webPushEnvIssues(env: WebPushEnv): Issue[] {
  const issues: Issue[] = [];
  if (!!env.VAPID_PUBLIC_KEY !== !!env.VAPID_PRIVATE_KEY) {
    const missing = env.VAPID_PUBLIC_KEY ? 'VAPID_PRIVATE_KEY' : 'VAPID_PUBLIC_KEY';
    issues.push({ path: [missing], message: 'set both VAPID keys (npx web-push generate-vapid-keys) or neither' });
  }
  if (env.NODE_ENV === 'production' && env.VAPID_PUBLIC_KEY && !env.VAPID_SUBJECT) {
    issues.push({ path: ['VAPID_SUBJECT'], message: 'required with VAPID keys in production: push services contact this address' });
  }
  return issues;
}

export interface WebPushConfig {
  /** Keys from the environment; null lets the service generate and store a pair (outside production) or disables push. */
  keys: { publicKey: string; privateKey: string } | null;
  subject: string;
  /** Generate and keep a key pair in the database when none is configured. */
  generateKeys: boolean;
  /** Accept http:// endpoints (a local fake push service); https only in production. */
  allowInsecureEndpoints: boolean;
  /** Hosts a subscription's endpoint may be on; null: any (outside production, unless WEB_PUSH_HOSTS is set). */
  endpointHosts: readonly string[] | null;
}

/** Used only outside production, where nothing is actually delivered to a person. */
const DEV_SUBJECT = 'mailto:webpush@anytimepooja.example';

export const webPushConfigFromEnv = (env: WebPushEnv): WebPushConfig => {
  const production = env.NODE_ENV === 'production';
  return {
    keys: env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY ? { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY } : null,
    subject: env.VAPID_SUBJECT ?? DEV_SUBJECT,
    generateKeys: !production,
    allowInsecureEndpoints: !production,
    endpointHosts: env.WEB_PUSH_HOSTS ?? (production ? DEFAULT_PUSH_HOSTS : null),
  };
};
