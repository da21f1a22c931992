import type { Metadata } from 'next';
import { AnalyticsView } from '../../../components/analytics-view';
import { AstrologerOnly } from '../../../components/astrologer-work';

export const metadata: Metadata = { title: 'Analytics' };

export default function AnalyticsPage() {
  return (
    <section className="container page-top stack-lg">
      <AstrologerOnly title="Analytics" next="/astrologer/analytics">
        <AnalyticsView />
      </AstrologerOnly>
    </section>
  );
}
