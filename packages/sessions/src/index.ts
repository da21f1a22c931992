export { createSessionService, toView, SESSION_JOBS, type SessionService, type SessionView, type SessionDeps } from './service.js';
export { sessionRoutes } from './http.js';
export { sessionEnv, sessionConfigFromEnv, DEFAULT_SESSION_CONFIG, type SessionConfig, type SessionEnv } from './config.js';
export { billFor, billedMsAt, deadlineFor, spreadCapture, fundableMinutes, MINUTE_MS, type SessionBill } from './rules.js';
export type { Mode, Party } from './repo.js';
export { registerSessionMetrics } from './metrics.js';
