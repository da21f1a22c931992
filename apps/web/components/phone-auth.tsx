'use client';

import dynamic from 'next/dynamic';
import type { ComponentProps } from 'react';
import { useAuthConfig } from '../lib/auth-config';
import { OtpAuth } from './otp-auth';

export type { AuthMode } from './otp-auth';

// Only a deployment that signs in with Supabase Auth downloads supabase-js.
const SupabaseOtpAuth = dynamic(() => import('./supabase-otp-auth').then((m) => m.SupabaseOtpAuth), {
  ssr: false,
  loading: () => <div className="stack" aria-busy="true" />,
});

/** Phone sign-in: our OTP API, or Supabase Auth phone OTP when the deployment uses it (read at run time). */
export function PhoneAuth(props: ComponentProps<typeof OtpAuth>) {
  const config = useAuthConfig();
  if (!config) return <div className="stack" aria-busy="true" />;
  return config.provider === 'supabase' ? <SupabaseOtpAuth {...props} /> : <OtpAuth {...props} />;
}
