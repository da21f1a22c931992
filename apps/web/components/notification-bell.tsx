'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { usePathname } from 'next/navigation';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import styles from '../app/notifications/notifications.module.css';
import {
  applyNotificationEvent, fetchNotifications, fetchUnreadCount, markAllNotificationsRead, markNotificationRead, notificationHref,
  notificationTime, onNotificationEvent, readableBody, type AppNotification,
} from '../lib/notifications';
import { syncPush } from '../lib/push';
import { useSession, type Role } from '../lib/session';

export { onLiveNotification } from '../lib/notifications';

/** The unread count is read again this often while a tab is open (live socket events bump it in between). */
export const UNREAD_POLL_MS = 60_000;
const PREVIEW = 6;

export const BellIcon = ({ size = 20 }: { size?: number }) => (
  <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden focusable={false}>
    <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
    <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
  </svg>
);

/** Whose notifications the header shows: in the portal the astrologer's, elsewhere the customer's when signed in. */
export function useNotificationRole(): Role | null {
  const pathname = usePathname();
  const customer = useSession('customer');
  const astrologer = useSession('astrologer');
  if (astrologer && (pathname.startsWith('/astrologer') || !customer)) return 'astrologer';
  return customer ? 'customer' : null;
}

export const notificationsPageHref = (role: Role) => (role === 'astrologer' ? '/notifications?as=astrologer' : '/notifications');

/** The unread count for `role`: polled, refreshed when the tab comes back, bumped by live and read events. */
export function useUnreadCount(role: Role | null): number | null {
  const [count, setCount] = useState<number | null>(null);
  const seen = useRef(new Set<string>());
  // A count fetched while a live notification arrived may have been counted before it: fetch again rather than let
  // the older figure overwrite the bump.
  const inFlight = useRef(0);
  const stale = useRef(false);

  const refresh = useCallback(() => {
    if (!role) return;
    inFlight.current++;
    fetchUnreadCount(role).then(
      (r) => {
        inFlight.current--;
        if (stale.current) {
          if (inFlight.current === 0) { stale.current = false; refresh(); }
          return;
        }
        setCount(r.unreadCount);
      },
      () => { inFlight.current--; },
    );
  }, [role]);

  useEffect(() => {
    setCount(null);
    seen.current.clear();
    if (!role) return;
    refresh();
    const timer = window.setInterval(refresh, UNREAD_POLL_MS);
    const onVisible = () => document.visibilityState === 'visible' && refresh();
    document.addEventListener('visibilitychange', onVisible);
    const off = onNotificationEvent((e) => {
      if (e.type === 'new') {
        if (seen.current.has(e.notification.id) || e.notification.readAt) return;
        seen.current.add(e.notification.id);
        if (inFlight.current > 0) stale.current = true;
        setCount((c) => (c ?? 0) + 1);
      } else if (e.type === 'read-all') setCount(0);
      else refresh();
    });
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      off();
    };
  }, [role, refresh]);

  return count;
}

export const badgeText = (count: number) => (count > 99 ? '99+' : String(count));

function NotificationPreview({ role, onClose }: { role: Role; onClose: () => void }) {
  const [items, setItems] = useState<AppNotification[] | null>(null);
  const [failed, setFailed] = useState(false);
  const t = useTranslations('notifications');
  const tc = useTranslations('common');

  useEffect(() => {
    let alive = true;
    fetchNotifications(role, { limit: PREVIEW }).then(
      (page) => alive && setItems(page.items),
      () => alive && setFailed(true),
    );
    const off = onNotificationEvent((e) => setItems((list) => (list ? applyNotificationEvent(list, e).slice(0, PREVIEW) : list)));
    return () => {
      alive = false;
      off();
    };
  }, [role]);

  const anyUnread = !!items?.some((n) => !n.readAt);
  return (
    <>
      <div className={styles.previewHead}>
        <strong>{t('title')}</strong>
        {anyUnread && (
          <button type="button" className="link-button small" onClick={() => void markAllNotificationsRead(role).catch(() => undefined)}>
            {t('markAllRead')}
          </button>
        )}
      </div>
      {failed ? (
        <p className={styles.previewEmpty}>{t('loadFailed')}</p>
      ) : !items ? (
        <p className={styles.previewEmpty} role="status">
          {tc('loading')}
        </p>
      ) : items.length === 0 ? (
        <p className={styles.previewEmpty}>{t('empty')}</p>
      ) : (
        <ul className={styles.previewList} aria-label={t('latest')}>
          {items.map((n) => (
            <li key={n.id} className={n.readAt ? styles.previewItem : `${styles.previewItem} ${styles.unread}`}>
              <Link
                href={notificationHref(n)}
                onClick={() => {
                  if (!n.readAt) void markNotificationRead(role, n.id).catch(() => undefined);
                  onClose();
                }}
              >
                <span className={styles.title}>
                  {!n.readAt && <span className={styles.dot} aria-label={t('unread')} />}
                  {n.title}
                </span>
                {n.body && <span className={styles.body}>{readableBody(n.body)}</span>}
                <time className={styles.time} dateTime={n.createdAt}>
                  {notificationTime(n.createdAt)}
                </time>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Link href={notificationsPageHref(role)} className={styles.previewAll} onClick={onClose}>
        {t('seeAll')}
      </Link>
    </>
  );
}

/** The header bell: unread badge, and a dropdown of the latest notifications. */
export function NotificationBell() {
  const role = useNotificationRole();
  const count = useUnreadCount(role);
  const [open, setOpen] = useState(false);
  const t = useTranslations('notifications');
  const pathname = usePathname();
  const panelId = useId();
  const wrapper = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void syncPush(role).catch(() => undefined);
  }, [role]);

  useEffect(() => setOpen(false), [pathname, role]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (wrapper.current && !wrapper.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (!role) return null;
  const unread = count ?? 0;
  return (
    <div className={styles.bellWrap} ref={wrapper}>
      <button
        type="button"
        className={styles.bell}
        aria-label={unread > 0 ? t('bellUnread', { count: unread }) : t('title')}
        aria-expanded={open}
        aria-controls={panelId}
        aria-current={pathname === '/notifications' ? 'page' : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        <BellIcon />
        {unread > 0 && (
          <span className={styles.badge} data-testid="notification-badge" aria-hidden>
            {badgeText(unread)}
          </span>
        )}
      </button>
      {open && (
        <div id={panelId} className={styles.preview} role="region" aria-label={t('title')}>
          <NotificationPreview role={role} onClose={() => setOpen(false)} />
        </div>
      )}
    </div>
  );
}
