import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { LiveProvider } from '../components/live-provider';
import { PwaRegister } from '../components/pwa-register';
import { SiteHeader } from '../components/site-header';
import './globals.css';
import './live.css';

export const metadata: Metadata = {
  title: { default: 'Anytime Pooja · Talk to trusted astrologers', template: '%s · Anytime Pooja' },
  description: 'Chat, call or video with verified Vedic astrologers, tarot readers and numerologists. Pay per minute, only while you are connected.',
};

export const viewport: Viewport = {
  themeColor: '#5e1427',
  width: 'device-width',
  initialScale: 1,
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en-IN">
      <body>
        <SiteHeader />
        <LiveProvider />
        <PwaRegister />
        <main className="page">{children}</main>
        <footer className="site-footer">
          <div className="site-footer__inner">
            <p>
              <strong>Anytime Pooja</strong> · Consultations are for guidance only and not a substitute for medical, legal or financial advice.
            </p>
            <p className="muted">Billed per minute only while you are both connected. Unused balance stays in your wallet.</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
