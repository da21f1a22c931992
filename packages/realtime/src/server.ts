import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import type { ChatService, ChatMessage } from '@ap/chat';
import { chatSchemas } from '@ap/chat';
import { DomainError } from '@ap/core';
import type { Caller, TokenVerifier } from '@ap/http';
import { isDatabaseUnreachable, z } from '@ap/http';
import type { SessionService } from '@ap/sessions';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Logger } from 'pino';
import client from 'prom-client';
import { Server, type Socket } from 'socket.io';

export const SOCKET_PATH = '/api/communication/socket.io';

export interface RealtimeOptions {
  httpServer: HttpServer;
  verifyToken: TokenVerifier;
  /** A direct connection string for LISTEN (not through a transaction pooler). */
  databaseUrl: string;
  chat: ChatService;
  sessions: SessionService;
  logger: Logger;
  corsOrigins: string[];
  /** With Redis, rooms span every instance of the service (the Socket.IO Redis adapter). */
  redisUrl?: string | undefined;
  /** How often sockets in a session report their party present. */
  heartbeatMs?: number;
  loadNotification: (id: string) => Promise<Record<string, unknown> | null>;
  registry?: client.Registry;
}

type Ack = (reply: Record<string, unknown>) => void;

interface SocketData { caller: Caller; expiresAt: number | null; sessions: Set<string> }

const joinInput = z.strictObject({ consultationId: z.uuid() });
const typingInput = z.strictObject({ consultationId: z.uuid(), typing: z.boolean() });
const readInput = z.strictObject({ consultationId: z.uuid(), upToSeq: z.int().min(0) });
const signalInput = z.strictObject({ consultationId: z.uuid(), data: z.record(z.string(), z.unknown()) });
const refreshInput = z.strictObject({ token: z.string().min(1).max(4_000) });
const MAX_SIGNAL_BYTES = 64 * 1024;

export const userRoom = (id: string) => `u:${id}`;
export const sessionRoom = (id: string) => `c:${id}`;

function problem(err: unknown): Record<string, unknown> {
  if (err instanceof DomainError) return { error: { code: err.code, message: err.message, ...err.extra } };
  if (err instanceof z.ZodError) return { error: { code: 'validation_failed', message: 'the event payload is not valid', issues: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) } };
  // The same answer as the HTTP API's 503: nothing was stored, the client may send again (same clientMsgId) shortly.
  if (isDatabaseUnreachable(err)) return { error: { code: 'database_unreachable', message: 'the database is unreachable just now; try again in a few seconds', retryAfterSeconds: 5 } };
  return { error: { code: 'internal_error', message: 'something went wrong on our side' } };
}

/**
 * The live channel of the communication service (DESIGN §5). A socket proves who it is with the access token in
 * the handshake (refused otherwise), is disconnected when that token expires unless it sends a fresh one
 * (`auth:refresh`), and joins its user room; it joins a consultation's room only if it is one of its two parties.
 *
 * Fan-out: chat messages are emitted to the consultation room after they are stored (the Redis adapter carries them
 * to sockets on other instances). Session changes and notifications are written by whatever service changed them and
 * announced with NOTIFY in the same transaction; every instance LISTENs and emits them to its own sockets, so they
 * arrive once, only after commit, whichever instance or service made them.
 */
