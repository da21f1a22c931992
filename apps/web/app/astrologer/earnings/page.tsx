import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AstrologerOnly, EarningsView } from '../../../components/astrologer-work';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('earnings') };
}

export default async function EarningsPage() {
  const title = (await getTranslations('meta'))('earnings');
  return (
    <section className="container page-top stack-lg">
      <AstrologerOnly title={title} next="/astrologer/earnings">
        <EarningsView />
      </AstrologerOnly>
    </section>
  );
}
