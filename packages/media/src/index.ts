export { localDiskStorage, s3Storage, supabaseStorage, supabasePublicBucketUrl, StorageError, assertObjectKey, type ObjectStorage, type StoredObject, type LocalDiskConfig, type S3Config, type SupabaseStorageConfig } from './storage.js';
export { createPhotoService, photoObjectKey, photoUrls, type PhotoService, type PhotoServiceDeps } from './service.js';
export { renderPhoto, MAX_PHOTO_BYTES, PHOTO_SIZES, type PhotoSize, type Rendition } from './image.js';
export { photoRoutes, mediaRoutes } from './http.js';
export * as mediaSchemas from './schemas.js';
