'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { isAdmin, useSession } from '../lib/session';
import { initials } from '../lib/format';
import { LogoMark } from './icons';

export function SiteHeader() {
  const pathname = usePathname();
  const customer = useSession('customer');
  const astrologer = useSession('astrologer');
  const admin = isAdmin(customer);

  const nav = [
    { href: '/', label: 'Astrologers' },
    { href: '/nearby', label: 'Nearby' },
    ...(customer ? [{ href: '/favorites', label: 'Favorites' }] : []),
    { href: '/astrologer', label: astrologer ? 'My portal' : 'For astrologers' },
    ...(admin ? [{ href: '/admin', label: 'Admin' }] : []),
  ];
  const isCurrent = (href: string) =>
    href === '/' ? pathname === '/' || pathname.startsWith('/astrologers/') : href === '/astrologer' ? pathname === href : pathname.startsWith(href);

  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link href="/" className="brand" aria-label="Anytime Pooja home">
          <LogoMark />
          <span className="brand__name">Anytime Pooja</span>
        </Link>
        <nav className="site-nav" aria-label="Main">
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
          {customer ? (
            <Link href="/profile" className="account-chip" aria-current={pathname === '/profile' ? 'page' : undefined}>
              <span className="account-chip__avatar" aria-hidden>
                {initials(customer.user.name)}
              </span>
              <span>Profile</span>
            </Link>
          ) : (
            <Link href="/login" className="btn btn--saffron btn--sm">
              Login
            </Link>
          )}
        </div>
      </div>
    </header>
  );
}
