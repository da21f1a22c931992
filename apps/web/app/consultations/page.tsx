import type { Metadata } from 'next';
import { LiveHistory } from '../../components/live-history';
import { MyConsultations } from '../../components/my-consultations';

export const metadata: Metadata = { title: 'My consultations' };

export default function ConsultationsPage() {
  return (
    <section className="container page-top stack-lg narrow">
      <MyConsultations />
      <LiveHistory role="customer" />
    </section>
  );
}
