import Link from 'next/link';

export function SignInPrompt({ title, text, next, allowSignup = true }: { title: string; text: string; next: string; allowSignup?: boolean }) {
  const q = `?next=${encodeURIComponent(next)}`;
  return (
    <div className="panel center stack narrow-box">
      <h1 className="h2">{title}</h1>
      <p className="muted">{text}</p>
      <div className="row center-row">
        <Link href={`/login${q}`} className="btn btn--primary">
          Log in
        </Link>
        {allowSignup && (
          <Link href={`/signup${q}`} className="btn btn--outline">
            Create an account
          </Link>
        )}
      </div>
    </div>
  );
}

export function PageLoading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="panel center loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden />
      {label}
    </div>
  );
}
