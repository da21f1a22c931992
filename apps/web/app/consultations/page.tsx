import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { LiveHistory } from '../../components/live-history';
import { MyConsultations } from '../../components/my-consultations';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('consultations') };
}

export default function ConsultationsPage() {
  return (
    <section className="container page-top stack-lg narrow">
      <MyConsultations />
      <LiveHistory role="customer" />
    </section>
  );
}
