import type { Metadata } from 'next';
import { AstrologerOnly, RequestsView } from '../../../components/astrologer-work';

export const metadata: Metadata = { title: 'Requests' };

export default function RequestsPage() {
  return (
    <section className="container page-top stack-lg">
      <AstrologerOnly title="Consultation requests" next="/astrologer/requests">
        <RequestsView />
      </AstrologerOnly>
    </section>
  );
}
