import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A push service on 127.0.0.1 (RFC 8030) that accepts a message only if it is what a browser's push service would
 * accept and the browser could read: aes128gcm content coding (RFC 8188) encrypted to the subscriber's keys
 * (RFC 8291, decrypted here with the private key the browser would hold) and a VAPID JWT (RFC 8292) whose ES256
 * signature verifies with the key in `k=`, addressed to this origin and not expiring in more than 24 h.
 */

/** A browser's side of a subscription: its P-256 key pair and auth secret. */
export interface Subscriber {
  token: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
  ecdh: ReturnType<typeof createECDH>;
  authSecret: Buffer;
}

export interface Received {
  token: string;
  headers: IncomingMessage['headers'];
  vapid: { k: string; claims: { aud: string; exp: number; sub: string } };
  payload: unknown;
}

export interface FakePushService {
  origin: string;
  /** A new subscriber with fresh keys and its own endpoint on this server. */
  subscriber(): Subscriber;
  /** Answers the next `times` requests to this subscriber with `status` (e.g. 410 gone, 500 failure). */
  failNext(token: string, status: number, times?: number): void;
  received: Received[];
  rejected: { token: string; reason: string }[];
  close(): Promise<void>;
}

const b64u = (b: Buffer) => b.toString('base64url');

function verifyVapid(authorization: string | undefined, origin: string): Received['vapid'] {
  const m = /^vapid t=([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+), k=([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (!m) throw new Error(`Authorization is not "vapid t=…, k=…": ${authorization}`);
  const [jwt, k] = [m[1]!, m[2]!];
  const [h, c, s] = jwt.split('.') as [string, string, string];
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg?: string; typ?: string };
  if (header.alg !== 'ES256') throw new Error(`JWT alg ${header.alg}`);
  const raw = Buffer.from(k, 'base64url');
  if (raw.length !== 65 || raw[0] !== 4) throw new Error('k is not an uncompressed P-256 point');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64u(raw.subarray(1, 33)), y: b64u(raw.subarray(33)) }, format: 'jwk' });
  const ok = verify('sha256', Buffer.from(`${h}.${c}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'));
  if (!ok) throw new Error('VAPID JWT signature does not verify with k');
  const claims = JSON.parse(Buffer.from(c, 'base64url').toString()) as Received['vapid']['claims'];
  if (claims.aud !== origin) throw new Error(`JWT aud ${claims.aud}, expected ${origin}`);
  const now = Math.floor(Date.now() / 1000);
  if (!(claims.exp > now && claims.exp <= now + 24 * 3600)) throw new Error(`JWT exp ${claims.exp} not within 24 h`);
  if (!/^(mailto:|https:)/.test(claims.sub)) throw new Error(`JWT sub ${claims.sub}`);
  return { k, claims };
}

/** RFC 8188 / 8291 decryption with the subscriber's private key and auth secret. */
export function decryptAes128gcm(body: Buffer, sub: Subscriber): Buffer {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  const serverPublic = body.subarray(21, 21 + idlen);
  if (idlen !== 65) throw new Error(`keyid of ${idlen} bytes, expected the sender's 65-byte public key`);
  const ciphertext = body.subarray(21 + idlen);
  if (ciphertext.length > rs) throw new Error('more than one record');
  const ecdhSecret = sub.ecdh.computeSecret(serverPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), sub.ecdh.getPublicKey(), serverPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, sub.authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02 followed by zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (padded[end] !== 2) throw new Error('missing last-record padding delimiter');
  return padded.subarray(0, end);
}

export async function startFakePushService(): Promise<FakePushService> {
  const subscribers = new Map<string, Subscriber>();
  const failures = new Map<string, { status: number; times: number }>();
  const received: Received[] = [];
  const rejected: FakePushService['rejected'] = [];
  let origin = '';

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const token = /^\/push\/([A-Za-z0-9_-]+)$/.exec(req.url ?? '')?.[1] ?? '';
      const sub = subscribers.get(token);
      const answer = (status: number, reason?: string) => {
        if (reason) rejected.push({ token, reason });
        res.writeHead(status).end(reason ?? '');
      };
      if (req.method !== 'POST' || !sub) return answer(404, 'no such subscription');
      const failure = failures.get(token);
      if (failure && failure.times > 0) {
        failure.times -= 1;
        return answer(failure.status);
      }
      try {
        if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`Content-Encoding ${req.headers['content-encoding']}`);
        const ttl = Number(req.headers.ttl);
        if (!Number.isInteger(ttl) || ttl < 0) throw new Error(`TTL ${req.headers.ttl}`);
        const vapid = verifyVapid(req.headers.authorization, origin);
        const payload = JSON.parse(decryptAes128gcm(Buffer.concat(chunks), sub).toString('utf8')) as unknown;
        received.push({ token, headers: req.headers, vapid, payload });
        res.writeHead(201, { location: `${origin}/message/${received.length}` }).end();
      } catch (err) {
        answer(400, (err as Error).message);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    received,
    rejected,
    subscriber() {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const authSecret = randomBytes(16);
      const token = b64u(randomBytes(12));
      const sub: Subscriber = {
        token, endpoint: `${origin}/push/${token}`, ecdh, authSecret,
        keys: { p256dh: b64u(ecdh.getPublicKey()), auth: b64u(authSecret) },
      };
      subscribers.set(token, sub);
      return sub;
    },
    failNext(token, status, times = 1) {
      failures.set(token, { status, times });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
