import type { Metadata } from 'next';
import { AstrologerOnly } from '../../../../components/astrologer-work';
import { ClientDetailView } from '../../../../components/clients-detail';

export const metadata: Metadata = { title: 'Client' };

export default async function ClientPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  return (
    <section className="container page-top stack-lg">
      <AstrologerOnly title="Client" next={`/astrologer/clients/${encodeURIComponent(userId)}`}>
        <ClientDetailView userId={userId} />
      </AstrologerOnly>
    </section>
  );
}
