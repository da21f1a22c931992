import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PageLoading } from '../../components/sign-in-prompt';
import { WalletView } from '../../components/wallet-view';

export const metadata: Metadata = { title: 'Wallet' };

export default function WalletPage() {
  return (
    <section className="container page-top stack-lg wallet-page">
      <Suspense fallback={<PageLoading />}>
        <WalletView />
      </Suspense>
    </section>
  );
}
