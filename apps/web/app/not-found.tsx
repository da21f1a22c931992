import Link from 'next/link';

export default function NotFound() {
  return (
    <section className="container narrow">
      <div className="panel center stack">
        <h1 className="h2">Page not found</h1>
        <p className="muted">The page you are looking for has moved or never existed.</p>
        <p>
          <Link href="/" className="btn btn--primary">
            Browse astrologers
          </Link>
        </p>
      </div>
    </section>
  );
}
