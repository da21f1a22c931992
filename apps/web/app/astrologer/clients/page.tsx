import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AstrologerOnly } from '../../../components/astrologer-work';
import { ClientsView } from '../../../components/clients-list';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('clients') };
}

export default async function ClientsPage() {
  const title = (await getTranslations('meta'))('clients');
  return (
    <section className="container page-top stack-lg">
      <AstrologerOnly title={title} next="/astrologer/clients">
        <ClientsView />
      </AstrologerOnly>
    </section>
  );
}
