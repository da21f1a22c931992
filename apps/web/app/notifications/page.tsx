import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { NotificationCenter } from '../../components/notification-list';
import { PageLoading } from '../../components/sign-in-prompt';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('notifications') };
}

export default function NotificationsPage() {
  return (
    <section className="container page-top narrow">
      <Suspense fallback={<PageLoading />}>
        <NotificationCenter />
      </Suspense>
    </section>
  );
}
