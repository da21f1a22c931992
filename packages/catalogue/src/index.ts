export { createCatalogueService, type CatalogueService, type Page } from './service.js';
export { catalogueRoutes, favoriteRoutes, moderationRoutes, practiceRoutes } from './http.js';
export * as catalogueSchemas from './schemas.js';
export * as catalogueRepo from './repo.js';
