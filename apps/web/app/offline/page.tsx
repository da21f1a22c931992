import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'You are offline · आप ऑफ़लाइन हैं' };
export const dynamic = 'force-static';

/**
 * Served by the service worker (public/sw.js) when a page cannot be loaded without a connection. Built once and cached
 * on install, before anyone chose a language, so it speaks both.
 */
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
        <h2 className="h3" lang="hi">
          आप ऑफ़लाइन हैं
        </h2>
        <p className="muted" lang="hi">
          ज्योतिषी, आपका वॉलेट और आपके परामर्श दिखाने के लिए Anytime Pooja को इंटरनेट चाहिए। आपका बैलेंस सुरक्षित है: बिल सिर्फ़ तब बनता है जब आप दोनों जुड़े हों।
        </p>
        <p>
          {/* A plain link, not next/link: a full navigation is what asks the network again. */}
          <a href="/" className="btn btn--primary">
            Try again · <span lang="hi">फिर से कोशिश करें</span>
          </a>
        </p>
      </div>
    </section>
  );
}
