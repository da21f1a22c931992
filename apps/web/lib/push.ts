import { api, ApiError } from './api';
import { readSession, type Role } from './session';

const BASE = '/api/communication/notifications/push';
/** Which account this browser's subscription was registered for ("customer:<id>"), to undo it on sign-out. */
const OWNER_KEY = 'ap.push.owner';

export type PushState =
  /** The browser has no service workers or Push API (or the page is not a secure context). */
  | 'unsupported'
  /** The server has no VAPID key (Web Push switched off there). */
  | 'unavailable'
  /** The person blocked notifications for this site; only the browser's site settings can undo that. */
  | 'denied'
  | 'off'
  | 'on';

export const isPushSupported = (): boolean =>
  typeof window !== 'undefined' && window.isSecureContext && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

function registration(): Promise<ServiceWorkerRegistration> {
  return navigator.serviceWorker.register('/sw.js', { scope: '/' }).then(() => navigator.serviceWorker.ready);
}

async function currentSubscription(): Promise<PushSubscription | null> {
  const reg = await navigator.serviceWorker.getRegistration('/');
  return (await reg?.pushManager.getSubscription()) ?? null;
}

/** base64url → the bytes pushManager.subscribe wants as applicationServerKey. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4);
  const raw = atob(base64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

const sameKey = (a: ArrayBuffer | null, b: Uint8Array): boolean => !!a && a.byteLength === b.byteLength && new Uint8Array(a).every((v, i) => v === b[i]);

async function publicKey(): Promise<string | null> {
  try {
    return (await api<{ publicKey: string }>(`${BASE}/public-key`)).publicKey;
  } catch (err) {
    if (err instanceof ApiError && err.code === 'push_disabled') return null;
    throw err;
  }
}

async function register(role: Role, sub: PushSubscription): Promise<void> {
  await api(`${BASE}/subscriptions`, { method: 'POST', auth: role, body: sub.toJSON() });
  const user = readSession(role)?.user.id;
  if (user) window.localStorage.setItem(OWNER_KEY, `${role}:${user}`);
}

/** Whether this browser gets the signed-in person's notifications as push messages. */
export async function pushState(role: Role): Promise<PushState> {
  if (!isPushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  const sub = await currentSubscription();
  if (!sub || Notification.permission !== 'granted') return (await publicKey()) ? 'off' : 'unavailable';
  const status = await api<{ subscribed: boolean }>(`${BASE}/subscriptions?${new URLSearchParams({ endpoint: sub.endpoint })}`, { auth: role });
  return status.subscribed ? 'on' : 'off';
}

/** Asks for permission (from a click: browsers require a gesture), subscribes with the server's VAPID key, registers it. */
export async function enablePush(role: Role): Promise<PushState> {
  if (!isPushSupported()) return 'unsupported';
  const key = await publicKey();
  if (!key) return 'unavailable';
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return permission === 'denied' ? 'denied' : 'off';
  const reg = await registration();
  const applicationServerKey = keyBytes(key);
  let sub = await reg.pushManager.getSubscription();
  // A subscription made with another key (the server's pair changed) cannot be used; replace it.
  if (sub && !sameKey(sub.options.applicationServerKey, applicationServerKey)) {
    await sub.unsubscribe();
    sub = null;
  }
  sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey });
  await register(role, sub);
  return 'on';
}

export async function disablePush(role: Role): Promise<PushState> {
  const sub = isPushSupported() ? await currentSubscription() : null;
  if (!sub) return 'off';
  await api(`${BASE}/subscriptions`, { method: 'DELETE', auth: role, body: { endpoint: sub.endpoint } });
  await sub.unsubscribe();
  window.localStorage.removeItem(OWNER_KEY);
  return 'off';
}

/**
 * On every app start: re-registers this browser's subscription for the signed-in person (the browser may have
 * renewed it), and drops it once the account it was made for has signed out, so a shared device stops showing
 * that person's notifications (the push service then answers 410 and the server forgets it).
 */
export async function syncPush(role: Role | null): Promise<void> {
  if (!isPushSupported() || Notification.permission !== 'granted') return;
  const sub = await currentSubscription();
  if (!sub) return;
  const owner = window.localStorage.getItem(OWNER_KEY);
  const [ownerRole, ownerId] = (owner ?? '').split(':') as [Role | '', string | undefined];
  const ownerSignedIn = ownerRole !== '' && readSession(ownerRole)?.user.id === ownerId;
  if (!ownerSignedIn) {
    await sub.unsubscribe();
    window.localStorage.removeItem(OWNER_KEY);
    return;
  }
  if (role === ownerRole) await register(role, sub);
}
