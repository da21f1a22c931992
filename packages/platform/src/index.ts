export { platformEnv, serviceEnv, type PlatformEnv } from './env.js';
export { createPlatform, type Platform, type PlatformOptions } from './platform.js';
export { maskPersonalData } from './log.js';
export { serve } from './serve.js';
export { registerJobQueueMetrics } from './metrics.js';
