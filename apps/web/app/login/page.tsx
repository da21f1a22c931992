import type { Metadata } from 'next';
import { CustomerAuth } from '../../components/customer-auth';

export const metadata: Metadata = { title: 'Log in' };

export default function LoginPage() {
  return <CustomerAuth mode="login" />;
}
