import { api } from './api';
import type { Role } from './session';

export type SessionMode = 'chat' | 'call' | 'video';
export type SessionStatus = 'requested' | 'active' | 'completed' | 'cancelled' | 'expired' | 'rejected';

export interface LiveSession {
  id: string;
  mode: SessionMode;
  status: SessionStatus;
  ratePaise: number;
  astrologer: { id: string; name: string; photoUrl: string | null };
  customer: { id: string; name: string };
  requestedAt: string;
  expiresAt: string | null;
  acceptedAt: string | null;
  endedAt: string | null;
  endReason: string | null;
  billing: { running: boolean; billedMs: number; startedAt: string | null; deadlineAt: string | null; fundedMinutes: number; freeMinutes: number };
  media: { customer: boolean; astrologer: boolean };
  summary: { billedMinutes: number; chargedPaise: number; promoPaise: number } | null;
  serverTime: string;
}

export interface ChatMessage {
  id: string;
  seq: number;
  consultationId: string;
  senderId: string;
  senderRole: 'customer' | 'astrologer';
  clientMsgId: string;
  kind: 'text' | 'image' | 'file';
  body: string | null;
  attachment: { url: string; contentType: string; bytes: number; name: string | null } | null;
  masked: boolean;
  readAt: string | null;
  createdAt: string;
}

export interface MediaGrant {
  provider: 'webrtc' | 'agora';
  webrtc?: { iceServers: { urls: string[]; username?: string; credential?: string }[]; polite: boolean };
  agora?: { appId: string; channel: string; uid: number; token: string; expiresAt: string };
}

const base = '/api/communication/sessions';
const newKey = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);

export const sessionsApi = {
  request: (astrologerId: string, mode: SessionMode) =>
    api<LiveSession>(base, { method: 'POST', auth: 'customer', body: { astrologerId, mode }, headers: { 'idempotency-key': newKey() } }),
  get: (id: string, role: Role) => api<LiveSession>(`${base}/${id}`, { auth: role }),
  open: (role: Role) => api<{ items: LiveSession[] }>(`${base}/open`, { auth: role }),
  accept: (id: string) => api<LiveSession>(`${base}/${id}/accept`, { method: 'POST', auth: 'astrologer' }),
  decline: (id: string) => api<LiveSession>(`${base}/${id}/decline`, { method: 'POST', auth: 'astrologer' }),
  end: (id: string, role: Role) => api<LiveSession>(`${base}/${id}/end`, { method: 'POST', auth: role }),
  extend: (id: string) => api<LiveSession>(`${base}/${id}/extend`, { method: 'POST', auth: 'customer', headers: { 'idempotency-key': newKey() } }),
  media: (id: string, role: Role, connected: boolean) => api<LiveSession>(`${base}/${id}/media`, { method: 'POST', auth: role, body: { connected } }),
  waitlist: (astrologerId: string, mode: SessionMode) => api(`${base}/waitlist`, { method: 'POST', auth: 'customer', body: { astrologerId, mode } }),
  history: (id: string, role: Role, after?: string) =>
    api<{ items: ChatMessage[]; cursor: string; hasMore: boolean }>(`/api/communication/chat/${id}${after ? `?after=${encodeURIComponent(after)}` : ''}`, { auth: role }),
  grant: (id: string, role: Role, mode: 'call' | 'video') =>
    api<MediaGrant>(mode === 'call' ? '/api/communication/call/initiate' : '/api/communication/video/start', { method: 'POST', auth: role, body: { consultationId: id } }),
};

export const sessionPath = (id: string, role: Role) => (role === 'astrologer' ? `/session/${id}?as=astrologer` : `/session/${id}`);

/** Billed time so far, on the server's clock: what the meter shows between updates. */
export function billedMsNow(s: LiveSession, receivedAt: number, now: number): number {
  if (!s.billing.running || s.status !== 'active') return s.billing.billedMs;
  return s.billing.billedMs + Math.max(0, now - receivedAt);
}

/** Whole started minutes, as billed. */
export const startedMinutes = (ms: number) => (ms <= 0 ? 0 : Math.ceil(ms / 60_000));

export function formatClock(ms: number): string {
  const total = Math.floor(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

export const END_REASONS: Record<string, string> = {
  customer_ended: 'You ended the session',
  astrologer_ended: 'The astrologer ended the session',
  funds_exhausted: 'Your balance ran out',
  abandoned: 'The connection was lost for too long',
  no_reply: 'The astrologer did not reply in time — nothing was charged',
  not_connected: 'The call never connected — nothing was charged',
  declined: 'The astrologer could not take this session',
  not_answered: 'The astrologer did not answer in time',
  astrologer_busy: 'The astrologer started another session',
  customer_cancelled: 'The request was withdrawn',
  insufficient_balance: 'The balance ran too low to start',
};
