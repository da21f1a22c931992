import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AdminDisputes } from './admin-disputes';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('disputes') };
}

export default function DisputesPage() {
  return (
    <section className="container page-top stack-lg">
      <AdminDisputes />
    </section>
  );
}
