export { platformEnv, serviceEnv, type PlatformEnv } from './env.js';
export { createPlatform, type Platform } from './platform.js';
export { serve } from './serve.js';
