import type { Metadata } from 'next';
import { KundliView } from '../../components/kundli-view';

export const metadata: Metadata = { title: 'Free kundli' };

export default function KundliPage() {
  return (
    <section className="container page-top">
      <KundliView />
    </section>
  );
}
