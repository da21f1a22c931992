import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { KundliView } from '../../components/kundli-view';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('kundli') };
}

export default function KundliPage() {
  return (
    <section className="container page-top">
      <KundliView />
    </section>
  );
}
