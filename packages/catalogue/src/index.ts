export { createCatalogueService, type CatalogueService, type Page } from './service.js';
export { catalogueRoutes, moderationRoutes } from './http.js';
export * as catalogueSchemas from './schemas.js';
