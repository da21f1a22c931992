import { useTranslations } from 'next-intl';
import { Suspense } from 'react';
import { AstrologerCardSkeleton } from '../components/astrologer-card';
import { AstrologerSearch } from '../components/astrologer-search';
import { HomeHero } from '../components/home-hero';
import { PanchangWidget } from '../components/panchang-widget';

function SearchFallback() {
  const t = useTranslations('search');
  return (
    <>
      <HomeHero />
      <section className="container section">
        <div className="astro-grid" aria-busy="true" aria-label={t('loadingAstrologers')}>
          {Array.from({ length: 6 }, (_, i) => (
            <AstrologerCardSkeleton key={i} />
          ))}
        </div>
      </section>
    </>
  );
}

export default function HomePage() {
  // The search reads the URL, so it renders in the browser; the banner and skeleton stand in meanwhile.
  return (
    <>
      <Suspense fallback={<SearchFallback />}>
        <AstrologerSearch />
      </Suspense>
      <section className="container section">
        <PanchangWidget />
      </section>
    </>
  );
}
