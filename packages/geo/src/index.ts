export { createGeoService, type GeoService, type GeoServiceDeps } from './service.js';
export { locationRoutes } from './http.js';
export { offlineGeocoder, nominatimGeocoder, type Geocoder, type Place, type NominatimConfig } from './geocoder.js';
export { indianCities, buildCityIndex, type City, type CityIndex } from './cities.js';
export { normalizePlaceName } from './rules.js';
export * as geoSchemas from './schemas.js';
