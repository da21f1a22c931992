import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AnalyticsView } from '../../../components/analytics-view';
import { AstrologerOnly } from '../../../components/astrologer-work';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('analytics') };
}

export default async function AnalyticsPage() {
  const title = (await getTranslations('meta'))('analytics');
  return (
    <section className="container page-top stack-lg">
      <AstrologerOnly title={title} next="/astrologer/analytics">
        <AnalyticsView />
      </AstrologerOnly>
    </section>
  );
}
