import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { PageLoading } from '../../../components/sign-in-prompt';
import { SandboxCheckout } from '../../../components/sandbox-checkout';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('sandbox'), robots: { index: false } };
}

export default function SandboxPayPage() {
  return (
    <section className="container page-top sandbox-page">
      <Suspense fallback={<PageLoading />}>
        <SandboxCheckout />
      </Suspense>
    </section>
  );
}
