import type { Metadata } from 'next';
import { AstrologerOnly } from '../../../components/astrologer-work';
import { ClientsView } from '../../../components/clients-list';

export const metadata: Metadata = { title: 'Clients' };

export default function ClientsPage() {
  return (
    <section className="container page-top stack-lg">
      <AstrologerOnly title="Clients" next="/astrologer/clients">
        <ClientsView />
      </AstrologerOnly>
    </section>
  );
}
