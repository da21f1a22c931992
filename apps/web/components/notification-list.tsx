'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import styles from '../app/notifications/notifications.module.css';
import { isApiError, type ApiError } from '../lib/api';
import {
  applyNotificationEvent, fetchNotifications, markAllNotificationsRead, markNotificationRead, notificationHref, notificationTime,
  onNotificationEvent, readableBody, type AppNotification,
} from '../lib/notifications';
import { useHydrated, useSession, type Role } from '../lib/session';
import { ErrorAlert } from './error-alert';
import { useUnreadCount } from './notification-bell';
import { PushToggle } from './notification-push-toggle';
import { PageLoading, SignInPrompt } from './sign-in-prompt';
import { pageIntlTag } from '../lib/locale';

const PAGE = 20;

function NotificationRow({ n, role }: { n: AppNotification; role: Role }) {
  const [error, setError] = useState<ApiError | null>(null);
  const t = useTranslations('notifications');
  const unread = !n.readAt;
  const markRead = () =>
    markNotificationRead(role, n.id).catch((err: unknown) => {
      if (isApiError(err)) setError(err);
    });
  return (
    <li className={unread ? `${styles.item} ${styles.unread}` : styles.item} aria-label={unread ? t('unreadItem', { title: n.title }) : n.title}>
      <div className={styles.itemMain}>
        <Link href={notificationHref(n)} className={styles.title} onClick={() => unread && void markRead()}>
          {unread && <span className={styles.dot} aria-hidden />}
          {n.title}
        </Link>
        {n.body && <p className={styles.body}>{readableBody(n.body)}</p>}
        <time className={styles.time} dateTime={n.createdAt} title={new Date(n.createdAt).toLocaleString(pageIntlTag())}>
          {notificationTime(n.createdAt)}
        </time>
        {error && <ErrorAlert error={error} title={t('markError')} />}
      </div>
      {unread && (
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => void markRead()}>
          {t('markRead')}
        </button>
      )}
    </li>
  );
}

function NotificationFeed({ role }: { role: Role }) {
  const [items, setItems] = useState<AppNotification[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const unread = useUnreadCount(role);
  const t = useTranslations('notifications');
  const tc = useTranslations('common');
  // Live notifications that arrive while the first page is loading, merged in when it is there.
  const early = useRef<AppNotification[] | null>([]);

  const load = useCallback(
    async (after: string | null) => {
      setLoading(true);
      setError(null);
      try {
        const page = await fetchNotifications(role, { limit: PAGE, cursor: after });
        const arrived = early.current ?? [];
        early.current = null;
        setItems((list) => {
          if (after && list) return [...list, ...page.items.filter((n) => !list.some((m) => m.id === n.id))];
          return [...arrived.filter((n) => !page.items.some((m) => m.id === n.id)), ...page.items];
        });
        setCursor(page.nextCursor);
      } catch (err) {
        if (!isApiError(err)) throw err;
        setError(err);
      } finally {
        setLoading(false);
      }
    },
    [role],
  );

  useEffect(() => {
    setItems(null);
    early.current = [];
    void load(null);
    return onNotificationEvent((e) => {
      if (early.current) {
        if (e.type === 'new') early.current.push(e.notification);
        return;
      }
      setItems((list) => (list ? applyNotificationEvent(list, e) : list));
    });
  }, [load]);

  async function markAll() {
    try {
      await markAllNotificationsRead(role);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    }
  }

  return (
    <div className="stack">
      <div className={styles.listHead}>
        <p className="muted" data-testid="notification-unread-summary">
          {unread === null ? '' : unread === 0 ? t('caughtUp') : t('unreadCount', { count: unread })}
        </p>
        {!!unread && (
          <button type="button" className="btn btn--outline btn--sm" onClick={() => void markAll()}>
            {t('markAllRead')}
          </button>
        )}
      </div>
      {error && (
        <ErrorAlert error={error} title={t('listError')}>
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load(null)}>
            {tc('retry')}
          </button>
        </ErrorAlert>
      )}
      {!items && !error && <PageLoading label={t('loadingList')} />}
      {items && items.length === 0 && (
        <div className="panel center">
          <p className="muted">{t('none')}</p>
        </div>
      )}
      {items && items.length > 0 && (
        <ul className={styles.list} aria-label={t('title')}>
          {items.map((n) => (
            <NotificationRow key={n.id} n={n} role={role} />
          ))}
        </ul>
      )}
      {cursor && (
        <button type="button" className="btn btn--ghost" disabled={loading} onClick={() => void load(cursor)}>
          {loading ? tc('loading') : t('older')}
        </button>
      )}
    </div>
  );
}

/** /notifications: the full list, mark read, and the browser push switch. `?as=astrologer` for the portal account. */
export function NotificationCenter() {
  const hydrated = useHydrated();
  const params = useSearchParams();
  const router = useRouter();
  const customer = useSession('customer');
  const astrologer = useSession('astrologer');
  const t = useTranslations('notifications');
  const wanted: Role = params.get('as') === 'astrologer' ? 'astrologer' : 'customer';
  const role: Role | null = (wanted === 'astrologer' ? astrologer : customer) ? wanted : customer ? 'customer' : astrologer ? 'astrologer' : null;

  if (!hydrated) return <PageLoading />;
  if (!role) return <SignInPrompt title={t('title')} text={t('signIn')} next="/notifications" />;

  return (
    <div className="stack-lg">
      <div className={styles.pageHead}>
        <h1 className="h2">{t('title')}</h1>
        {customer && astrologer && (
          <div className="row" role="group" aria-label={t('account')}>
            {(['customer', 'astrologer'] as const).map((r) => (
              <button
                key={r}
                type="button"
                className={`btn btn--sm ${r === role ? 'btn--primary' : 'btn--ghost'}`}
                aria-pressed={r === role}
                onClick={() => router.replace(r === 'astrologer' ? '/notifications?as=astrologer' : '/notifications')}
              >
                {r === 'customer' ? t('asCustomer') : t('asAstrologer')}
              </button>
            ))}
          </div>
        )}
      </div>
      <PushToggle role={role} />
      <NotificationFeed key={role} role={role} />
    </div>
  );
}
