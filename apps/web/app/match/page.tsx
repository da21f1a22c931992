import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { KundliMatch } from '../../components/kundli-match';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('match') };
}

export default function MatchPage() {
  return (
    <section className="container page-top">
      <KundliMatch />
    </section>
  );
}
