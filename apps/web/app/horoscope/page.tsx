import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { HoroscopeMine, HoroscopeSignGrid } from '../../components/horoscope-view';
import { PanchangWidget } from '../../components/panchang-widget';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('horoscope'))('metaTitle') };
}

export default async function HoroscopesPage() {
  const t = await getTranslations('horoscope');
  return (
    <section className="container page-top stack-lg">
      <div>
        <p className="eyebrow">{t('eyebrow')}</p>
        <h1 className="h2">{t('pageTitle')}</h1>
        <p className="muted">{t('pageLead')}</p>
      </div>
      <HoroscopeMine />
      <HoroscopeSignGrid />
      <PanchangWidget />
    </section>
  );
}
