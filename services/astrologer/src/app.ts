import { authRoutes } from '@ap/auth';
import { astrologerAvailabilityRoutes, createAvailabilityService } from '@ap/availability';
import { createCatalogueService, moderationRoutes, practiceRoutes } from '@ap/catalogue';
import { createApp } from '@ap/http';
import type { Platform } from '@ap/platform';
import { astrologerProfileRoutes, createProfileService } from '@ap/profiles';

/** The astrologer portal's API: /api/astrologer/* (auth, practice profile, presence, availability, admin moderation). */
export function buildAstrologerApp(p: Platform) {
  const profiles = createProfileService({ pool: p.pool });
  const catalogue = createCatalogueService({ pool: p.pool });
  const availability = createAvailabilityService({ pool: p.pool });
  return createApp({
    service: 'astrologer', title: 'Anytime Pooja — astrologers', version: '0.1.0',
    pool: p.pool, verifyToken: p.verifyToken, limits: p.limits, logger: p.logger,
    corsOrigins: p.env.CORS_ORIGINS, bodyLimit: p.env.BODY_LIMIT, trustProxy: p.env.TRUST_PROXY,
    routes: [...authRoutes('astrologer', p.auth), ...astrologerProfileRoutes(profiles), ...practiceRoutes(catalogue), ...astrologerAvailabilityRoutes(availability),
      ...moderationRoutes(catalogue)],
  });
}
