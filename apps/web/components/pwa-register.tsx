'use client';

import { useEffect } from 'react';

/**
 * Registers public/sw.js for every visitor, so the app works offline and is installable; lib/push.ts registers the
 * same script (same scope) when someone turns on notifications, which is then a no-op.
 */
export function PwaRegister() {
  useEffect(() => {
    if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // Private modes and some embedded browsers refuse service workers; the site works without one.
    });
  }, []);
  return null;
}
