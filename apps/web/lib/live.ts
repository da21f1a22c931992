import { io, type Socket } from 'socket.io-client';
import { refreshSession } from './api';
import { readSession, type Role } from './session';

const SOCKET_PATH = '/api/communication/socket.io';

let configured: Promise<string> | null = null;
/** The live channel's origin, asked of the web server once (it reads SOCKET_URL at run time). */
function socketOrigin(): Promise<string> {
  configured ??= fetch('/api/live-config', { cache: 'no-store' })
    .then((r) => r.json() as Promise<{ socketUrl: string }>)
    .then((c) => c.socketUrl || window.location.origin)
    .catch(() => { configured = null; return window.location.origin; });
  return configured;
}

const sockets = new Map<Role, Promise<Socket>>();

/**
 * The signed-in role's socket, one per role for the whole tab. It authenticates with the current access token at
 * every (re)connect; when the server says the token expired it refreshes the session and reconnects, so callers
 * only ever see connect/disconnect.
 */
export function liveSocket(role: Role): Promise<Socket> {
  let s = sockets.get(role);
  if (!s) {
    s = socketOrigin().then((origin) => {
      const socket = io(origin, {
        path: SOCKET_PATH,
        transports: ['websocket', 'polling'],
        auth: (cb) => cb({ token: readSession(role)?.accessToken ?? '' }),
        reconnectionDelayMax: 5_000,
      });
      const renew = async () => {
        const next = await refreshSession(role).catch(() => null);
        if (next) socket.connect();
      };
      socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
        if (err.data?.code === 'token_expired') void renew();
      });
      socket.on('auth:expired', () => void renew());
      return socket;
    });
    sockets.set(role, s);
  }
  return s;
}

/** Drops a role's socket (sign-out). */
export async function closeLiveSocket(role: Role): Promise<void> {
  const s = sockets.get(role);
  sockets.delete(role);
  (await s)?.disconnect();
}

export interface AckReply { ok: boolean; error?: { code: string; message: string }; [key: string]: unknown }

/**
 * Emits until the server acknowledges (at-least-once delivery: the server stores a message once per clientMsgId,
 * so resending after a lost ack is safe). Gives up with the server's error when it refuses.
 */
export async function emitUntilAcked(socket: Socket, event: string, payload: unknown, { attempts = 6, timeoutMs = 4_000 } = {}): Promise<AckReply> {
  let last: unknown = null;
  for (let i = 0; i < attempts; i++) {
    if (!socket.connected) await new Promise<void>((resolve) => { socket.once('connect', () => resolve()); setTimeout(resolve, timeoutMs); });
    try {
      return (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as AckReply;
    } catch (err) {
      last = err;
    }
  }
  throw last instanceof Error ? last : new Error('the server did not answer');
}
