import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { PageLoading } from '../../components/sign-in-prompt';
import { WalletView } from '../../components/wallet-view';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('wallet') };
}

export default function WalletPage() {
  return (
    <section className="container page-top stack-lg wallet-page">
      <Suspense fallback={<PageLoading />}>
        <WalletView />
      </Suspense>
    </section>
  );
}
