import type { Metadata } from 'next';
import { AdminMetricsPage } from '../../../components/admin-metrics';

export const metadata: Metadata = { title: 'Metrics' };

export default function MetricsPage() {
  return <AdminMetricsPage />;
}
