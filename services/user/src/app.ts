import { authRoutes } from '@ap/auth';
import { bookingConfigFromEnv, createBookingService, customerBookingRoutes, startBookingJobs } from '@ap/bookings';
import { createAvailabilityService, publicSlotRoutes } from '@ap/availability';
import { catalogueRoutes, createCatalogueService, createReadCache, favoriteRoutes, memoryStore, noCache, redisStore } from '@ap/catalogue';
import { createGeoService, locationRoutes } from '@ap/geo';
import { astroRoutes, createHoroscopeService, externalFromEnv, registerHoroscopeMetrics } from '@ap/horoscope';
import { createApp } from '@ap/http';
import { mediaRoutes } from '@ap/media';
import { registerJobQueueMetrics, type Platform } from '@ap/platform';
import { createProfileService, userProfileRoutes } from '@ap/profiles';
import { createWalletService, walletRoutes } from '@ap/wallet';

/** The customer-facing API: /api/user/* (auth, profile, catalogue, slots, favorites, nearby, media, wallet, bookings). */
export function buildUserApp(p: Platform) {
  const profiles = createProfileService({ pool: p.pool });
  const cache = catalogueCache(p);
  const availability = createAvailabilityService({ pool: p.pool, ...(cache === noCache ? {} : { cache }) });
  const catalogue = createCatalogueService({ pool: p.pool, readPool: p.readPool, nextSlots: availability.nextFreeSlots, cache });
  const geo = createGeoService({ pool: p.pool, geocoder: p.geocoder() });
  const external = externalFromEnv(p.env, (msg, extra) => p.logger.warn(extra ?? {}, msg), horoscopeStore(p));
  const astro = createHoroscopeService({ pool: p.pool, readPool: p.readPool, geocoder: p.geocoder(), external, log: (msg, extra) => p.logger.warn(extra ?? {}, msg) });
  const bookings = createBookingService({ pool: p.pool, config: bookingConfigFromEnv(p.env) });
  const wallet = createWalletService({ pool: p.pool, gateway: p.paymentGateway(), log: (msg, extra) => p.logger.warn(extra ?? {}, msg), config: walletConfig(p) });
  return createApp({
    service: 'user', title: 'Anytime Pooja — customers', version: '0.1.0',
    pool: p.pool, verifyToken: p.verifyToken, limits: p.limits, logger: p.logger,
    corsOrigins: p.env.CORS_ORIGINS, bodyLimit: p.env.BODY_LIMIT, trustProxy: p.env.TRUST_PROXY,
    registerMetrics: (registry) => {
      cache.registerMetrics(registry);
      registerJobQueueMetrics(registry, p.pool);
      if (external) registerHoroscopeMetrics(registry, external);
    },
    routes: [...authRoutes('user', p.auth), ...userProfileRoutes(profiles), ...catalogueRoutes(catalogue), ...publicSlotRoutes(availability),
      ...favoriteRoutes(catalogue), ...locationRoutes(geo), ...mediaRoutes(p.storage),
      ...walletRoutes(wallet), ...customerBookingRoutes(bookings), ...astroRoutes(astro)],
  });
}

/**
 * Background work, safe to run in every instance: durable timers from the jobs table (booking expiry, reminders,
 * no-shows), and a sweep that asks the gateway about recharges nobody heard back about. The sweep keeps no state
 * of its own (the pending orders are rows), so a restart loses nothing.
 */
export function startUserWorkers(p: Platform, opts: { reconcileEveryMs?: number; reconcileAfterMinutes?: number } = {}) {
  const log = (msg: string, extra?: Record<string, unknown>) => p.logger.warn(extra ?? {}, msg);
  const bookings = createBookingService({ pool: p.pool, config: bookingConfigFromEnv(p.env) });
  const jobs = startBookingJobs({ pool: p.pool, service: bookings, log });
  const wallet = createWalletService({ pool: p.pool, gateway: p.paymentGateway(), log, config: walletConfig(p) });
  const sweep = setInterval(() => {
    wallet.reconcile(opts.reconcileAfterMinutes ?? 15).then(
      (credited) => credited && p.logger.info({ credited }, 'reconciled recharges with the gateway'),
      (err: Error) => log('recharge reconciliation failed', { error: err.message }),
    );
  }, opts.reconcileEveryMs ?? 5 * 60_000);
  sweep.unref();
  p.onClose(async () => {
    clearInterval(sweep);
    await jobs.stop();
  });
}

/** Public catalogue reads cached in Redis when configured (shared by instances), else in this process; 0 s = off. */
function catalogueCache(p: Platform) {
  if (p.env.CATALOGUE_CACHE_TTL_SECONDS === 0) return noCache;
  const store = p.redis
    ? redisStore(p.redis, { prefix: `${p.env.RATE_LIMIT_NAMESPACE}:catalogue:`, onError: (err) => p.logger.warn({ err: err.message }, 'catalogue cache: redis unavailable, reading the database') })
    : memoryStore(p.env.CATALOGUE_CACHE_MAX_ENTRIES);
  return createReadCache({ db: p.pool, store, ttlSeconds: p.env.CATALOGUE_CACHE_TTL_SECONDS });
}

/** The external horoscope API's answers shared by every instance through Redis when configured (else each keeps its own). */
function horoscopeStore(p: Platform) {
  return p.redis
    ? redisStore(p.redis, { prefix: `${p.env.RATE_LIMIT_NAMESPACE}:horoscope:`, onError: (err) => p.logger.warn({ err: err.message }, 'horoscope cache: redis unavailable, asking the API') })
    : undefined;
}

const walletConfig = (p: Platform) => ({
  gstBps: p.env.GST_BPS, minPaise: p.env.RECHARGE_MIN_PAISE, maxPaise: p.env.RECHARGE_MAX_PAISE, packsPaise: p.env.RECHARGE_PACKS_PAISE,
});
