import type { Metadata } from 'next';
import { AdminDisputes } from './admin-disputes';

export const metadata: Metadata = { title: 'Disputes and reported reviews' };

export default function DisputesPage() {
  return (
    <section className="container page-top stack-lg">
      <AdminDisputes />
    </section>
  );
}
