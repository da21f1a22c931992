import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { invalid } from '@ap/core';

export interface StoredObject {
  bytes: Buffer;
  contentType: string;
}

/** Where uploaded media lives. Keys are relative, '/'-separated and made only of safe characters. */
export interface ObjectStorage {
  readonly name: string;
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** null when there is no object under key. */
  get(key: string): Promise<StoredObject | null>;
  /** Idempotent: deleting a missing object is not an error. */
  delete(key: string): Promise<void>;
  /** The URL browsers load the object from. */
  publicUrl(key: string): string;
}

/** The storage backend failed (unreachable, refused our credentials, ...): not the caller's fault. */
export class StorageError extends Error {
  override name = 'StorageError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

// 1–8 segments, each starting with a letter or digit: no empty, `.` or `..` segment, no backslash, no
// absolute path, no percent-encoding, so a key can never name anything outside the storage root.
const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,127}){0,7}$/;

export function assertObjectKey(key: string): void {
  if (!KEY.test(key)) throw invalid('invalid_object_key', 'not a valid media key');
}

const CONTENT_TYPES: Record<string, string> = {
  '.webp': 'image/webp', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.gif': 'image/gif',
  '.avif': 'image/avif', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8',
};

const joinUrl = (base: string, key: string) => `${base.replace(/\/+$/, '')}/${key.split('/').map(encodeURIComponent).join('/')}`;

export interface LocalDiskConfig {
  /** Absolute directory the objects are written under. */
  dir: string;
  /** Where the service serves them, e.g. `/api/user/media` (see mediaRoutes). */
  publicBaseUrl: string;
}

/**
 * Local default: files under `dir`, served by the services themselves (mediaRoutes). The content type is derived
 * from the key's extension, so keys must end with one (every key this module writes does).
 */
export function localDiskStorage(cfg: LocalDiskConfig): ObjectStorage {
  const root = path.resolve(cfg.dir);
  const fileFor = (key: string) => {
    assertObjectKey(key);
    const file = path.resolve(root, key);
    // Belt and braces: the key pattern already rules out traversal.
    if (!file.startsWith(root + path.sep)) throw invalid('invalid_object_key', 'not a valid media key');
    return file;
  };
  const contentTypeOf = (key: string) => CONTENT_TYPES[path.extname(key).toLowerCase()] ?? 'application/octet-stream';

  return {
    name: 'local',
    async put(key, bytes, contentType) {
      const file = fileFor(key);
      // The type is read back from the extension, so the two must agree.
      if (contentTypeOf(key) !== contentType) throw new StorageError(`key ${key} does not end with the extension of ${contentType}`);
      await mkdir(path.dirname(file), { recursive: true });
      // Write then rename: a concurrent reader sees the whole file or none of it.
      const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, file);
    },
    async get(key) {
      const file = fileFor(key);
      try {
        return { bytes: await readFile(file), contentType: contentTypeOf(key) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EISDIR') return null;
        throw new StorageError(`cannot read ${key}`, { cause: err });
      }
    },
    async delete(key) {
      await rm(fileFor(key), { force: true });
    },
    publicUrl: (key) => joinUrl(cfg.publicBaseUrl, key),
  };
}

export interface S3Config {
  /** e.g. https://<project>.supabase.co/storage/v1/s3, http://minio:9000; omit for AWS itself. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** true for Supabase Storage and MinIO (`/<bucket>/<key>`); false for virtual-hosted AWS buckets. */
  forcePathStyle: boolean;
  /** Public read URL of the bucket, e.g. https://<project>.supabase.co/storage/v1/object/public/<bucket>. */
  publicBaseUrl: string;
  timeoutMs?: number;
}

const isMissing = (err: unknown) =>
  err instanceof S3ServiceException && (err.name === 'NoSuchKey' || err.$metadata?.httpStatusCode === 404);

/** Any S3-compatible store through the AWS SDK (SigV4): AWS S3, Supabase Storage's S3 endpoint, MinIO. */
export function s3Storage(cfg: S3Config): ObjectStorage {
  const client = new S3Client({
    region: cfg.region,
    ...(cfg.endpoint ? { endpoint: cfg.endpoint } : {}),
    forcePathStyle: cfg.forcePathStyle,
    credentials: { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey },
    // The SDK's default CRC32 checksums on every PUT are not implemented by every S3-compatible server
    // (older MinIO, some gateways); send them only where the API requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
    requestHandler: { requestTimeout: cfg.timeoutMs ?? 10_000, connectionTimeout: cfg.timeoutMs ?? 10_000 },
  });
  const fail = (what: string, key: string, err: unknown) =>
    new StorageError(`object storage ${what} ${key} failed: ${err instanceof Error ? err.name : 'error'}`, { cause: err });

  return {
    name: 's3',
    async put(key, bytes, contentType) {
      assertObjectKey(key);
      try {
        await client.send(new PutObjectCommand({ Bucket: cfg.bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.length }));
      } catch (err) {
        throw fail('put', key, err);
      }
    },
    async get(key) {
      assertObjectKey(key);
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: cfg.bucket, Key: key }));
        const bytes = Buffer.from((await out.Body?.transformToByteArray()) ?? []);
        return { bytes, contentType: out.ContentType ?? 'application/octet-stream' };
      } catch (err) {
        if (isMissing(err)) return null;
        throw fail('get', key, err);
      }
    },
    async delete(key) {
      assertObjectKey(key);
      try {
        await client.send(new DeleteObjectCommand({ Bucket: cfg.bucket, Key: key }));
      } catch (err) {
        if (isMissing(err)) return;
        throw fail('delete', key, err);
      }
    },
    publicUrl: (key) => joinUrl(cfg.publicBaseUrl, key),
  };
}

export interface SupabaseStorageConfig {
  /** The project's S3 endpoint: https://<ref>.supabase.co/storage/v1/s3 (`supabase start`: http://127.0.0.1:54321/storage/v1/s3). */
  s3Url: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Where browsers read objects: our media route, or a public bucket's https://<ref>.supabase.co/storage/v1/object/public/<bucket>. */
  publicBaseUrl: string;
  timeoutMs?: number;
}

/** Supabase Storage through its S3-compatible endpoint: the S3 adapter, path-style as Supabase requires. */
export function supabaseStorage(cfg: SupabaseStorageConfig): ObjectStorage {
  const { s3Url, ...rest } = cfg;
  return { ...s3Storage({ ...rest, endpoint: s3Url.replace(/\/+$/, ''), forcePathStyle: true }), name: 'supabase' };
}

/** A public bucket's read URL from the project's S3 endpoint: …/storage/v1/s3 → …/storage/v1/object/public/<bucket>. */
export const supabasePublicBucketUrl = (s3Url: string, bucket: string) =>
  `${s3Url.replace(/\/+$/, '').replace(/\/s3$/, '')}/object/public/${encodeURIComponent(bucket)}`;
