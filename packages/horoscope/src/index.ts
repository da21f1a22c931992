export { createHoroscopeService, type HoroscopeService, type HoroscopeDeps } from './service.js';
export { astroRoutes } from './http.js';
export { externalProvider, ExternalUnavailable, type HoroscopeProvider, type HoroscopeText, type ExternalConfig, type ExternalSource, type SharedStore } from './providers.js';
export { registerHoroscopeMetrics } from './metrics.js';
export { horoscopeEnv, externalFromEnv, type HoroscopeEnv } from './config.js';
export { composeHoroscope, periodSky, periodBounds, luckyFor, PERIODS, type Period } from './rules.js';
export * as horoscopeSchemas from './schemas.js';
