import Link from 'next/link';
import { useTranslations } from 'next-intl';

export default function NotFound() {
  const t = useTranslations('notFound');
  return (
    <section className="container narrow">
      <div className="panel center stack">
        <h1 className="h2">{t('title')}</h1>
        <p className="muted">{t('text')}</p>
        <p>
          <Link href="/" className="btn btn--primary">
            {t('browse')}
          </Link>
        </p>
      </div>
    </section>
  );
}
