import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'You are offline' };
export const dynamic = 'force-static';

/** Served by the service worker (public/sw.js) when a page cannot be loaded without a connection. */
export default function OfflinePage() {
  return (
    <section className="container narrow">
      <div className="panel center stack">
        <img src="/icons/icon-192.png" alt="" width={96} height={96} style={{ margin: '0 auto' }} />
        <h1 className="h2">You are offline</h1>
        <p className="muted">
          Anytime Pooja needs a connection to show astrologers, your wallet and your consultations. Your balance is safe: you are only billed
          while you are both connected.
        </p>
        <p>
          {/* A plain link, not next/link: a full navigation is what asks the network again. */}
          <a href="/" className="btn btn--primary">
            Try again
          </a>
        </p>
      </div>
    </section>
  );
}
