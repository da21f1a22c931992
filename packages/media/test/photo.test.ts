import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validate } from '@readme/openapi-parser';
import { createApp, type AnyRoute } from '@ap/http';
import type { Express } from 'express';
import sharp from 'sharp';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, testStack, type SignedIn, type TestStack } from '../../../test/support/app.js';
import { createPhotoService, localDiskStorage, mediaRoutes, photoRoutes, s3Storage, type ObjectStorage } from '../src/index.js';
import { startFakeS3, type FakeS3 } from './fake-s3.js';

let stack: TestStack;
let dir: string;
let storage: ObjectStorage;
let astrologerApi: Express;
let userApi: Express;

const appWith = (service: string, routes: AnyRoute[], s = stack) =>
  createApp({
    service, title: 'test', version: '0', pool: s.platform.pool, verifyToken: s.platform.verifyToken, limits: s.platform.limits,
    logger: s.platform.logger, corsOrigins: [], bodyLimit: '100kb', trustProxy: 'loopback', routes,
  });

beforeAll(async () => {
  stack = await testStack();
  dir = await mkdtemp(path.join(tmpdir(), 'ap-photos-'));
  storage = localDiskStorage({ dir, publicBaseUrl: '/api/user/media' });
  const photos = createPhotoService({ pool: stack.platform.pool, storage });
  astrologerApi = appWith('astrologer', photoRoutes(photos));
  userApi = appWith('user', mediaRoutes(storage));
});
afterAll(async () => {
  await stack?.close();
  await rm(dir, { recursive: true, force: true });
});

const astrologer = () => signUp(stack.astrologer, stack.db.pool, 'astrologer');

/** A real photo-like image (a gradient, not flat colour) of the given size and format. */
async function image(format: 'jpeg' | 'png' | 'webp' | 'gif', width = 640, height = 480): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw.set([(x * 255) / width, (y * 255) / height, 128], (y * width + x) * 3);
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).toFormat(format).toBuffer();
}

const upload = (who: SignedIn, body: Buffer, contentType: string) =>
  request(astrologerApi).post('/api/astrologer/profile/photo').set(who.auth).set('Content-Type', contentType).send(body);

