import type { Metadata } from 'next';
import { Suspense } from 'react';
import { NotificationCenter } from '../../components/notification-list';
import { PageLoading } from '../../components/sign-in-prompt';

export const metadata: Metadata = { title: 'Notifications' };

export default function NotificationsPage() {
  return (
    <section className="container page-top narrow">
      <Suspense fallback={<PageLoading />}>
        <NotificationCenter />
      </Suspense>
    </section>
  );
}
