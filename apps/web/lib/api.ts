import { sentence } from './format';
import { isSupabaseSession, refreshViaSupabase, signOutViaSupabase } from './auth-config';
import { clearSession, readSession, saveSession, type Role, type Session } from './session';

export interface FieldError {
  in?: string;
  path: string;
  message: string;
  code?: string;
}

/** An RFC 9457 problem from the API, or a stand-in for one when the network or server failed. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldError[];
  /** Seconds to wait before trying again, from the body or the Retry-After header. */
  readonly retryAfterSeconds: number | null;
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>, retryAfterHeader: string | null) {
    const code = typeof body.code === 'string' ? body.code : status === 0 ? 'network_error' : `http_${status}`;
    const detail = typeof body.detail === 'string' && body.detail ? body.detail : fallbackDetail(status);
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.errors = normaliseErrors(body.errors);
    this.retryAfterSeconds = retryAfter(body, retryAfterHeader);
    this.body = body;
  }
}

function fallbackDetail(status: number): string {
  if (status === 0) return "We couldn't reach Anytime Pooja. Check your connection and try again.";
  if (status === 401) return 'Please sign in again.';
  if (status === 403) return "You don't have access to this.";
  if (status === 404) return 'Not found.';
  if (status === 429) return 'Too many attempts. Please wait a moment and try again.';
  if (status >= 500) return 'Something went wrong on our side. Please try again shortly.';
  return 'The request could not be completed.';
}

function normaliseErrors(raw: unknown): FieldError[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item: unknown) => {
    if (!item || typeof item !== 'object') return [];
    const e = item as Record<string, unknown>;
    const path = Array.isArray(e.path) ? e.path.join('.') : typeof e.path === 'string' ? e.path : '';
    return [
      {
        in: typeof e.in === 'string' ? e.in : undefined,
        path: path.replace(/^\/+/, '').replace(/\//g, '.'),
        message: sentence(typeof e.message === 'string' ? e.message : 'is invalid'),
        code: typeof e.code === 'string' ? e.code : undefined,
      },
    ];
  });
}

function retryAfter(body: Record<string, unknown>, header: string | null): number | null {
  for (const key of ['resendAfterSeconds', 'retryAfterSeconds']) {
    const v = body[key];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) return Math.ceil(v);
  }
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds > 0) return Math.ceil(seconds);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(1, Math.ceil((date - Date.now()) / 1000));
  }
  return null;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Sent as is (e.g. a file's bytes) instead of JSON; set its Content-Type in `headers`. */
  rawBody?: Blob;
  /** Whose bearer token to send; omit for public routes. */
  auth?: Role;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export const authBase = (role: Role): string => (role === 'customer' ? '/api/user/auth' : '/api/astrologer/auth');

async function send(path: string, opts: RequestOptions, accessToken: string | null): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (opts.body !== undefined && opts.rawBody === undefined) headers['content-type'] = 'application/json';
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  try {
    return await fetch(path, {
      method: opts.method ?? 'GET',
      headers,
      body: opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
      signal: opts.signal,
      cache: 'no-store',
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, {}, null);
  }
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined;
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { detail: undefined, raw: text };
  }
}

async function toError(res: Response): Promise<ApiError> {
  const body = await readBody(res);
  const obj = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  return new ApiError(res.status, obj, res.headers.get('retry-after'));
}

// One refresh per role at a time: a refresh token is single-use, so parallel 401s must share the new pair.
const refreshing = new Map<Role, Promise<Session | null>>();

export function refreshSession(role: Role): Promise<Session | null> {
  const inFlight = refreshing.get(role);
  if (inFlight) return inFlight;
  const attempt = (async () => {
    const current = readSession(role);
    if (!current) return null;
    if (isSupabaseSession(current)) return refreshViaSupabase(role);
    const res = await send(`${authBase(role)}/refresh`, { method: 'POST', body: { refreshToken: current.refreshToken } }, null);
    if (!res.ok) {
      // Only drop the session when the server rejected it, not when it was unreachable.
      if (res.status === 400 || res.status === 401 || res.status === 403) clearSession(role);
      return null;
    }
    const next = toSession(await readBody(res));
    if (next) saveSession(role, next);
    return next;
  })().finally(() => refreshing.delete(role));
  refreshing.set(role, attempt);
  return attempt;
}

export function toSession(body: unknown): Session | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  if (typeof b.accessToken !== 'string' || typeof b.refreshToken !== 'string' || !b.user) return null;
  return { accessToken: b.accessToken, refreshToken: b.refreshToken, user: b.user as Session['user'] };
}

/** Calls the API on this origin; with `auth`, sends the role's token and refreshes it once when it expired. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await authorised(path, opts);
  return (await readBody(res)) as T;
}

/** Like `api`, for a file the API answers with (a CSV statement): its bytes and the name the server suggests. */
export async function apiBlob(path: string, opts: RequestOptions = {}): Promise<{ blob: Blob; filename: string | null }> {
  const res = await authorised(path, { ...opts, headers: { accept: '*/*', ...opts.headers } });
  const disposition = res.headers.get('content-disposition') ?? '';
  const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? null;
  return { blob: await res.blob(), filename };
}

async function authorised(path: string, opts: RequestOptions): Promise<Response> {
  const session = opts.auth ? readSession(opts.auth) : null;
  let res = await send(path, opts, session?.accessToken ?? null);
  if (res.status === 401 && opts.auth && session) {
    const error = await toError(res);
    if (error.code !== 'token_expired') throw error;
    const renewed = await refreshSession(opts.auth);
    if (!renewed) throw error;
    res = await send(path, opts, renewed.accessToken);
  }
  if (!res.ok) throw await toError(res);
  return res;
}

/** Best effort: the local session is dropped whether or not the server could be told. */
export async function logout(role: Role): Promise<void> {
  const session = readSession(role);
  clearSession(role);
  if (!session) return;
  if (isSupabaseSession(session)) return signOutViaSupabase(role);
  try {
    await send(`${authBase(role)}/logout`, { method: 'POST', body: { refreshToken: session.refreshToken } }, null);
  } catch {
    // Signed out locally already; the refresh token expires on its own.
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/** Field errors keyed by the top-level field name, e.g. `birthLat`. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  const out: Record<string, string> = {};
  for (const e of error.errors) {
    const key = e.path.split('.')[0] ?? '';
    if (key && !out[key]) out[key] = e.message;
  }
  return out;
}
