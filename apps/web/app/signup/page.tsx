import type { Metadata } from 'next';
import { CustomerAuth } from '../../components/customer-auth';

export const metadata: Metadata = { title: 'Sign up' };

export default function SignupPage() {
  return <CustomerAuth mode="signup" />;
}
