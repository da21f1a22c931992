/* Anytime Pooja service worker: shows Web Push notifications and opens the page they are about. No caching. */

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
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
