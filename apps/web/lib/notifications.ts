import { hindiAgo } from './format';
import { isHindiPage, pageIntlTag } from './locale';
import { api } from './api';
import type { Role } from './session';

/** A notification as GET /api/communication/notifications lists it (and as the live `notification` socket event sends it). */
export interface AppNotification {
  id: string;
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  /** In-app path it is about (older payloads may lack it: use /notifications). */
  url?: string;
  readAt: string | null;
  createdAt: string;
}

export interface NotificationPage {
  items: AppNotification[];
  nextCursor: string | null;
  unreadCount: number;
}

const BASE = '/api/communication/notifications';

export const fetchNotifications = (role: Role, opts: { limit?: number; cursor?: string | null } = {}) => {
  const q = new URLSearchParams({ limit: String(opts.limit ?? 20) });
  if (opts.cursor) q.set('cursor', opts.cursor);
  return api<NotificationPage>(`${BASE}?${q}`, { auth: role });
};

export const fetchUnreadCount = (role: Role) => api<{ unreadCount: number }>(`${BASE}/unread-count`, { auth: role });

export async function markNotificationRead(role: Role, id: string): Promise<AppNotification> {
  const n = await api<AppNotification>(`${BASE}/${encodeURIComponent(id)}/read`, { method: 'POST', auth: role });
  emit({ type: 'read', id: n.id, readAt: n.readAt ?? new Date().toISOString() });
  return n;
}

export async function markAllNotificationsRead(role: Role): Promise<void> {
  await api<{ updated: number }>(`${BASE}/read-all`, { method: 'POST', auth: role });
  emit({ type: 'read-all', readAt: new Date().toISOString() });
}

/** Where a notification leads: the API's in-app path, never another site. */
export const notificationHref = (n: AppNotification): string =>
  typeof n.url === 'string' && n.url.startsWith('/') && !n.url.startsWith('//') ? n.url : '/notifications';

const INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/** Times written into a notification as ISO instants (the server cannot know the reader's zone), in the reader's zone. */
export function readableBody(body: string): string {
  return body.replace(INSTANT, (iso) => {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    return d.toLocaleString(pageIntlTag(), { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', hour12: true });
  });
}

/** "just now", "5 min ago", "3 h ago", else the date. */
export function notificationTime(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const minutes = Math.floor((now - t) / 60_000);
  if (isHindiPage() && minutes < 24 * 60) return hindiAgo(t, minutes);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ago`;
  return new Date(t).toLocaleDateString(pageIntlTag(), { day: 'numeric', month: 'short', year: now - t > 300 * 86_400_000 ? 'numeric' : undefined });
}

/**
 * Everything that changes what the bell and the list show, on one in-page channel: a live notification from the
 * socket, or read state changed in another component (the list page marking all read clears the bell's badge).
 */
export type NotificationEvent =
  | { type: 'new'; notification: AppNotification }
  | { type: 'read'; id: string; readAt: string }
  | { type: 'read-all'; readAt: string };

const EVENT = 'ap:notification';

function emit(e: NotificationEvent): void {
  window.dispatchEvent(new CustomEvent<NotificationEvent>(EVENT, { detail: e }));
}

export function onNotificationEvent(listener: (e: NotificationEvent) => void): () => void {
  const handler = (e: Event) => listener((e as CustomEvent<NotificationEvent>).detail);
  window.addEventListener(EVENT, handler);
  return () => window.removeEventListener(EVENT, handler);
}

/**
 * For the real-time channel: call with the payload of each `notification` socket event. The bell and the
 * notifications page prepend it and bump the unread count (a notification already shown is ignored).
 *
 *   socket.on('notification', onLiveNotification);
 */
export function onLiveNotification(notification: AppNotification): void {
  emit({ type: 'new', notification });
}

/** Applies an event to a list: new ones first (once), read state copied in. */
export function applyNotificationEvent(items: AppNotification[], e: NotificationEvent): AppNotification[] {
  if (e.type === 'new') return items.some((n) => n.id === e.notification.id) ? items : [e.notification, ...items];
  if (e.type === 'read') return items.map((n) => (n.id === e.id && !n.readAt ? { ...n, readAt: e.readAt } : n));
  return items.map((n) => (n.readAt ? n : { ...n, readAt: e.readAt }));
}
