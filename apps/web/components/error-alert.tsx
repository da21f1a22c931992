import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import type { ApiError } from '../lib/api';
import { sentence } from '../lib/format';

/** Shows the API's `detail`, and the field messages when the server listed them. */
export function ErrorAlert({
  error,
  title,
  fieldLabels = {},
  labelFor,
  children,
}: {
  error: ApiError;
  title?: string;
  fieldLabels?: Record<string, string>;
  /** Names a nested field path (e.g. "weekly.mon.1") when a flat label per field is not enough. */
  labelFor?: (path: string) => string;
  children?: ReactNode;
}) {
  const t = useTranslations('errors');
  const fieldMessages = error.errors.filter((e) => e.path || e.message);
  // "invalid body: birthLat" says less than the list below it.
  const detail = error.code === 'validation_failed' && fieldMessages.length ? t('checkFields') : sentence(error.detail);
  return (
    <div className="alert alert--error" role="alert">
      {title && <strong className="alert__title">{title}</strong>}
      <span>{detail}</span>
      {fieldMessages.length > 0 && (
        <ul className="alert__list">
          {fieldMessages.map((e, i) => {
            const field = labelFor ? labelFor(e.path) : (fieldLabels[e.path.split('.')[0] ?? ''] ?? e.path);
            return (
              <li key={`${e.path}-${i}`}>
                {field ? <strong>{field}: </strong> : null}
                {e.message}
              </li>
            );
          })}
        </ul>
      )}
      {children}
    </div>
  );
}

export function Notice({ tone = 'info', children }: { tone?: 'info' | 'success' | 'warning'; children: ReactNode }) {
  return (
    <div className={`alert alert--${tone}`} role="status">
      {children}
    </div>
  );
}
