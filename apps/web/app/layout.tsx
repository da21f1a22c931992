import type { Metadata, Viewport } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { LiveProvider } from '../components/live-provider';
import { PwaRegister } from '../components/pwa-register';
import { SiteHeader } from '../components/site-header';
import { intlTag } from '../i18n/config';
import './globals.css';
import './live.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('layout');
  return {
    title: { default: t('title'), template: '%s · Anytime Pooja' },
    description: t('description'),
  };
}

export const viewport: Viewport = {
  themeColor: '#5e1427',
  width: 'device-width',
  initialScale: 1,
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  const t = await getTranslations('layout');
  return (
    <html lang={intlTag(locale)}>
      <body>
        <NextIntlClientProvider>
          <SiteHeader />
          <LiveProvider />
          <PwaRegister />
          <main className="page">{children}</main>
          <footer className="site-footer">
            <div className="site-footer__inner">
              <p>
                <strong>Anytime Pooja</strong> · {t('disclaimer')}
              </p>
              <p className="muted">{t('billing')}</p>
            </div>
          </footer>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
