'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { PhoneAuth as OtpAuth, type AuthMode } from './phone-auth';

/** A `?next=` target, accepted only when it stays on this site. */
function nextTarget(): string {
  const next = new URLSearchParams(window.location.search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/profile';
}

export function CustomerAuth({ mode }: { mode: AuthMode }) {
  const router = useRouter();
  const t = useTranslations('customerAuth');
  const [phone, setPhone] = useState<string | undefined>(undefined);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    setPhone(new URLSearchParams(window.location.search).get('phone') ?? undefined);
    setReady(true);
  }, []);

  const switchMode = (to: AuthMode, currentPhone: string) => {
    const query = new URLSearchParams(window.location.search);
    if (currentPhone.replace(/\D/g, '').length > 4) query.set('phone', currentPhone);
    else query.delete('phone');
    const qs = query.toString();
    router.push(`/${to}${qs ? `?${qs}` : ''}`);
  };

  return (
    <section className="container auth">
      <div className="auth__card panel">
        <h1 className="h2">{mode === 'login' ? t('logIn') : t('create')}</h1>
        <p className="muted">
          {mode === 'login' ? t('logInLead') : t('createLead')}
        </p>
        {ready && (
          <OtpAuth
            key={`${mode}-${phone ?? ''}`}
            role="customer"
            mode={mode}
            initialPhone={phone}
            onSwitchMode={switchMode}
            onSignedIn={() => router.replace(nextTarget())}
          />
        )}
      </div>
      <p className="auth__legal muted small center">
        {t('legal')}
      </p>
    </section>
  );
}
