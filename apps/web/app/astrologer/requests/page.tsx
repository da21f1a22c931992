import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AstrologerOnly, RequestsView } from '../../../components/astrologer-work';
import { LiveHistory } from '../../../components/live-history';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('requests') };
}

export default async function RequestsPage() {
  const title = (await getTranslations('requests'))('title');
  return (
    <section className="container page-top stack-lg">
      <AstrologerOnly title={title} next="/astrologer/requests">
        <RequestsView />
        <LiveHistory role="astrologer" />
      </AstrologerOnly>
    </section>
  );
}
