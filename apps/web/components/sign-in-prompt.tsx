import Link from 'next/link';
import { useTranslations } from 'next-intl';

export function SignInPrompt({ title, text, next, allowSignup = true }: { title: string; text: string; next: string; allowSignup?: boolean }) {
  const q = `?next=${encodeURIComponent(next)}`;
  const t = useTranslations('auth');
  return (
    <div className="panel center stack narrow-box">
      <h1 className="h2">{title}</h1>
      <p className="muted">{text}</p>
      <div className="row center-row">
        <Link href={`/login${q}`} className="btn btn--primary">
          {t('logIn')}
        </Link>
        {allowSignup && (
          <Link href={`/signup${q}`} className="btn btn--outline">
            {t('createAccount')}
          </Link>
        )}
      </div>
    </div>
  );
}

export function PageLoading({ label }: { label?: string }) {
  const t = useTranslations('common');
  return (
    <div className="panel center loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden />
      {label ?? t('loading')}
    </div>
  );
}
