import type { Metadata } from 'next';
import { AstrologerProfileView } from '../../../components/astrologer-profile';

export const metadata: Metadata = { title: 'Astrologer' };

export default async function AstrologerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <AstrologerProfileView id={id} />;
}
