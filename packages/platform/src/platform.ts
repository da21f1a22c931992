import { combinedVerifier, createAuthService, createSupabaseVerifier, createTokenService, type AuthService, type TokenService } from '@ap/auth';
import { createPool, type Pool } from '@ap/db';
import { RateLimits, type TokenVerifier } from '@ap/http';
import { nominatimGeocoder, offlineGeocoder, type Geocoder } from '@ap/geo';
import { localDiskStorage, s3Storage, supabaseStorage, type ObjectStorage } from '@ap/media';
import { razorpayGateway, sandboxGateway, stripeGateway, type PaymentGateway } from '@ap/payments';
import { consoleSms, twilioSms, type SmsSender } from '@ap/providers';
import { Redis } from 'ioredis';
import type { DestinationStream, Logger } from 'pino';
import { createLogger, smsLogLine } from './log.js';
import type { PlatformEnv } from './env.js';

/** What every service is built from: one pool, one logger, shared rate limits, tokens and auth. */
export interface Platform {
  env: PlatformEnv;
  pool: Pool;
  /**
   * Reads that may lag behind the primary by the replica's delay (DATABASE_READ_URL; the same pool as `pool` when
   * unset): public catalogue reads. Never for what a caller has just written (their own profile, wallet, bookings).
   */
  readPool: Pool;
  logger: Logger;
  limits: RateLimits;
  /** The shared Redis client when REDIS_URL is set (rate limits, catalogue cache). */
  redis: Redis | null;
  tokens: TokenService;
  verifyToken: TokenVerifier;
  sms: SmsSender;
  auth: AuthService;
  /** Photos and attachments: written by one service, served by another, so both build it from the same settings. */
  storage: ObjectStorage;
  /** Place names to coordinates; built on first use (the offline city list takes a moment to load). */
  geocoder: () => Geocoder;
  /** The configured payment gateway; built on first use (only the user service takes payments). */
  paymentGateway: () => PaymentGateway;
  /** Runs fn on shutdown, before the pool closes (job runners stop taking work first). */
  onClose(fn: () => Promise<void> | void): void;
  close(): Promise<void>;
}

export interface PlatformOptions {
  /** Where log lines go (default stdout); tests capture them here. Lines are masked before they reach it. */
  logDestination?: DestinationStream;
}

