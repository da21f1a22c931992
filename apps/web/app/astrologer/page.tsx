'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { AstrologerPortal } from '../../components/astrologer-portal';
import { DashboardHome } from '../../components/dashboard-home';
import { ClockIcon, RefundIcon, ShieldIcon } from '../../components/icons';
import { PhoneAuth as OtpAuth, type AuthMode } from '../../components/phone-auth';
import { PageLoading } from '../../components/sign-in-prompt';
import { useHydrated, useSession } from '../../lib/session';

function AstrologerWelcome() {
  const [mode, setMode] = useState<AuthMode>('signup');
  const t = useTranslations('astrologerJoin');
  const [phone, setPhone] = useState<string | undefined>(undefined);
  const switchMode = (to: AuthMode, current: string) => {
    setPhone(current.replace(/\D/g, '').length > 4 ? current : undefined);
    setMode(to);
  };
  return (
    <section className="container astro-join">
      <div className="astro-join__pitch">
        <p className="eyebrow">{t('eyebrow')}</p>
        <h1 className="hero__title">{t('title')}</h1>
        <p className="hero__lead">{t('lead')}</p>
        <ul className="benefits">
          <li>
            <ShieldIcon />
            <div>
              <strong>{t('verified')}</strong>
              <span>{t('verifiedText')}</span>
            </div>
          </li>
          <li>
            <ClockIcon />
            <div>
              <strong>{t('meter')}</strong>
              <span>{t('meterText')}</span>
            </div>
          </li>
          <li>
            <RefundIcon />
            <div>
              <strong>{t('earnings')}</strong>
              <span>{t('earningsText')}</span>
            </div>
          </li>
        </ul>
      </div>
      <div className="auth__card panel">
        <div className="tabs" role="tablist" aria-label={t('tabs')}>
          <button type="button" role="tab" aria-selected={mode === 'signup'} className="tabs__tab" onClick={() => setMode('signup')}>
            {t('signUp')}
          </button>
          <button type="button" role="tab" aria-selected={mode === 'login'} className="tabs__tab" onClick={() => setMode('login')}>
            {t('logIn')}
          </button>
        </div>
        <div role="tabpanel">
          <h2 className="h3">{mode === 'signup' ? t('join') : t('welcomeBack')}</h2>
          <OtpAuth key={`${mode}-${phone ?? ''}`} role="astrologer" mode={mode} initialPhone={phone} onSwitchMode={switchMode} onSignedIn={() => window.scrollTo(0, 0)} />
        </div>
      </div>
    </section>
  );
}

export default function AstrologerPage() {
  const hydrated = useHydrated();
  const session = useSession('astrologer');
  const t = useTranslations('astrologerJoin');
  if (!hydrated) {
    return (
      <section className="container narrow">
        <PageLoading />
      </section>
    );
  }
  if (!session) return <AstrologerWelcome />;
  // The day's figures first; the profile, presence switch and availability follow as before.
  return (
    <>
      <DashboardHome name={session.user.name || t('astrologer')} />
      <AstrologerPortal session={session} />
    </>
  );
}
