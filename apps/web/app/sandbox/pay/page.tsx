import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PageLoading } from '../../../components/sign-in-prompt';
import { SandboxCheckout } from '../../../components/sandbox-checkout';

export const metadata: Metadata = { title: 'Sandbox payment (test mode)', robots: { index: false } };

export default function SandboxPayPage() {
  return (
    <section className="container page-top sandbox-page">
      <Suspense fallback={<PageLoading />}>
        <SandboxCheckout />
      </Suspense>
    </section>
  );
}
