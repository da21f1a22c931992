'use client';

import { useState } from 'react';
import { AstrologerPortal } from '../../components/astrologer-portal';
import { DashboardHome } from '../../components/dashboard-home';
import { ClockIcon, RefundIcon, ShieldIcon } from '../../components/icons';
import { OtpAuth, type AuthMode } from '../../components/otp-auth';
import { PageLoading } from '../../components/sign-in-prompt';
import { useHydrated, useSession } from '../../lib/session';

function AstrologerWelcome() {
  const [mode, setMode] = useState<AuthMode>('signup');
  const [phone, setPhone] = useState<string | undefined>(undefined);
  const switchMode = (to: AuthMode, current: string) => {
    setPhone(current.replace(/\D/g, '').length > 4 ? current : undefined);
    setMode(to);
  };
  return (
    <section className="container astro-join">
      <div className="astro-join__pitch">
        <p className="eyebrow">For astrologers</p>
        <h1 className="hero__title">Consult on Anytime Pooja</h1>
        <p className="hero__lead">Set your own per-minute prices for chat, call and video. Customers find you, we handle payments and payouts.</p>
        <ul className="benefits">
          <li>
            <ShieldIcon />
            <div>
              <strong>Verified profile</strong>
              <span>Our team reviews every new astrologer before customers see them.</span>
            </div>
          </li>
          <li>
            <ClockIcon />
            <div>
              <strong>Fair, server-side meter</strong>
              <span>Every minute you are connected is recorded; nothing depends on the customer&apos;s app.</span>
            </div>
          </li>
          <li>
            <RefundIcon />
            <div>
              <strong>Clear earnings</strong>
              <span>A statement for every session and regular payouts to your bank or UPI.</span>
            </div>
          </li>
        </ul>
      </div>
      <div className="auth__card panel">
        <div className="tabs" role="tablist" aria-label="Sign up or log in">
          <button type="button" role="tab" aria-selected={mode === 'signup'} className="tabs__tab" onClick={() => setMode('signup')}>
            Sign up
          </button>
          <button type="button" role="tab" aria-selected={mode === 'login'} className="tabs__tab" onClick={() => setMode('login')}>
            Log in
          </button>
        </div>
        <div role="tabpanel">
          <h2 className="h3">{mode === 'signup' ? 'Join as an astrologer' : 'Welcome back'}</h2>
          <OtpAuth key={`${mode}-${phone ?? ''}`} role="astrologer" mode={mode} initialPhone={phone} onSwitchMode={switchMode} onSignedIn={() => window.scrollTo(0, 0)} />
        </div>
      </div>
    </section>
  );
}

export default function AstrologerPage() {
  const hydrated = useHydrated();
  const session = useSession('astrologer');
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
      <DashboardHome name={session.user.name || 'Astrologer'} />
      <AstrologerPortal session={session} />
    </>
  );
}
