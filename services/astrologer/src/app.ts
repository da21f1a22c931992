import { authRoutes } from '@ap/auth';
import { astrologerAvailabilityRoutes, createAvailabilityService } from '@ap/availability';
import { createCatalogueService, moderationRoutes, practiceRoutes } from '@ap/catalogue';
import { createApp } from '@ap/http';
import { createPhotoService, photoRoutes } from '@ap/media';
import type { Platform } from '@ap/platform';
import { astrologerProfileRoutes, createProfileService } from '@ap/profiles';

/** The astrologer portal's API: /api/astrologer/* (auth, practice profile, photo, presence, availability, admin moderation). */
export function buildAstrologerApp(p: Platform) {
  const profiles = createProfileService({ pool: p.pool });
  const catalogue = createCatalogueService({ pool: p.pool });
  const availability = createAvailabilityService({ pool: p.pool });
  const photos = createPhotoService({ pool: p.pool, storage: p.storage, log: (msg, extra) => p.logger.warn(extra ?? {}, msg) });
  return createApp({
    service: 'astrologer', title: 'Anytime Pooja — astrologers', version: '0.1.0',
    pool: p.pool, verifyToken: p.verifyToken, limits: p.limits, logger: p.logger,
    corsOrigins: p.env.CORS_ORIGINS, bodyLimit: p.env.BODY_LIMIT, trustProxy: p.env.TRUST_PROXY,
    routes: [...authRoutes('astrologer', p.auth), ...astrologerProfileRoutes(profiles), ...photoRoutes(photos), ...practiceRoutes(catalogue), ...astrologerAvailabilityRoutes(availability),
      ...moderationRoutes(catalogue)],
  });
}
