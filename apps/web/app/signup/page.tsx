import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { CustomerAuth } from '../../components/customer-auth';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('signup') };
}

export default function SignupPage() {
  return <CustomerAuth mode="signup" />;
}
