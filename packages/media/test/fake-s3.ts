import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake received, before any check: tests assert on the exact wire format. */
export interface ReceivedS3Request {
  method: string;
  /** Raw path as sent, e.g. /bucket/astrologers/<id>/<key>-400.webp */
  path: string;
  query: string;
  authorization: string | undefined;
  amzDate: string | undefined;
  contentSha256: string | undefined;
  contentType: string | undefined;
  /** Result of the SigV4 check: 'ok' or the S3 error code the fake answered. */
  verdict: string;
}

export interface FakeS3 {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  requests: ReceivedS3Request[];
  objects: Map<string, { bytes: Buffer; contentType: string }>;
  /** The next `times` requests are answered 503 SlowDown. */
  failNext(times?: number): void;
  close(): Promise<void>;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
// RFC 3986 unreserved characters stay, everything else is %XX (SigV4's UriEncode).
const uriEncode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

function s3Error(res: ServerResponse, status: number, code: string, message: string, resource: string) {
  res.writeHead(status, { 'Content-Type': 'application/xml', 'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase() });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>` +
      `<Resource>${resource}</Resource><RequestId>${randomBytes(8).toString('hex').toUpperCase()}</RequestId></Error>`,
  );
}

function canonicalQuery(query: string): string {
  if (!query) return '';
  return query
    .split('&')
    .map((pair) => {
      const [k, v = ''] = pair.split('=');
      return [uriEncode(decodeURIComponent(k!)), uriEncode(decodeURIComponent(v))] as const;
    })
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/**
 * Verifies AWS Signature Version 4 as S3 does: rebuilds the canonical request from what was received (raw path,
 * sorted query, the signed headers with trimmed values, the x-amz-content-sha256 payload hash, which must match
 * the body), derives the signing key from the secret, date, region and service, and compares signatures.
 * Returns 'ok' or the S3 error code.
 */
function verifySigV4(req: IncomingMessage, rawPath: string, query: string, body: Buffer, fake: { accessKeyId: string; secretAccessKey: string; region: string }): string {
  const m = AUTHORIZATION.exec(req.headers.authorization ?? '');
  if (!m) return 'AuthorizationHeaderMalformed';
  const [, accessKeyId, date, region, signedHeaders, signature] = m;
  if (accessKeyId !== fake.accessKeyId) return 'InvalidAccessKeyId';
  if (region !== fake.region) return 'AuthorizationHeaderMalformed';
  const amzDate = req.headers['x-amz-date'];
  if (typeof amzDate !== 'string' || !/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== date) return 'AuthorizationHeaderMalformed';
  const names = signedHeaders!.split(';');
  if (!names.includes('host') || !names.includes('x-amz-date') || !names.includes('x-amz-content-sha256')) return 'AccessDenied';
  const payloadHash = req.headers['x-amz-content-sha256'];
  if (typeof payloadHash !== 'string') return 'InvalidRequest';
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256(body)) return 'XAmzContentSHA256Mismatch';

  const canonicalHeaders = names
    .map((name) => {
      const value = req.headers[name];
      const text = Array.isArray(value) ? value.join(',') : (value ?? '');
      return `${name}:${text.trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const canonicalRequest = [req.method, rawPath, canonicalQuery(query), canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const scope = `${date}/${region}/s3/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${fake.secretAccessKey}`, date!), region!), 's3'), 'aws4_request');
  const expected = createHmac('sha256', key).update(stringToSign).digest('hex');
  return expected === signature ? 'ok' : 'SignatureDoesNotMatch';
}

const MESSAGES: Record<string, [number, string]> = {
  AuthorizationHeaderMalformed: [400, 'The authorization header is malformed.'],
  InvalidAccessKeyId: [403, 'The AWS Access Key Id you provided does not exist in our records.'],
  AccessDenied: [403, 'Access Denied'],
  InvalidRequest: [400, 'Missing required header for this request: x-amz-content-sha256'],
  XAmzContentSHA256Mismatch: [400, "The provided 'x-amz-content-sha256' header does not match what was computed."],
  SignatureDoesNotMatch: [403, 'The request signature we calculated does not match the signature you provided.'],
};

/**
 * A local stand-in for S3's object API, path-style: PUT, GET and DELETE on /<bucket>/<key>, every request
 * signed with SigV4 (checked as S3 checks it), errors as S3's XML error document.
 */
export async function startFakeS3(): Promise<FakeS3> {
  const fake = {
    region: 'ap-south-1',
    bucket: 'media-test',
    accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(20).toString('base64'),
  };
  const requests: ReceivedS3Request[] = [];
  const objects = new Map<string, { bytes: Buffer; contentType: string }>();
  let failures = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: Error) => {
      res.writeHead(500);
      res.end(err.message);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const [rawPath = '/', query = ''] = (req.url ?? '/').split('?', 2);
    const verdict = verifySigV4(req, rawPath, query, body, fake);
    requests.push({
      method: req.method ?? '', path: rawPath, query, authorization: req.headers.authorization,
      amzDate: req.headers['x-amz-date'] as string | undefined, contentSha256: req.headers['x-amz-content-sha256'] as string | undefined,
      contentType: req.headers['content-type'], verdict,
    });
    if (failures > 0) {
      failures--;
      return s3Error(res, 503, 'SlowDown', 'Please reduce your request rate.', rawPath);
    }
    if (verdict !== 'ok') {
      const [status, message] = MESSAGES[verdict]!;
      return s3Error(res, status, verdict, message, rawPath);
    }
    const [, bucket, ...rest] = rawPath.split('/');
    if (bucket !== fake.bucket) return s3Error(res, 404, 'NoSuchBucket', 'The specified bucket does not exist', rawPath);
    const key = rest.map(decodeURIComponent).join('/');
    if (!key) return s3Error(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', rawPath);

    if (req.method === 'PUT') {
      const declared = Number(req.headers['content-length']);
      if (!Number.isFinite(declared) || declared !== body.length) return s3Error(res, 400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.', rawPath);
      objects.set(key, { bytes: body, contentType: req.headers['content-type'] ?? 'binary/octet-stream' });
      res.writeHead(200, { ETag: `"${createHash('md5').update(body).digest('hex')}"` });
      return res.end();
    }
    if (req.method === 'GET') {
      const object = objects.get(key);
      if (!object) return s3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.', rawPath);
      res.writeHead(200, {
        'Content-Type': object.contentType, 'Content-Length': String(object.bytes.length),
        ETag: `"${createHash('md5').update(object.bytes).digest('hex')}"`, 'Last-Modified': new Date().toUTCString(),
      });
      return res.end(object.bytes);
    }
    if (req.method === 'DELETE') {
      objects.delete(key); // S3 answers 204 whether or not the key existed
      res.writeHead(204);
      return res.end();
    }
    return s3Error(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', rawPath);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    ...fake,
    requests,
    objects,
    failNext(times = 1) {
      failures += times;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
