import { authRoutes } from '@ap/auth';
import { catalogueRoutes, createCatalogueService, favoriteRoutes } from '@ap/catalogue';
import { createApp } from '@ap/http';
import type { Platform } from '@ap/platform';
import { createProfileService, userProfileRoutes } from '@ap/profiles';

/** The customer-facing API: /api/user/* (auth, profile, catalogue, favorites). */
export function buildUserApp(p: Platform) {
  const profiles = createProfileService({ pool: p.pool });
  const catalogue = createCatalogueService({ pool: p.pool });
  return createApp({
    service: 'user', title: 'Anytime Pooja — customers', version: '0.1.0',
    pool: p.pool, verifyToken: p.verifyToken, limits: p.limits, logger: p.logger,
    corsOrigins: p.env.CORS_ORIGINS, bodyLimit: p.env.BODY_LIMIT, trustProxy: p.env.TRUST_PROXY,
    routes: [...authRoutes('user', p.auth), ...userProfileRoutes(profiles), ...catalogueRoutes(catalogue), ...favoriteRoutes(catalogue)],
  });
}
