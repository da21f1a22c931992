import type { NextRequest } from 'next/server';

// The backend addresses are read per request, so one build serves any deployment or port layout.
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const UPSTREAMS: Record<string, { env: string; fallback: string }> = {
  user: { env: 'USER_API_URL', fallback: 'http://127.0.0.1:3001' },
  astrologer: { env: 'ASTROLOGER_API_URL', fallback: 'http://127.0.0.1:3002' },
  communication: { env: 'COMMUNICATION_API_URL', fallback: 'http://127.0.0.1:3003' },
};

const REQUEST_HEADERS = ['authorization', 'content-type', 'accept', 'idempotency-key', 'x-request-id'];
const RESPONSE_HEADERS = ['content-type', 'content-disposition', 'retry-after', 'x-request-id', 'cache-control', 'location'];
const MAX_BODY_BYTES = 1024 * 1024;
// Photo uploads are raw image bytes; the service itself allows 5 MB and answers 413 beyond that.
const MAX_UPLOAD_BYTES = 5 * 1024 * 1024 + 64 * 1024;
const UPLOAD_PATHS = new Set(['/api/astrologer/profile/photo']);
// Chat attachments: /api/communication/chat/<consultation id>/attachments (the service allows 5 MB).
const isUpload = (pathname: string) => UPLOAD_PATHS.has(pathname) || /^\/api\/communication\/chat\/[0-9a-f-]{36}\/attachments$/.test(pathname);
const UPSTREAM_TIMEOUT_MS = 30_000;

function problem(status: number, code: string, detail: string): Response {
  return new Response(JSON.stringify({ type: `urn:anytime-pooja:problem:${code}`, status, code, detail }), {
    status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' },
  });
}

function upstreamBase(service: string): string | null {
  const upstream = Object.hasOwn(UPSTREAMS, service) ? UPSTREAMS[service] : undefined;
  if (!upstream) return null;
  // Indexed access keeps the bundler from inlining a build-time value.
  const configured = process.env[upstream.env]?.trim();
  return (configured || upstream.fallback).replace(/\/+$/, '');
}

/** The client address as seen by this server; Next.js fills X-Forwarded-For from the socket when absent. */
function clientAddress(req: NextRequest): string | null {
  return req.headers.get('x-forwarded-for') ?? req.headers.get('x-real-ip');
}

async function forward(req: NextRequest, ctx: { params: Promise<{ service: string; path: string[] }> }): Promise<Response> {
  const { service } = await ctx.params;
  const base = upstreamBase(service);
  if (!base) return problem(404, 'not_found', `no API named "${service}"`);

  const url = new URL(req.url);
  // The services serve under /api/<service>, so the path (still percent-encoded) goes through unchanged.
  const target = `${base}${url.pathname}${url.search}`;

  const headers = new Headers();
  for (const name of REQUEST_HEADERS) {
    const value = req.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  const forwardedFor = clientAddress(req);
  if (forwardedFor) headers.set('x-forwarded-for', forwardedFor);
  headers.set('x-forwarded-proto', url.protocol.replace(':', ''));
  headers.set('x-forwarded-host', req.headers.get('host') ?? url.host);

  let body: ArrayBuffer | undefined;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const limit = isUpload(url.pathname) ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES;
    const declared = Number(req.headers.get('content-length') ?? '0');
    if (declared > limit) return problem(413, 'payload_too_large', 'request body is larger than allowed');
    body = await req.arrayBuffer();
    if (body.byteLength > limit) return problem(413, 'payload_too_large', 'request body is larger than allowed');
    if (body.byteLength === 0) body = undefined;
  }

  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: req.method,
      headers,
      body,
      redirect: 'manual',
      cache: 'no-store',
      signal: AbortSignal.any([req.signal, AbortSignal.timeout(UPSTREAM_TIMEOUT_MS)]),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'TimeoutError') {
      return problem(504, 'upstream_timeout', 'The service took too long to answer. Please try again.');
    }
    return problem(502, 'upstream_unavailable', 'The service is temporarily unavailable. Please try again shortly.');
  }

  const out = new Headers();
  for (const name of RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) out.set(name, value);
  }
  const empty = req.method === 'HEAD' || upstream.status === 204 || upstream.status === 304;
  return new Response(empty ? null : upstream.body, { status: upstream.status, headers: out });
}

export { forward as GET, forward as POST, forward as PUT, forward as PATCH, forward as DELETE, forward as HEAD, forward as OPTIONS };
