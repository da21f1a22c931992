import type { Metadata } from 'next';
import { AstrologerOnly } from '../../../components/astrologer-work';
import { AstrologerReviews } from './reviews-view';

export const metadata: Metadata = { title: 'Reviews' };

export default function ReviewsPage() {
  return (
    <section className="container page-top stack-lg">
      <AstrologerOnly title="Reviews" next="/astrologer/reviews">
        <AstrologerReviews />
      </AstrologerOnly>
    </section>
  );
}
