import type { Metadata } from 'next';
import { AstrologerOnly, RequestsView } from '../../../components/astrologer-work';
import { LiveHistory } from '../../../components/live-history';

export const metadata: Metadata = { title: 'Requests' };

export default function RequestsPage() {
  return (
    <section className="container page-top stack-lg">
      <AstrologerOnly title="Consultation requests" next="/astrologer/requests">
        <RequestsView />
        <LiveHistory role="astrologer" />
      </AstrologerOnly>
    </section>
  );
}
