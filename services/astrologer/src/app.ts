import { authRoutes } from '@ap/auth';
import { astrologerBookingRoutes, bookingConfigFromEnv, createBookingService } from '@ap/bookings';
import { astrologerAvailabilityRoutes, createAvailabilityService } from '@ap/availability';
import { createCatalogueService, moderationRoutes, practiceRoutes } from '@ap/catalogue';
import { createEarningsService, earningsRoutes } from '@ap/earnings';
import { createApp } from '@ap/http';
import { createPhotoService, photoRoutes } from '@ap/media';
import type { Platform } from '@ap/platform';
import { createPracticeService, practiceInsightRoutes } from '@ap/practice';
import { astrologerProfileRoutes, createProfileService } from '@ap/profiles';

/** The astrologer portal's API: /api/astrologer/* (auth, practice profile, photo, presence, availability, booking requests, earnings and payouts, admin moderation). */
export function buildAstrologerApp(p: Platform) {
  const profiles = createProfileService({ pool: p.pool });
  const catalogue = createCatalogueService({ pool: p.pool });
  const availability = createAvailabilityService({ pool: p.pool });
  const bookings = createBookingService({ pool: p.pool, config: bookingConfigFromEnv(p.env) });
  const earnings = createEarningsService({ pool: p.pool, config: { payoutMinPaise: p.env.PAYOUT_MIN_PAISE, tdsBps: p.env.PAYOUT_TDS_BPS } });
  const practice = createPracticeService({ pool: p.pool });
  const photos = createPhotoService({ pool: p.pool, storage: p.storage, log: (msg, extra) => p.logger.warn(extra ?? {}, msg) });
  return createApp({
    service: 'astrologer', title: 'Anytime Pooja — astrologers', version: '0.1.0',
    pool: p.pool, verifyToken: p.verifyToken, limits: p.limits, logger: p.logger,
    corsOrigins: p.env.CORS_ORIGINS, bodyLimit: p.env.BODY_LIMIT, trustProxy: p.env.TRUST_PROXY,
    routes: [...authRoutes('astrologer', p.auth), ...astrologerProfileRoutes(profiles), ...photoRoutes(photos), ...practiceRoutes(catalogue), ...astrologerAvailabilityRoutes(availability),
      ...astrologerBookingRoutes(bookings), ...earningsRoutes(earnings), ...moderationRoutes(catalogue), ...practiceInsightRoutes(practice)],
  });
}