export function createPlatform(env: PlatformEnv, service: string, opts: PlatformOptions = {}): Platform {
  // Phone numbers, emails, tokens and one-time codes never reach the log (README "Logs").
  const logger = createLogger({ level: env.LOG_LEVEL, service, ...(opts.logDestination ? { destination: opts.logDestination } : {}) });
  const pool = createPool({ connectionString: env.DATABASE_URL, max: env.DB_POOL_MAX, applicationName: `anytime-pooja-${service}` });
  const readPool = env.DATABASE_READ_URL
    ? createPool({ connectionString: env.DATABASE_READ_URL, max: env.DB_POOL_MAX, applicationName: `anytime-pooja-${service}-read` })
    : pool;
  const redis = env.REDIS_URL ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2, commandTimeout: 2000, connectTimeout: 5000 }) : null;
  redis?.on('error', (err) => logger.warn({ err: err.message }, 'redis error'));
  const limits = new RateLimits(redis ? { redis } : { pool: unnamedStatements(pool) }, env.RATE_LIMIT_NAMESPACE);
  const tokens = createTokenService({ secret: env.JWT_SECRET, accessTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS });
  const sms =
    env.SMS_PROVIDER === 'twilio'
      ? twilioSms({
          accountSid: env.TWILIO_ACCOUNT_SID!, authToken: env.TWILIO_AUTH_TOKEN!, baseUrl: env.TWILIO_API_BASE_URL, timeoutMs: env.SMS_TIMEOUT_MS,
          ...(env.TWILIO_FROM ? { from: env.TWILIO_FROM } : {}),
          ...(env.TWILIO_MESSAGING_SERVICE_SID ? { messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID } : {}),
        })
      : consoleSms(pool, (line) => logger.info({ sms: true }, smsLogLine(line, env.NODE_ENV)));
  const auth = createAuthService({
    pool, tokens, sms, throttle: limits, otpSecret: env.OTP_SECRET, refreshTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
    limits: {
      otpPerPhonePerHour: env.OTP_PER_PHONE_PER_HOUR, otpPerIpPerHour: env.OTP_PER_IP_PER_HOUR,
      verifyPerIpPerHour: env.OTP_VERIFY_PER_IP_PER_HOUR,
    },
    testNumbers: env.TEST_OTP_NUMBERS,
    log: (msg, extra) => logger.warn(extra ?? {}, msg),
  });
  const storage =
    env.MEDIA_STORAGE === 's3'
      ? s3Storage({
          region: env.S3_REGION!, bucket: env.S3_BUCKET!, accessKeyId: env.S3_ACCESS_KEY_ID!, secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
          forcePathStyle: env.S3_FORCE_PATH_STYLE, publicBaseUrl: env.MEDIA_PUBLIC_BASE_URL, ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}),
        })
      : env.MEDIA_STORAGE === 'supabase'
        ? supabaseStorage({
            s3Url: env.SUPABASE_STORAGE_S3_URL!, region: env.SUPABASE_STORAGE_REGION!, bucket: env.SUPABASE_STORAGE_BUCKET!,
            accessKeyId: env.SUPABASE_STORAGE_ACCESS_KEY_ID!, secretAccessKey: env.SUPABASE_STORAGE_SECRET_ACCESS_KEY!, publicBaseUrl: env.MEDIA_PUBLIC_BASE_URL,
          })
        : localDiskStorage({ dir: env.MEDIA_DIR, publicBaseUrl: env.MEDIA_PUBLIC_BASE_URL });
  // AUTH_PROVIDER=supabase: Supabase Auth tokens are accepted as well as our own (mapped to identities on first sight).
  const verifyToken =
    env.AUTH_PROVIDER === 'supabase'
      ? combinedVerifier(tokens, createSupabaseVerifier({
          url: env.SUPABASE_URL!, pool,
          ...(env.SUPABASE_JWKS_URL ? { jwksUrl: env.SUPABASE_JWKS_URL } : {}),
          ...(env.SUPABASE_JWT_SECRET ? { jwtSecret: env.SUPABASE_JWT_SECRET } : {}),
        }))
      : (token: string) => tokens.verify(token);
  let geocoder: Geocoder | undefined;
  const closers: (() => Promise<void> | void)[] = [];
  let gateway: PaymentGateway | undefined;
  const buildGateway = (): PaymentGateway => {
    const timeoutMs = env.PAYMENT_GATEWAY_TIMEOUT_MS;
    if (env.PAYMENT_GATEWAY === 'razorpay') {
      return razorpayGateway({ keyId: env.RAZORPAY_KEY_ID!, keySecret: env.RAZORPAY_KEY_SECRET!, webhookSecret: env.RAZORPAY_WEBHOOK_SECRET!, baseUrl: env.RAZORPAY_API_BASE_URL, timeoutMs });
    }
    if (env.PAYMENT_GATEWAY === 'stripe') {
      const api = new URL(env.STRIPE_API_BASE_URL);
      return stripeGateway({
        secretKey: env.STRIPE_SECRET_KEY!, webhookSecret: env.STRIPE_WEBHOOK_SECRET!, timeoutMs,
        host: api.hostname, port: Number(api.port || (api.protocol === 'http:' ? 80 : 443)), protocol: api.protocol === 'http:' ? 'http' : 'https',
        ...(env.STRIPE_PUBLISHABLE_KEY ? { publishableKey: env.STRIPE_PUBLISHABLE_KEY } : {}),
      });
    }
    return sandboxGateway({ secret: env.PAYMENT_SANDBOX_SECRET!, publicBaseUrl: env.PAYMENT_SANDBOX_PUBLIC_BASE_URL });
  };
  return {
    env, pool, readPool, logger, limits, redis, tokens, sms, auth, storage,
    paymentGateway: () => (gateway ??= buildGateway()),
    geocoder: () =>
      (geocoder ??=
        env.GEOCODER_PROVIDER === 'nominatim'
          ? nominatimGeocoder({ baseUrl: env.NOMINATIM_BASE_URL, userAgent: env.NOMINATIM_USER_AGENT!, ...(env.NOMINATIM_EMAIL ? { email: env.NOMINATIM_EMAIL } : {}) })
          : offlineGeocoder()),
    verifyToken,
    onClose: (fn) => {
      closers.push(fn);
    },
    async close() {
      for (const fn of closers.reverse()) await fn();
      await pool.end();
      if (readPool !== pool) await readPool.end();
      redis?.disconnect();
    },
  };
}

/**
 * The pool with every query sent as an unnamed statement. rate-limiter-flexible names its prepared statements; behind
 * a transaction-pooling PgBouncer each query may land on another server connection, where that name already exists
 * ("prepared statement ... already exists") or never did ("does not exist").
 */
function unnamedStatements(pool: Pool): Pool {
  const view = Object.create(pool) as Pool; // keeps the constructor name the limiter checks for a pg Pool
  view.query = ((config: unknown, values?: unknown) => {
    if (config && typeof config === 'object' && 'name' in config) {
      const { name: _name, ...unnamed } = config as Record<string, unknown>;
      return pool.query(unnamed as never, values as never);
    }
    return pool.query(config as never, values as never);
  }) as Pool['query'];
  return view;
}