const keyOf = (url: string) => url.replace(/^\/api\/user\/media\//, '');

async function dbPhoto(id: string) {
  const { rows } = await stack.db.pool.query<{ photo_url: string | null; photo_key: string | null }>(
    'SELECT photo_url, photo_key FROM astrologers WHERE id = $1', [id],
  );
  return rows[0]!;
}

describe('profile photo upload', () => {
  for (const [format, type] of [['jpeg', 'image/jpeg'], ['png', 'image/png'], ['webp', 'image/webp']] as const) {
    it(`stores a ${format.toUpperCase()} as 400×400 and 96×96 WebP and points the profile at it`, async () => {
      const me = await astrologer();
      const res = await upload(me, await image(format), type).expect(200);

      expect(res.body).toEqual({
        photoUrl: expect.stringMatching(new RegExp(`^/api/user/media/astrologers/${me.id}/[0-9a-f]{20}-400\\.webp$`)),
        thumbnailUrl: expect.stringMatching(new RegExp(`^/api/user/media/astrologers/${me.id}/[0-9a-f]{20}-96\\.webp$`)),
      });
      expect(res.body.thumbnailUrl).toBe(res.body.photoUrl.replace(/-400\.webp$/, '-96.webp'));
      for (const [url, size] of [[res.body.photoUrl, 400], [res.body.thumbnailUrl, 96]] as const) {
        const stored = await storage.get(keyOf(url));
        expect(stored?.contentType).toBe('image/webp');
        const meta = await sharp(stored!.bytes).metadata();
        expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: 'webp', width: size, height: size });
      }
      expect(await dbPhoto(me.id)).toEqual({ photo_url: res.body.photoUrl, photo_key: keyOf(res.body.photoUrl).replace(/-400\.webp$/, '') });
    });
  }

  it('cover-crops a wide image to a square without distorting it', async () => {
    const me = await astrologer();
    const res = await upload(me, await image('jpeg', 1600, 400), 'image/jpeg').expect(200);
    const meta = await sharp((await storage.get(keyOf(res.body.photoUrl)))!.bytes).metadata();
    expect([meta.width, meta.height]).toEqual([400, 400]);
  });

  it('drops EXIF metadata (a phone photo must not publish where it was taken)', async () => {
    const me = await astrologer();
    const withExif = await sharp(await image('jpeg'))
      .withExif({ IFD0: { Make: 'PhoneCo', Model: 'Secret Model' } })
      .jpeg()
      .toBuffer();
    expect((await sharp(withExif).metadata()).exif).toBeDefined();
    const res = await upload(me, withExif, 'image/jpeg').expect(200);
    const stored = (await storage.get(keyOf(res.body.photoUrl)))!.bytes;
    expect((await sharp(stored).metadata()).exif).toBeUndefined();
    expect(stored.includes('Secret Model')).toBe(false);
  });

  it('replaces the previous photo and deletes its objects', async () => {
    const me = await astrologer();
    const first = (await upload(me, await image('png'), 'image/png').expect(200)).body;
    const second = (await upload(me, await image('jpeg'), 'image/jpeg').expect(200)).body;

    expect(second.photoUrl).not.toBe(first.photoUrl);
    expect(await storage.get(keyOf(first.photoUrl))).toBeNull();
    expect(await storage.get(keyOf(first.thumbnailUrl))).toBeNull();
    expect(await storage.get(keyOf(second.photoUrl))).not.toBeNull();
    expect((await dbPhoto(me.id)).photo_url).toBe(second.photoUrl);
  });

  it("never touches another astrologer's photo", async () => {
    const other = await astrologer();
    const theirs = (await upload(other, await image('webp'), 'image/webp').expect(200)).body;
    const me = await astrologer();
    await upload(me, await image('jpeg'), 'image/jpeg').expect(200);
    await upload(me, await image('png'), 'image/png').expect(200);
    await request(astrologerApi).delete('/api/astrologer/profile/photo').set(me.auth).expect(204);

    expect((await dbPhoto(other.id)).photo_url).toBe(theirs.photoUrl);
    expect(await storage.get(keyOf(theirs.photoUrl))).not.toBeNull();
    expect(await storage.get(keyOf(theirs.thumbnailUrl))).not.toBeNull();
  });

  it('keeps exactly one photo when two uploads race', async () => {
    const me = await astrologer();
    const [a, b] = await Promise.all([upload(me, await image('jpeg'), 'image/jpeg'), upload(me, await image('png'), 'image/png')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const current = (await dbPhoto(me.id)).photo_url;
    const winner = [a.body, b.body].find((p) => p.photoUrl === current)!;
    const loser = [a.body, b.body].find((p) => p.photoUrl !== current)!;
    expect(await storage.get(keyOf(winner.photoUrl))).not.toBeNull();
    expect(await storage.get(keyOf(loser.photoUrl))).toBeNull();
  });

  it('removes the photo on DELETE', async () => {
    const me = await astrologer();
    const photo = (await upload(me, await image('jpeg'), 'image/jpeg').expect(200)).body;
    await request(astrologerApi).delete('/api/astrologer/profile/photo').set(me.auth).expect(204);
    expect(await dbPhoto(me.id)).toEqual({ photo_url: null, photo_key: null });
    expect(await storage.get(keyOf(photo.photoUrl))).toBeNull();
  });
});

describe('photo upload refusals', () => {
  let me: SignedIn;
  beforeAll(async () => {
    me = await astrologer();
  });

  const expectUnsupported = (res: request.Response) => {
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('unsupported_image');
    expect(res.body.errors).toEqual([expect.objectContaining({ in: 'body', path: 'photo', code: 'unsupported_image' })]);
  };

  it('refuses a text file sent as image/jpeg (type is checked by content)', async () => {
    expectUnsupported(await upload(me, Buffer.from('just some text pretending to be photo.jpg\n'.repeat(50)), 'image/jpeg'));
    expect((await dbPhoto(me.id)).photo_url).toBeNull();
  });

  it('refuses a GIF, even though it is an image', async () => {
    const res = await upload(me, await image('gif'), 'image/jpeg');
    expectUnsupported(res);
    expect(res.body.detail).toMatch(/image\/gif/);
  });

  it('refuses a JPEG header followed by garbage', async () => {
    const jpeg = await image('jpeg');
    expectUnsupported(await upload(me, Buffer.concat([jpeg.subarray(0, 64), randomBytes(4000)]), 'image/jpeg'));
  });

  it('refuses an empty body and a non-image Content-Type', async () => {
    expectUnsupported(await upload(me, Buffer.alloc(0), 'image/png'));
    expectUnsupported(await upload(me, Buffer.from('hello'), 'text/plain'));
    expectUnsupported(
      await request(astrologerApi).post('/api/astrologer/profile/photo').set(me.auth).send({ photoUrl: 'https://evil.example/x.png' }),
    );
    expect((await dbPhoto(me.id)).photo_url).toBeNull();
  });

  it('answers 413 payload_too_large for a body over 5 MB, and stores nothing', async () => {
    const huge = Buffer.concat([(await image('jpeg')).subarray(0, 1024), randomBytes(5 * 1024 * 1024)]);
    const res = await upload(me, huge, 'image/jpeg').expect(413);
    expect(res.body.code).toBe('payload_too_large');
    expect((await dbPhoto(me.id)).photo_url).toBeNull();
  });

  it('answers 403 to a customer and 401 without a token', async () => {
    const customer = await signUp(stack.user, stack.db.pool, 'user');
    const res = await upload(customer, await image('jpeg', 64, 64), 'image/jpeg').expect(403);
    expect(res.body.code).toBe('wrong_role');
    await request(astrologerApi).post('/api/astrologer/profile/photo').set('Content-Type', 'image/jpeg').send(await image('jpeg', 64, 64)).expect(401);
  });
});

describe('media serving', () => {
  let photo: { photoUrl: string; thumbnailUrl: string };
  beforeAll(async () => {
    photo = (await upload(await astrologer(), await image('jpeg'), 'image/jpeg').expect(200)).body;
  });

  it('serves a stored photo publicly as image/webp, cacheable forever', async () => {
    const res = await request(userApi).get(photo.photoUrl).buffer(true).expect(200);
    expect(res.headers['content-type']).toBe('image/webp');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Buffer.compare(res.body as Buffer, (await storage.get(keyOf(photo.photoUrl)))!.bytes)).toBe(0);
  });

  it('answers 404 problem+json for a missing photo', async () => {
    const res = await request(userApi).get(photo.photoUrl.replace(/[0-9a-f]{20}-400/, '00000000000000000000-400')).expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('media_not_found');
  });

  it('never serves a file outside the media directory, however the path is spelled', async () => {
    const server = http.createServer(userApi).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const rawGet = (p: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port, path: p }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        }).on('error', reject);
      });
    try {
      for (const p of [
        '/api/user/media/../../../../etc/passwd', '/api/user/media/astrologers/x/..%2F..%2F..%2Fetc%2Fpasswd',
        '/api/user/media/%2e%2e/%2e%2e/passwd', '/api/user/media/astrologers/%2e%2e/package.json',
        '/api/user/media/astrologers/..%5C..%5Cpackage.json/x.webp', '/api/user/media/a/b/..%2f..%2f..%2f..%2fetc%2fhostname.webp',
        '/api/user/media/astrologers/x/%00.webp',
      ]) {
        const res = await rawGet(p);
        expect([400, 404], p).toContain(res.status);
        expect(res.body, p).not.toMatch(/root:|"workspaces"/);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('photo upload with S3 storage', () => {
  let fake: FakeS3;
  beforeAll(async () => {
    fake = await startFakeS3();
  });
  afterAll(() => fake?.close());

  it('puts both renditions in the bucket, publishes the bucket URL and deletes the old objects there', async () => {
    const s3 = s3Storage({
      endpoint: fake.endpoint, region: fake.region, bucket: fake.bucket, accessKeyId: fake.accessKeyId,
      secretAccessKey: fake.secretAccessKey, forcePathStyle: true, publicBaseUrl: 'https://cdn.example.in/media',
    });
    const api = appWith('astrologer', photoRoutes(createPhotoService({ pool: stack.platform.pool, storage: s3 })));
    const me = await astrologer();
    const send = async (format: 'jpeg' | 'png') =>
      (await request(api).post('/api/astrologer/profile/photo').set(me.auth).set('Content-Type', `image/${format}`).send(await image(format)).expect(200)).body;

    const first = await send('jpeg');
    expect(first.photoUrl).toMatch(new RegExp(`^https://cdn\\.example\\.in/media/astrologers/${me.id}/[0-9a-f]{20}-400\\.webp$`));
    const objectKey = (url: string) => url.replace('https://cdn.example.in/media/', '');
    expect(fake.objects.get(objectKey(first.photoUrl))?.contentType).toBe('image/webp');
    expect(fake.objects.has(objectKey(first.thumbnailUrl))).toBe(true);

    const second = await send('png');
    expect(fake.objects.has(objectKey(first.photoUrl))).toBe(false);
    expect(fake.objects.has(objectKey(first.thumbnailUrl))).toBe(false);
    expect(fake.objects.has(objectKey(second.photoUrl))).toBe(true);
    expect(fake.requests.every((r) => r.verdict === 'ok')).toBe(true);
  });

  it('answers 503 storage_unavailable when the bucket refuses, and leaves the profile as it was', async () => {
    const s3 = s3Storage({
      endpoint: fake.endpoint, region: fake.region, bucket: fake.bucket, accessKeyId: fake.accessKeyId,
      secretAccessKey: 'wrong-secret', forcePathStyle: true, publicBaseUrl: 'https://cdn.example.in/media',
    });
    const api = appWith('astrologer', photoRoutes(createPhotoService({ pool: stack.platform.pool, storage: s3 })));
    const me = await astrologer();
    const res = await request(api).post('/api/astrologer/profile/photo').set(me.auth).set('Content-Type', 'image/jpeg').send(await image('jpeg')).expect(503);
    expect(res.body.code).toBe('storage_unavailable');
    expect((await dbPhoto(me.id)).photo_url).toBeNull();
  });
});

describe('the API description', () => {
  it('documents the photo and media routes as OpenAPI 3.1 that validates', async () => {
    for (const [app, paths] of [[astrologerApi, ['/api/astrologer/profile/photo']], [userApi, ['/api/user/media/{scope}/{owner}/{file}']]] as const) {
      const doc = (await request(app).get('/openapi.json').expect(200)).body;
      const result = await validate(structuredClone(doc));
      expect(result.valid ? [] : result.errors).toEqual([]);
      for (const p of paths) expect(doc.paths[p]).toBeDefined();
    }
  });
});
