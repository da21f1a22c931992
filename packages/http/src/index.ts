export { createApp, type AppOptions } from './app.js';
export { route, type AnyRoute, type HandlerContext, type RouteSpec } from './route.js';
export { RateLimits } from './rate-limit.js';
export { errorHandler, isDatabaseUnreachable, ValidationFailed } from './problem.js';
export { createRegistry, buildDocument, problemSchema } from './openapi.js';
export type { Access, Caller, Role, TokenVerifier } from './caller.js';
export { z } from 'zod';
export { idempotencyKeyFrom } from './idempotency.js';
export { cachedTokenVerifier, type TokenCacheOptions } from './token-cache.js';
