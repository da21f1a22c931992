'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import styles from '../app/notifications/notifications.module.css';
import { isApiError } from '../lib/api';
import { disablePush, enablePush, pushState, type PushState } from '../lib/push';
import type { Role } from '../lib/session';


/** The settings switch for Web Push in this browser. */
export function PushToggle({ role }: { role: Role }) {
  const [state, setState] = useState<PushState | null>(null);
  const t = useTranslations('push');
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
      setError(isApiError(err) ? err.detail : t('setupFailed'));
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
          {t('title')}
        </h2>
        <p className="muted small">{state ? t(`explain.${state}`) : t('checking')}</p>
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
        aria-label={t('title')}
        disabled={busy || !usable}
        onClick={() => void toggle()}
      >
        <span className="switch__track" aria-hidden>
          <span className="switch__thumb" />
        </span>
        <span className="switch__text">{busy ? '…' : on ? t('on') : t('off')}</span>
      </button>
    </section>
  );
}