export function createRealtime(opts: RealtimeOptions) {
  const { chat, sessions, logger } = opts;
  const io = new Server(opts.httpServer, {
    path: SOCKET_PATH,
    cors: { origin: (origin, cb) => cb(null, !origin || opts.corsOrigins.includes(origin)), credentials: true },
    serveClient: false,
    maxHttpBufferSize: 256 * 1024,
    pingInterval: 20_000,
    pingTimeout: 20_000,
  });

  const closers: (() => Promise<unknown>)[] = [];
  if (opts.redisUrl) {
    const pub = new Redis(opts.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 });
    const sub = pub.duplicate();
    // The adapter publishes without awaiting: with Redis down, each rejected publish would be an unhandled rejection
    // and end the process. A message is stored before it is emitted, so a lost live copy is caught up by cursor.
    const publish = pub.publish.bind(pub);
    pub.publish = ((...args: Parameters<typeof publish>) =>
      publish(...args).catch((err: Error) => {
        logger.warn({ err: err.message }, 'socket.io redis publish failed');
        return 0;
      })) as typeof pub.publish;
    pub.on('error', (err: Error) => logger.warn({ err: err.message }, 'socket.io redis publisher error'));
    sub.on('error', (err: Error) => logger.warn({ err: err.message }, 'socket.io redis subscriber error'));
    io.adapter(createAdapter(pub, sub));
    closers.push(async () => { pub.disconnect(); sub.disconnect(); });
  }

  const metrics = opts.registry ? {
    sockets: new client.Gauge({ name: 'realtime_sockets_connected', help: 'Sockets connected to this instance', registers: [opts.registry], collect() { this.set(io.engine.clientsCount); } }),
    events: new client.Counter({ name: 'realtime_events_total', help: 'Socket events handled', labelNames: ['event', 'outcome'] as const, registers: [opts.registry] }),
    refused: new client.Counter({ name: 'realtime_handshakes_refused_total', help: 'Handshakes refused (bad or missing token)', registers: [opts.registry] }),
  } : null;

  io.use(async (socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    try {
      if (typeof token !== 'string' || !token) throw new DomainError('unauthorized', 'token_required', 'send the access token in the handshake auth');
      const caller = await opts.verifyToken(token);
      const exp = caller.claims.exp;
      (socket.data as SocketData) = { caller, expiresAt: typeof exp === 'number' ? exp * 1000 : null, sessions: new Set() };
      next();
    } catch (err) {
      metrics?.refused.inc();
      const e = new Error('unauthorized') as Error & { data?: unknown };
      e.data = { code: err instanceof DomainError ? err.code : 'invalid_token' };
      next(e);
    }
  });

  const expiryTimers = new Map<string, NodeJS.Timeout>();
  function armExpiry(socket: Socket) {
    clearTimeout(expiryTimers.get(socket.id));
    const { expiresAt } = socket.data as SocketData;
    if (!expiresAt) return;
    const timer = setTimeout(() => {
      socket.emit('auth:expired', { code: 'token_expired' });
      socket.disconnect(true);
    }, Math.max(0, expiresAt - Date.now()));
    timer.unref();
    expiryTimers.set(socket.id, timer);
  }

  /** Wraps an event handler: validates the payload, answers the ack with the result or a problem, counts it. */
  function on<S extends z.ZodType>(socket: Socket, event: string, schema: S, handler: (input: z.output<S>, data: SocketData) => Promise<Record<string, unknown> | void>) {
    socket.on(event, async (payload: unknown, ack?: Ack) => {
      try {
        const result = await handler(schema.parse(payload), socket.data as SocketData);
        metrics?.events.inc({ event, outcome: 'ok' });
        if (typeof ack === 'function') ack({ ok: true, ...(result ?? {}) });
      } catch (err) {
        metrics?.events.inc({ event, outcome: 'error' });
        if (!(err instanceof DomainError) && !(err instanceof z.ZodError)) logger.error({ err, event }, 'socket event failed');
        if (typeof ack === 'function') ack({ ok: false, ...problem(err) });
      }
    });
  }

  const mustBeIn = (socket: Socket, consultationId: string) => {
    if (!socket.rooms.has(sessionRoom(consultationId))) throw new DomainError('forbidden', 'not_joined', 'join the consultation first (session:join)');
  };

  io.on('connection', (socket) => {
    const data = socket.data as SocketData;
    void socket.join(userRoom(data.caller.id));
    armExpiry(socket);

    on(socket, 'auth:refresh', refreshInput, async ({ token }) => {
      const caller = await opts.verifyToken(token);
      if (caller.id !== data.caller.id) throw new DomainError('forbidden', 'other_identity', 'a refreshed token must belong to the same identity');
      data.caller = caller;
      data.expiresAt = typeof caller.claims.exp === 'number' ? caller.claims.exp * 1000 : null;
      armExpiry(socket);
    });

    on(socket, 'session:join', joinInput, async ({ consultationId }) => {
      const party = await chat.partyOf(data.caller.id, consultationId);
      if (!party) throw new DomainError('not_found', 'consultation_not_found', 'no such consultation');
      await socket.join(sessionRoom(consultationId));
      data.sessions.add(consultationId);
      if (party.inProgress) await sessions.touch(data.caller.id, [consultationId]);
      socket.to(sessionRoom(consultationId)).emit('presence', { consultationId, userId: data.caller.id, role: party.role, online: true });
      return { role: party.role, status: party.status };
    });

    on(socket, 'session:leave', joinInput, async ({ consultationId }) => {
      await socket.leave(sessionRoom(consultationId));
      data.sessions.delete(consultationId);
    });

    on(socket, 'chat:send', chatSchemas.sendInput, async (input) => {
      mustBeIn(socket, input.consultationId);
      // The sender gets the stored message in the acknowledgement; the room (the other party, the sender's other
      // tabs, on any instance) gets it as an event.
      return chat.send(data.caller, input, { socketId: socket.id });
    });

    on(socket, 'chat:typing', typingInput, async ({ consultationId, typing }) => {
      mustBeIn(socket, consultationId);
      socket.to(sessionRoom(consultationId)).emit('chat:typing', { consultationId, userId: data.caller.id, typing });
    });

    on(socket, 'chat:read', readInput, async ({ consultationId, upToSeq }) => {
      mustBeIn(socket, consultationId);
      const r = await chat.markRead(data.caller, consultationId, upToSeq);
      return { readAt: r.readAt, changed: r.changed };
    });

    on(socket, 'rtc:signal', signalInput, async ({ consultationId, data: signal }) => {
      mustBeIn(socket, consultationId);
      if (JSON.stringify(signal).length > MAX_SIGNAL_BYTES) throw new DomainError('invalid', 'signal_too_large', 'a signalling message is at most 64 KB');
      socket.to(sessionRoom(consultationId)).emit('rtc:signal', { consultationId, from: data.caller.id, data: signal });
    });

    socket.on('disconnecting', () => {
      for (const id of data.sessions) socket.to(sessionRoom(id)).emit('presence', { consultationId: id, userId: data.caller.id, online: false });
    });
    socket.on('disconnect', () => {
      clearTimeout(expiryTimers.get(socket.id));
      expiryTimers.delete(socket.id);
    });
  });

  // Presence heartbeats: the parties whose sockets are in a session here are present (the sweeper ends sessions
  // whose parties stopped being reported, e.g. because the instance that served them died).
  const heartbeat = setInterval(() => {
    const byUser = new Map<string, Set<string>>();
    for (const socket of io.of('/').sockets.values()) {
      const data = socket.data as SocketData;
      if (!data.sessions?.size) continue;
      const set = byUser.get(data.caller.id) ?? new Set();
      for (const id of data.sessions) set.add(id);
      byUser.set(data.caller.id, set);
    }
    for (const [userId, ids] of byUser) {
      sessions.touch(userId, [...ids]).catch((err: unknown) => logger.warn({ err }, 'presence heartbeat failed'));
    }
  }, opts.heartbeatMs ?? 20_000);
  heartbeat.unref();

  // NOTIFY fan-out (see the live_sessions migration): one LISTEN connection per instance, re-opened if it drops.
  let listener: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  async function listen(): Promise<void> {
    const c = new pg.Client({ connectionString: opts.databaseUrl });
    c.on('error', (err) => logger.warn({ err: err.message }, 'realtime listener error'));
    c.on('end', () => { if (!stopped) { listener = null; retry = setTimeout(() => void listen().catch(() => undefined), 1_000); } });
    c.on('notification', (msg) => {
      if (msg.channel !== 'ap_realtime' || !msg.payload) return;
      void dispatch(msg.payload).catch((err: unknown) => logger.warn({ err }, 'realtime dispatch failed'));
    });
    try {
      await c.connect();
      await c.query('LISTEN ap_realtime');
      listener = c;
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'realtime listener could not connect; retrying');
      await c.end().catch(() => undefined);
    }
  }
  async function dispatch(raw: string): Promise<void> {
    const event = JSON.parse(raw) as { t: string; to?: string | string[]; id?: string; session?: Record<string, unknown>; warning?: unknown };
    const to = (Array.isArray(event.to) ? event.to : event.to ? [event.to] : []).map(userRoom);
    if (!to.length) return;
    if (event.t === 'notification' && event.id) {
      // Only instances with a recipient's socket need the row.
      if (!to.some((room) => (io.of('/').adapter.rooms.get(room)?.size ?? 0) > 0)) return;
      const n = await opts.loadNotification(event.id);
      if (n) io.local.to(to).emit('notification', n);
    } else if (event.t === 'session' && event.session) {
      io.local.to(to).emit('session:update', { session: event.session, ...(event.warning ? { warning: event.warning } : {}) });
    }
  }
  const ready = listen();
  let closing: Promise<void> | null = null;

  return {
    io,
    /** Resolves once the LISTEN connection is open. */
    ready,
    /** Emits a stored chat message to the consultation's room (every instance, through the adapter). */
    publishMessage(m: ChatMessage, exceptSocketId?: string) {
      const room = io.to(sessionRoom(m.consultationId));
      (exceptSocketId ? room.except(exceptSocketId) : room).emit('chat:message', m);
    },
    publishRead(r: { consultationId: string; readerId: string; upToSeq: number; readAt: string }) {
      io.to(sessionRoom(r.consultationId)).emit('chat:read', r);
    },
    close(): Promise<void> {
      closing ??= shutdown();
      return closing;
    },
  };

  async function shutdown(): Promise<void> {
      stopped = true;
      clearInterval(heartbeat);
      if (retry) clearTimeout(retry);
      for (const t of expiryTimers.values()) clearTimeout(t);
      await new Promise<void>((resolve) => { void io.close(() => resolve()); });
      await listener?.end().catch(() => undefined);
      for (const close of closers) await close();
  }
}

export type Realtime = ReturnType<typeof createRealtime>;
