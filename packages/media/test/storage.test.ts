import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DomainError } from '@ap/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDiskStorage, s3Storage, StorageError, type ObjectStorage, type S3Config } from '../src/index.js';
import { AUTHORIZATION, startFakeS3, type FakeS3 } from './fake-s3.js';

const key = () => `astrologers/${randomUUID()}/${randomBytes(9).toString('hex')}-400.webp`;
const bytes = () => randomBytes(2048);

let fake: FakeS3;
let dir: string;
beforeAll(async () => {
  fake = await startFakeS3();
  dir = await mkdtemp(path.join(tmpdir(), 'ap-media-'));
});
afterAll(async () => {
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});

const s3 = (overrides: Partial<S3Config> = {}) =>
  s3Storage({
    endpoint: fake.endpoint, region: fake.region, bucket: fake.bucket, accessKeyId: fake.accessKeyId,
    secretAccessKey: fake.secretAccessKey, forcePathStyle: true, publicBaseUrl: `https://cdn.example.in/${fake.bucket}`,
    ...overrides,
  });

const requestsFor = (k: string) => fake.requests.filter((r) => r.path === `/${fake.bucket}/${k}`);

describe('s3Storage', () => {
  it('PUTs the object path-style with its Content-Type, signed with SigV4 that S3 accepts', async () => {
    const k = key();
    const body = bytes();
    await s3().put(k, body, 'image/webp');

    const [put, ...more] = requestsFor(k);
    expect(more).toHaveLength(0);
    expect(put).toMatchObject({ method: 'PUT', contentType: 'image/webp', verdict: 'ok' });
    const m = AUTHORIZATION.exec(put!.authorization!)!;
    expect(m).not.toBeNull();
    const [, accessKeyId, date, region, signedHeaders] = m;
    expect(accessKeyId).toBe(fake.accessKeyId);
    expect(date).toBe(put!.amzDate!.slice(0, 8));
    expect(date).toBe(new Date().toISOString().slice(0, 10).replaceAll('-', ''));
    expect(region).toBe(fake.region);
    expect(signedHeaders!.split(';')).toEqual(expect.arrayContaining(['host', 'x-amz-content-sha256', 'x-amz-date']));
    expect(put!.contentSha256).toMatch(/^[0-9a-f]{64}$|^UNSIGNED-PAYLOAD$/);
    expect(fake.objects.get(k)).toEqual({ bytes: body, contentType: 'image/webp' });
  });

  it('GETs an object back with its bytes and Content-Type', async () => {
    const k = key();
    const body = bytes();
    await s3().put(k, body, 'image/webp');
    expect(await s3().get(k)).toEqual({ bytes: body, contentType: 'image/webp' });
    expect(requestsFor(k).map((r) => [r.method, r.verdict])).toEqual([['PUT', 'ok'], ['GET', 'ok']]);
  });

  it("answers null for a missing key (S3's NoSuchKey XML error)", async () => {
    const k = key();
    expect(await s3().get(k)).toBeNull();
    expect(requestsFor(k)).toHaveLength(1);
  });

  it('DELETEs an object, and deleting it again is not an error', async () => {
    const k = key();
    await s3().put(k, bytes(), 'image/webp');
    await s3().delete(k);
    expect(fake.objects.has(k)).toBe(false);
    await s3().delete(k);
    expect(requestsFor(k).map((r) => r.method)).toEqual(['PUT', 'DELETE', 'DELETE']);
  });

  it('throws StorageError when the secret is wrong (SignatureDoesNotMatch), and stores nothing', async () => {
    const k = key();
    const err = await s3({ secretAccessKey: randomBytes(20).toString('base64') }).put(k, bytes(), 'image/webp').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect(requestsFor(k)[0]!.verdict).toBe('SignatureDoesNotMatch');
    expect(fake.objects.has(k)).toBe(false);
  });

  it('throws StorageError for an unknown access key', async () => {
    const err = await s3({ accessKeyId: 'AKIAUNKNOWN0000000000' }).get(key()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
  });

  it('throws StorageError, not null, when S3 keeps failing (503 SlowDown after a retry)', async () => {
    fake.failNext(2);
    const err = await s3().get(key()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
  });

  it('builds public URLs from the configured base', () => {
    expect(s3().publicUrl('astrologers/a/b-96.webp')).toBe(`https://cdn.example.in/${fake.bucket}/astrologers/a/b-96.webp`);
  });
});

describe('localDiskStorage', () => {
  const local = (): ObjectStorage => localDiskStorage({ dir, publicBaseUrl: '/api/user/media/' });

  it('writes, reads back with the Content-Type of the extension, and deletes idempotently', async () => {
    const k = key();
    const body = bytes();
    await local().put(k, body, 'image/webp');
    expect(await local().get(k)).toEqual({ bytes: body, contentType: 'image/webp' });
    await local().delete(k);
    expect(await local().get(k)).toBeNull();
    await local().delete(k);
  });

  it('leaves no temporary files behind', async () => {
    const k = key();
    await local().put(k, bytes(), 'image/webp');
    expect(await readdir(path.join(dir, path.dirname(k)))).toEqual([path.basename(k)]);
  });

  it('refuses keys that could leave its directory', async () => {
    await writeFile(path.join(path.dirname(dir), `${path.basename(dir)}-secret.webp`), 'secret');
    for (const bad of [
      '../x.webp', `../${path.basename(dir)}-secret.webp`, 'a/../../x.webp', '/etc/passwd', 'a//b.webp', './a.webp',
      'a/./b.webp', 'a\\..\\b.webp', 'a/%2e%2e/b.webp', '', 'a/.hidden', 'a/b/',
    ]) {
      const err = await local().get(bad).catch((e: unknown) => e);
      expect(err, bad).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('invalid_object_key');
      await expect(local().put(bad, bytes(), 'image/webp'), bad).rejects.toBeInstanceOf(DomainError);
    }
  });

  it('refuses to store an object whose extension contradicts its Content-Type', async () => {
    await expect(local().put('a/b/c.webp', bytes(), 'image/png')).rejects.toBeInstanceOf(StorageError);
  });

  it('builds public URLs under the base path', () => {
    expect(local().publicUrl('astrologers/a/b-96.webp')).toBe('/api/user/media/astrologers/a/b-96.webp');
  });
});
