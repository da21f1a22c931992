import { authRoutes } from '@ap/auth';
import { bookingConfigFromEnv, createBookingService, customerBookingRoutes, startBookingJobs } from '@ap/bookings';
import { createAvailabilityService, publicSlotRoutes } from '@ap/availability';
import { catalogueRoutes, createCatalogueService, favoriteRoutes } from '@ap/catalogue';
import { createGeoService, locationRoutes } from '@ap/geo';
import { createApp } from '@ap/http';
import { mediaRoutes } from '@ap/media';
import type { Platform } from '@ap/platform';
import { createProfileService, userProfileRoutes } from '@ap/profiles';
import { createWalletService, walletRoutes } from '@ap/wallet';

/** The customer-facing API: /api/user/* (auth, profile, catalogue, slots, favorites, nearby, media, wallet, bookings). */
export function buildUserApp(p: Platform) {
  const profiles = createProfileService({ pool: p.pool });
  const availability = createAvailabilityService({ pool: p.pool });
  const catalogue = createCatalogueService({ pool: p.pool, nextSlots: availability.nextFreeSlots });
  const geo = createGeoService({ pool: p.pool, geocoder: p.geocoder() });
  const bookings = createBookingService({ pool: p.pool, config: bookingConfigFromEnv(p.env) });
  const wallet = createWalletService({
    pool: p.pool, gateway: p.paymentGateway(), log: (msg, extra) => p.logger.warn(extra ?? {}, msg),
    config: { gstBps: p.env.GST_BPS, minPaise: p.env.RECHARGE_MIN_PAISE, maxPaise: p.env.RECHARGE_MAX_PAISE, packsPaise: p.env.RECHARGE_PACKS_PAISE },
  });
  return createApp({
    service: 'user', title: 'Anytime Pooja — customers', version: '0.1.0',
    pool: p.pool, verifyToken: p.verifyToken, limits: p.limits, logger: p.logger,
    corsOrigins: p.env.CORS_ORIGINS, bodyLimit: p.env.BODY_LIMIT, trustProxy: p.env.TRUST_PROXY,
    routes: [...authRoutes('user', p.auth), ...userProfileRoutes(profiles), ...catalogueRoutes(catalogue), ...publicSlotRoutes(availability),
      ...favoriteRoutes(catalogue), ...locationRoutes(geo), ...mediaRoutes(p.storage),
      ...walletRoutes(wallet), ...customerBookingRoutes(bookings)],
  });
}

/** Durable timers (booking expiry, reminders, no-shows) from the jobs table; safe to run in every instance. */
export function startUserWorkers(p: Platform) {
  const bookings = createBookingService({ pool: p.pool, config: bookingConfigFromEnv(p.env) });
  const jobs = startBookingJobs({ pool: p.pool, service: bookings, log: (msg, extra) => p.logger.warn(extra ?? {}, msg) });
  p.onClose(() => jobs.stop());
}
