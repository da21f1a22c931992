import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AstrologerProfileView } from '../../../components/astrologer-profile';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('astrologer') };
}

export default async function AstrologerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <AstrologerProfileView id={id} />;
}
