export { createCatalogueService, searchCacheKey, type CatalogueService, type Page } from './service.js';
export { createReadCache, memoryStore, noCache, redisStore, type CacheStore, type ReadCache } from './cache.js';
export { catalogueRoutes, favoriteRoutes, moderationRoutes, practiceRoutes } from './http.js';
export * as catalogueSchemas from './schemas.js';
export * as catalogueRepo from './repo.js';
