import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AdminMetricsPage } from '../../../components/admin-metrics';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('metrics') };
}

export default function MetricsPage() {
  return <AdminMetricsPage />;
}
