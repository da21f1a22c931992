import type { Metadata } from 'next';
import { MyConsultations } from '../../components/my-consultations';

export const metadata: Metadata = { title: 'My consultations' };

export default function ConsultationsPage() {
  return (
    <section className="container page-top stack-lg narrow">
      <MyConsultations />
    </section>
  );
}
