import type { Metadata } from 'next';
import { AstrologerOnly, EarningsView } from '../../../components/astrologer-work';

export const metadata: Metadata = { title: 'Earnings' };

export default function EarningsPage() {
  return (
    <section className="container page-top stack-lg">
      <AstrologerOnly title="Earnings" next="/astrologer/earnings">
        <EarningsView />
      </AstrologerOnly>
    </section>
  );
}
