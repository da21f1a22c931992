'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { isAdmin, useSession } from '../lib/session';
import { initials, rupees } from '../lib/format';
import { fetchBalance, WALLET_CHANGED } from '../lib/wallet';
import { LogoMark, WalletIcon } from './icons';
import { LanguageSwitch } from './language-switch';
import { NotificationBell } from './notification-bell';

/** The customer's available balance, read again on every page change and whenever money moved. */
function WalletChip({ current, sessionKey }: { current: boolean; sessionKey: string }) {
  const pathname = usePathname();
  const [available, setAvailable] = useState<number | null>(null);
  const t = useTranslations('header');

  useEffect(() => {
    let alive = true;
    const load = () => {
      fetchBalance().then(
        (b) => alive && setAvailable(b.availablePaise),
        () => undefined,
      );
    };
    load();
    window.addEventListener(WALLET_CHANGED, load);
    return () => {
      alive = false;
      window.removeEventListener(WALLET_CHANGED, load);
    };
  }, [pathname, sessionKey]);

  return (
    <Link
      href="/wallet"
      className="wallet-chip"
      aria-current={current ? 'page' : undefined}
      aria-label={available === null ? t('wallet') : t('walletBalance', { amount: rupees(available) })}
    >
      <WalletIcon width={17} height={17} />
      <span className="wallet-chip__amount">{available === null ? t('wallet') : rupees(available)}</span>
    </Link>
  );
}

export function SiteHeader() {
  const pathname = usePathname();
  const customer = useSession('customer');
  const astrologer = useSession('astrologer');
  const admin = isAdmin(customer);
  const t = useTranslations('header');

  const nav = [
    { href: '/', label: t('astrologers') },
    { href: '/nearby', label: t('nearby') },
    { href: '/horoscope', label: t('horoscope') },
    ...(customer
      ? [
          { href: '/consultations', label: t('bookings') },
          { href: '/favorites', label: t('favorites') },
        ]
      : []),
    { href: '/astrologer', label: astrologer ? t('myPortal') : t('forAstrologers') },
    ...(admin ? [{ href: '/admin', label: t('admin') }] : []),
  ];
  const isCurrent = (href: string) =>
    href === '/' ? pathname === '/' || pathname.startsWith('/astrologers/') : href === '/astrologer' ? pathname === href || pathname.startsWith('/astrologer/') : pathname.startsWith(href);

  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link href="/" className="brand" aria-label={t('home')}>
          <LogoMark />
          <span className="brand__name">Anytime Pooja</span>
        </Link>
        <nav className="site-nav" aria-label={t('main')}>
          {nav.map((item) => (
            <Link
              key={item.href}
              href={item.href}
              className="site-nav__link"
              aria-current={isCurrent(item.href) ? 'page' : undefined}
            >
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="site-header__account">
          <LanguageSwitch />
          <NotificationBell />
          {customer && <WalletChip current={pathname === '/wallet'} sessionKey={customer.user.id} />}
          {customer ? (
            <Link href="/profile" className="account-chip" aria-current={pathname === '/profile' ? 'page' : undefined}>
              <span className="account-chip__avatar" aria-hidden>
                {initials(customer.user.name)}
              </span>
              <span className="account-chip__label">{t('profile')}</span>
            </Link>
          ) : astrologer ? (
            // A signed-in astrologer's account lives in the portal; customer login stays one click away there.
            <Link href="/astrologer" className="account-chip" aria-current={pathname === '/astrologer' ? 'page' : undefined}>
              <span className="account-chip__avatar" aria-hidden>
                {initials(astrologer.user.name)}
              </span>
              <span className="account-chip__label">{t('portal')}</span>
            </Link>
          ) : (
            <Link href="/login" className="btn btn--saffron btn--sm">
              {t('login')}
            </Link>
          )}
        </div>
      </div>
    </header>
  );
}
