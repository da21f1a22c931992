import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageError, supabasePublicBucketUrl, supabaseStorage, type SupabaseStorageConfig } from '../src/index.js';
import { parseEnv } from '@ap/core';
import { createPlatform, serviceEnv } from '@ap/platform';
import { AUTHORIZATION, startFakeS3, type FakeS3 } from './fake-s3.js';

const key = () => `astrologers/${randomUUID()}/${randomBytes(9).toString('hex')}-400.webp`;

let fake: FakeS3;
beforeAll(async () => {
  fake = await startFakeS3();
});
afterAll(() => fake?.close());

const supabase = (overrides: Partial<SupabaseStorageConfig> = {}) =>
  supabaseStorage({
    s3Url: `${fake.endpoint}/`, region: fake.region, bucket: fake.bucket, accessKeyId: fake.accessKeyId,
    secretAccessKey: fake.secretAccessKey, publicBaseUrl: '/api/user/media', ...overrides,
  });

describe('supabaseStorage (MEDIA_STORAGE=supabase)', () => {
  it('PUTs, GETs and DELETEs path-style (/<bucket>/<key>) with SigV4 the S3 fake accepts', async () => {
    const store = supabase();
    expect(store.name).toBe('supabase');
    const k = key();
    const body = randomBytes(4096);
    await store.put(k, body, 'image/webp');
    expect(await store.get(k)).toEqual({ bytes: body, contentType: 'image/webp' });
    await store.delete(k);
    expect(await store.get(k)).toBeNull();
    const mine = fake.requests.filter((r) => r.path === `/${fake.bucket}/${k}`);
    expect(mine.map((r) => [r.method, r.verdict])).toEqual([['PUT', 'ok'], ['GET', 'ok'], ['DELETE', 'ok'], ['GET', 'ok']]);
    expect(store.publicUrl(k)).toBe(`/api/user/media/${k}`);
  });

  it('throws StorageError on wrong credentials and stores nothing', async () => {
    const k = key();
    const err = await supabase({ secretAccessKey: randomBytes(20).toString('base64') }).put(k, randomBytes(10), 'image/webp').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect(fake.objects.has(k)).toBe(false);
  });

  describe("under the project's /storage/v1/s3 prefix", () => {
    let server: Server;
    const seen: { method: string; url: string; authorization: string }[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization ?? '' });
        req.resume();
        req.on('end', () => res.writeHead(200, { ETag: '"x"' }).end());
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise((resolve) => server?.close(resolve)));

    it('keeps the prefix and puts the bucket in the path, never in the host name', async () => {
      const { port } = server.address() as AddressInfo;
      const k = key();
      await supabase({ s3Url: `http://127.0.0.1:${port}/storage/v1/s3`, bucket: 'media' }).put(k, randomBytes(10), 'image/webp');
      const put = seen.find((r) => r.method === 'PUT')!;
      expect(put.url.split('?')[0]).toBe(`/storage/v1/s3/media/${k}`);
      const m = AUTHORIZATION.exec(put.authorization)!;
      expect(m[1]).toBe(fake.accessKeyId);
      expect(m[3]).toBe(fake.region);
    });
  });

  it("derives a public bucket's URL from the S3 endpoint", () => {
    expect(supabasePublicBucketUrl('https://abcd.supabase.co/storage/v1/s3', 'media')).toBe('https://abcd.supabase.co/storage/v1/object/public/media');
    expect(supabasePublicBucketUrl('http://127.0.0.1:54321/storage/v1/s3/', 'media')).toBe('http://127.0.0.1:54321/storage/v1/object/public/media');
  });
});

describe('MEDIA_STORAGE=supabase settings', () => {
  const base = { DATABASE_URL: 'postgres://u@127.0.0.1:5432/db', JWT_SECRET: 'x'.repeat(32), OTP_SECRET: 'y'.repeat(32), PAYMENT_SANDBOX_SECRET: 'z'.repeat(32), LOG_LEVEL: 'silent' };

  it('names every missing Supabase Storage setting', () => {
    expect(() => parseEnv(serviceEnv(3001), { ...base, MEDIA_STORAGE: 'supabase' }))
      .toThrow(/SUPABASE_STORAGE_S3_URL[\s\S]*SUPABASE_STORAGE_REGION[\s\S]*SUPABASE_STORAGE_ACCESS_KEY_ID[\s\S]*SUPABASE_STORAGE_SECRET_ACCESS_KEY[\s\S]*SUPABASE_STORAGE_BUCKET/);
  });

  it('makes the platform store media in Supabase Storage', async () => {
    const env = parseEnv(serviceEnv(3001), {
      ...base, MEDIA_STORAGE: 'supabase', SUPABASE_STORAGE_S3_URL: fake.endpoint, SUPABASE_STORAGE_REGION: fake.region,
      SUPABASE_STORAGE_ACCESS_KEY_ID: fake.accessKeyId, SUPABASE_STORAGE_SECRET_ACCESS_KEY: fake.secretAccessKey, SUPABASE_STORAGE_BUCKET: fake.bucket,
    });
    const platform = createPlatform(env, 'test');
    try {
      expect(platform.storage.name).toBe('supabase');
      const k = key();
      await platform.storage.put(k, randomBytes(16), 'image/webp');
      expect(fake.objects.has(k)).toBe(true);
    } finally {
      await platform.close();
    }
  });
});
