export { createProfileService, type ProfileService } from './service.js';
export { userProfileRoutes, astrologerProfileRoutes } from './http.js';
export * as profileSchemas from './schemas.js';
