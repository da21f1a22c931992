export { createAvailabilityService, type AvailabilityDeps, type AvailabilityService, type SlotInputsCache } from './service.js';
export { astrologerAvailabilityRoutes, publicSlotRoutes } from './http.js';
export { computeSlots, defaultSettings, type AvailabilitySettings, type DateOverride, type Interval, type SlotWindow, type TimeRange, type Weekday } from './rules.js';
export * as availabilitySchemas from './schemas.js';
export * as availabilityRepo from './repo.js';
export { horizonEnd, resolveWindow } from './rules.js';
