import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { CustomerAuth } from '../../components/customer-auth';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('login') };
}

export default function LoginPage() {
  return <CustomerAuth mode="login" />;
}
