import { bool, csv } from '@ap/core';
import { bookingEnv } from '@ap/bookings';
import { rtcEnv } from '@ap/realtime';
import { sessionEnv } from '@ap/sessions';
import { earningsEnv } from '@ap/earnings';
import { horoscopeEnv } from '@ap/horoscope';
import { webPushEnv, webPushEnvIssues } from '@ap/notifications';
import { z } from 'zod';

const testNumbers = z
  .string()
  .transform((s, ctx) => {
    const map = new Map<string, string>();
    for (const pair of s.split(',').map((p) => p.trim()).filter(Boolean)) {
      const m = /^(\+[1-9]\d{6,14})=(\d{6})$/.exec(pair);
      if (!m) {
        ctx.addIssue({ code: 'custom', message: `"${pair}" is not +E164=6digits` });
        return z.NEVER;
      }
      map.set(m[1]!, m[2]!);
    }
    return map;
  });

/** Settings every service shares (DESIGN §7). Each service extends this with its own PORT. */
export const platformEnv = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
    /** A direct server connection for LISTEN when DATABASE_URL goes through a transaction pooler (PgBouncer); default DATABASE_URL. */
    DATABASE_DIRECT_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    /** A read replica for public catalogue reads (search, profiles, specialties); default DATABASE_URL. README "Read replica". */
    DATABASE_READ_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    JWT_SECRET: z.string().min(32, 'at least 32 characters'),
    OTP_SECRET: z.string().min(32, 'at least 32 characters'),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
    REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(3600).max(365 * 86_400).default(30 * 86_400),
    CORS_ORIGINS: csv.pipe(z.array(z.url())).default(['http://localhost:3000', 'http://127.0.0.1:3000']),
    BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'like 100kb').default('100kb'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    TRUST_PROXY: z.string().default('loopback'),
    SMS_PROVIDER: z.enum(['console', 'twilio']).default('console'),
    TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'an Account SID (AC + 32 hex)').optional(),
    TWILIO_AUTH_TOKEN: z.string().min(16).optional(),
    TWILIO_FROM: z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number').optional(),
    TWILIO_MESSAGING_SERVICE_SID: z.string().regex(/^MG[0-9a-fA-F]{32}$/).optional(),
    TWILIO_API_BASE_URL: z.url().default('https://api.twilio.com'),
    /** How long a sign-in waits for the SMS provider before answering 503 sms_unavailable. */
    SMS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(60_000).default(10_000),
    TEST_OTP_NUMBERS: testNumbers.default(new Map()),
    RATE_LIMIT_NAMESPACE: z.string().regex(/^[a-z0-9_]{1,40}$/).default('ap'),
    CATALOGUE_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
    CATALOGUE_CACHE_MAX_ENTRIES: z.coerce.number().int().min(100).max(1_000_000).default(10_000),
    /** local: only our own OTP tokens; supabase: Supabase Auth access tokens are accepted too (README "Supabase"). */
    AUTH_PROVIDER: z.enum(['local', 'supabase']).default('local'),
    SUPABASE_URL: z.url().optional(),
    SUPABASE_JWKS_URL: z.url().optional(),
    SUPABASE_JWT_SECRET: z.string().min(32, 'at least 32 characters').optional(),
    MEDIA_STORAGE: z.enum(['local', 's3', 'supabase']).default('local'),
    SUPABASE_STORAGE_S3_URL: z.url().optional(),
    SUPABASE_STORAGE_REGION: z.string().min(1).optional(),
    SUPABASE_STORAGE_ACCESS_KEY_ID: z.string().min(1).optional(),
    SUPABASE_STORAGE_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    SUPABASE_STORAGE_BUCKET: z.string().min(1).optional(),
    MEDIA_DIR: z.string().min(1).default('.data/media'),
    MEDIA_PUBLIC_BASE_URL: z.string().min(1).default('/api/user/media'),
    S3_ENDPOINT: z.url().optional(),
    S3_REGION: z.string().min(1).optional(),
    S3_BUCKET: z.string().min(1).optional(),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_FORCE_PATH_STYLE: bool.default(true),
    GEOCODER_PROVIDER: z.enum(['offline', 'nominatim']).default('offline'),
    NOMINATIM_BASE_URL: z.url().default('https://nominatim.openstreetmap.org'),
    NOMINATIM_USER_AGENT: z.string().min(8).optional(),
    NOMINATIM_EMAIL: z.email().optional(),
    PAYMENT_GATEWAY: z.enum(['sandbox', 'razorpay', 'stripe']).default('sandbox'),
    PAYMENT_SANDBOX_SECRET: z.string().min(32, 'at least 32 characters').optional(),
    PAYMENT_SANDBOX_PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
    RAZORPAY_KEY_ID: z.string().regex(/^rzp_(test|live)_[A-Za-z0-9]+$/, 'rzp_test_… or rzp_live_…').optional(),
    RAZORPAY_KEY_SECRET: z.string().min(8).optional(),
    RAZORPAY_WEBHOOK_SECRET: z.string().min(8).optional(),
    RAZORPAY_API_BASE_URL: z.url().default('https://api.razorpay.com'),
    STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, 'sk_test_…, sk_live_… or rk_…').optional(),
    STRIPE_PUBLISHABLE_KEY: z.string().regex(/^pk_(test|live)_[A-Za-z0-9]+$/).optional(),
    STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9]+$/).optional(),
    STRIPE_API_BASE_URL: z.url().default('https://api.stripe.com'),
    PAYMENT_GATEWAY_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(15_000),
    GST_BPS: z.coerce.number().int().min(0).max(10_000).default(1800),
    RECHARGE_MIN_PAISE: z.coerce.number().int().min(100).default(5_000),
    RECHARGE_MAX_PAISE: z.coerce.number().int().max(100_000_000).default(5_000_000),
    RECHARGE_PACKS_PAISE: csv.pipe(z.array(z.string().regex(/^\d+$/, 'whole paise').transform(Number))).default([5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000]),
    ...earningsEnv,
    ...bookingEnv,
    ...horoscopeEnv,
    ...sessionEnv,
    ...rtcEnv,
    ...webPushEnv,
    OTP_PER_PHONE_PER_HOUR: z.coerce.number().int().min(1).default(5),
    OTP_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(30),
    OTP_VERIFY_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(60),
  })
  .superRefine((env, ctx) => {
    if (env.SMS_PROVIDER === 'twilio') {
      for (const key of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when SMS_PROVIDER=twilio' });
      }
      if (!env.TWILIO_FROM && !env.TWILIO_MESSAGING_SERVICE_SID) {
        ctx.addIssue({ code: 'custom', path: ['TWILIO_FROM'], message: 'TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID is required when SMS_PROVIDER=twilio' });
      }
    }
    if (env.MEDIA_STORAGE === 's3') {
      for (const key of ['S3_REGION', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when MEDIA_STORAGE=s3' });
      }
    }
    if (env.AUTH_PROVIDER === 'supabase') {
      if (!env.SUPABASE_URL) ctx.addIssue({ code: 'custom', path: ['SUPABASE_URL'], message: 'required when AUTH_PROVIDER=supabase' });
      if (!env.SUPABASE_JWKS_URL && !env.SUPABASE_JWT_SECRET) {
        ctx.addIssue({ code: 'custom', path: ['SUPABASE_JWKS_URL'], message: 'SUPABASE_JWKS_URL or SUPABASE_JWT_SECRET is required when AUTH_PROVIDER=supabase' });
      }
    }
    if (env.MEDIA_STORAGE === 'supabase') {
      for (const key of ['SUPABASE_STORAGE_S3_URL', 'SUPABASE_STORAGE_REGION', 'SUPABASE_STORAGE_ACCESS_KEY_ID', 'SUPABASE_STORAGE_SECRET_ACCESS_KEY', 'SUPABASE_STORAGE_BUCKET'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when MEDIA_STORAGE=supabase' });
      }
    }
    const required: Record<typeof env.PAYMENT_GATEWAY, (keyof typeof env)[]> = {
      sandbox: ['PAYMENT_SANDBOX_SECRET'],
      razorpay: ['RAZORPAY_KEY_ID', 'RAZORPAY_KEY_SECRET', 'RAZORPAY_WEBHOOK_SECRET'],
      stripe: ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'],
    };
    for (const key of required[env.PAYMENT_GATEWAY]) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: `required when PAYMENT_GATEWAY=${env.PAYMENT_GATEWAY}` });
    }
    for (const issue of webPushEnvIssues(env)) ctx.addIssue({ code: 'custom', ...issue });
    if (env.RECHARGE_MIN_PAISE > env.RECHARGE_MAX_PAISE) ctx.addIssue({ code: 'custom', path: ['RECHARGE_MAX_PAISE'], message: 'must not be below RECHARGE_MIN_PAISE' });
    if (env.HOROSCOPE_PROVIDER === 'external' && !env.HOROSCOPE_API_URL) {
      ctx.addIssue({ code: 'custom', path: ['HOROSCOPE_API_URL'], message: 'required when HOROSCOPE_PROVIDER=external' });
    }
    if (env.GEOCODER_PROVIDER === 'nominatim' && !env.NOMINATIM_USER_AGENT) {
      ctx.addIssue({ code: 'custom', path: ['NOMINATIM_USER_AGENT'], message: "required when GEOCODER_PROVIDER=nominatim (OSM's usage policy)" });
    }
    if (env.RTC_PROVIDER === 'agora') {
      for (const key of ['AGORA_APP_ID', 'AGORA_APP_CERTIFICATE'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when RTC_PROVIDER=agora (32 hex characters, from the Agora console)' });
      }
    }
    if (env.NODE_ENV === 'production') {
      if (env.TEST_OTP_NUMBERS.size > 0) ctx.addIssue({ code: 'custom', path: ['TEST_OTP_NUMBERS'], message: 'test numbers with fixed codes are refused in production' });
      if (env.PAYMENT_GATEWAY === 'sandbox') ctx.addIssue({ code: 'custom', path: ['PAYMENT_GATEWAY'], message: 'the sandbox lets anyone mark their own payment paid; choose razorpay or stripe in production' });
      if (env.SMS_PROVIDER === 'console') ctx.addIssue({ code: 'custom', path: ['SMS_PROVIDER'], message: 'the console provider only logs codes; choose a real provider in production' });
    }
  });

export type PlatformEnv = z.output<typeof platformEnv>;

/** A service's schema: the shared settings plus its own port. */
export const serviceEnv = (defaultPort: number) =>
  platformEnv.and(z.object({ PORT: z.coerce.number().int().min(1).max(65_535).default(defaultPort), HOST: z.string().default('127.0.0.1') }));
