/*
 * Anytime Pooja service worker: shows Web Push notifications and opens the page they are about, and shows /offline
 * when a page cannot be loaded. Only the offline page, its stylesheets and the app icons are cached: pages and API
 * responses always come from the network (balances, bookings and chats must never be stale).
 */

const OFFLINE_CACHE = 'ap-offline-v1';
const OFFLINE_URL = '/offline';
const ICONS = ['/icon.svg', '/icons/icon-192.png', '/icons/icon-512.png', '/icons/maskable-192.png', '/icons/maskable-512.png'];

/** The offline page and what it needs to look right: its hashed stylesheets, read from the page itself. */
async function cacheOfflinePage() {
  const cache = await caches.open(OFFLINE_CACHE);
  const page = await fetch(OFFLINE_URL, { cache: 'reload' });
  if (!page.ok) throw new Error(`${OFFLINE_URL} answered ${page.status}`);
  const html = await page.clone().text();
  const styles = [...html.matchAll(/<link[^>]+href="(\/_next\/static\/[^"]+\.css)"/g)].map((m) => m[1]);
  await cache.addAll([...ICONS, ...styles]);
  await cache.put(OFFLINE_URL, page);
}

self.addEventListener('install', (event) => {
  self.skipWaiting();
  // Best effort: a failed download must not cost the worker its push notifications. The next update retries.
  event.waitUntil(cacheOfflinePage().catch(() => undefined));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith('ap-') && n !== OFFLINE_CACHE).map((n) => caches.delete(n)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(async () => (await caches.match(OFFLINE_URL, { cacheName: OFFLINE_CACHE, ignoreVary: true })) ?? Response.error()));
    return;
  }
  // The offline page's own stylesheets and icons, from the cache only when the network is gone.
  if ((url.pathname.startsWith('/_next/static/') && url.pathname.endsWith('.css')) || ICONS.includes(url.pathname)) {
    event.respondWith(fetch(request).catch(async () => (await caches.match(request, { cacheName: OFFLINE_CACHE, ignoreVary: true })) ?? Response.error()));
  }
});

/** Only paths on this site: a payload can never send the person elsewhere. */
function appPath(path) {
  return typeof path === 'string' && path.startsWith('/') && !path.startsWith('//') && !path.includes('\\') ? path : '/notifications';
}

/** ISO instants in the text (the server cannot know the reader's zone), in this device's zone. */
function readable(text) {
  return text.replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g, (iso) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('en-IN', { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', hour12: true });
  });
}

function readPayload(event) {
  if (!event.data) return {};
  try {
    return event.data.json();
  } catch {
    return { body: event.data.text() };
  }
}

self.addEventListener('push', (event) => {
  const n = readPayload(event);
  const path = appPath(n.url ?? (n.data && n.data.url));
  const title = typeof n.title === 'string' && n.title ? n.title : 'Anytime Pooja';
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof n.body === 'string' ? readable(n.body) : '',
      icon: '/icon.svg',
      badge: '/icon.svg',
      // One entry per notification: the same one pushed twice (a retry) replaces itself instead of stacking.
      tag: typeof n.id === 'string' ? n.id : undefined,
      timestamp: n.createdAt ? Date.parse(n.createdAt) : Date.now(),
      data: { url: path, id: n.id, kind: n.kind },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(appPath(event.notification.data && event.notification.data.url), self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      // Prefer a tab already on that page, then any tab of the app (taken there), then a new window.
      const exact = windows.find((w) => w.url === url);
      if (exact) return exact.focus();
      const tab = windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (tab) {
        try {
          return await (await tab.focus()).navigate(url);
        } catch {
          // navigate() only works on tabs this worker controls.
        }
      }
      return self.clients.openWindow(url);
    })(),
  );
});
