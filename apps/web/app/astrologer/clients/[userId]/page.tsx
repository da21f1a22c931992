import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AstrologerOnly } from '../../../../components/astrologer-work';
import { ClientDetailView } from '../../../../components/clients-detail';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('client') };
}

export default async function ClientPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  return (
    <section className="container page-top stack-lg">
      <AstrologerOnly title={(await getTranslations('meta'))('client')} next={`/astrologer/clients/${encodeURIComponent(userId)}`}>
        <ClientDetailView userId={userId} />
      </AstrologerOnly>
    </section>
  );
}
