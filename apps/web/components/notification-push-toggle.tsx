'use client';

import { useEffect, useState } from 'react';
import styles from '../app/notifications/notifications.module.css';
import { isApiError } from '../lib/api';
import { disablePush, enablePush, pushState, type PushState } from '../lib/push';
import type { Role } from '../lib/session';

const EXPLAIN: Record<PushState, string> = {
  on: 'This browser shows your notifications even when Anytime Pooja is closed.',
  off: 'Get booking updates and session requests on this device even when Anytime Pooja is closed.',
  denied: 'Notifications are blocked for this site. Allow them in your browser’s site settings, then switch this on.',
  unsupported: 'This browser cannot receive push notifications here (it needs a secure https:// page and Push API support).',
  unavailable: 'Push notifications are not set up on this server yet.',
};

/** The settings switch for Web Push in this browser. */
export function PushToggle({ role }: { role: Role }) {
  const [state, setState] = useState<PushState | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    pushState(role).then(
      (s) => alive && setState(s),
      () => alive && setState('off'),
    );
    return () => {
      alive = false;
    };
  }, [role]);

  async function toggle() {
    setBusy(true);
    setError(null);
    try {
      setState(await (state === 'on' ? disablePush(role) : enablePush(role)));
    } catch (err) {
      setError(isApiError(err) ? err.detail : 'The browser could not set up push notifications. Please try again.');
    } finally {
      setBusy(false);
    }
  }

  const on = state === 'on';
  const usable = state === 'on' || state === 'off';
  return (
    <section className={`panel ${styles.pushPanel}`} aria-labelledby="push-toggle-title">
      <div className={styles.pushText}>
        <h2 id="push-toggle-title" className={styles.pushTitle}>
          Browser notifications
        </h2>
        <p className="muted small">{state ? EXPLAIN[state] : 'Checking this browser…'}</p>
        {error && (
          <p className="field__error" role="alert">
            {error}
          </p>
        )}
      </div>
      <button
        type="button"
        role="switch"
        className="switch"
        aria-checked={on}
        aria-label="Browser notifications"
        disabled={busy || !usable}
        onClick={() => void toggle()}
      >
        <span className="switch__track" aria-hidden>
          <span className="switch__thumb" />
        </span>
        <span className="switch__text">{busy ? '…' : on ? 'On' : 'Off'}</span>
      </button>
    </section>
  );
}
