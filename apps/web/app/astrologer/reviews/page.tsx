import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AstrologerOnly } from '../../../components/astrologer-work';
import { AstrologerReviews } from './reviews-view';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('reviews') };
}

export default async function ReviewsPage() {
  const title = (await getTranslations('meta'))('reviews');
  return (
    <section className="container page-top stack-lg">
      <AstrologerOnly title={title} next="/astrologer/reviews">
        <AstrologerReviews />
      </AstrologerOnly>
    </section>
  );
}
