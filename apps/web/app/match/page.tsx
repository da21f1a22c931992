import type { Metadata } from 'next';
import { KundliMatch } from '../../components/kundli-match';

export const metadata: Metadata = { title: 'Kundli matching' };

export default function MatchPage() {
  return (
    <section className="container page-top">
      <KundliMatch />
    </section>
  );
}
