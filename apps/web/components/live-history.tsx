'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { api, isApiError } from '../lib/api';
import { rupees } from '../lib/format';
import { END_REASONS, sessionPath, type LiveSession } from '../lib/sessions';
import { useSession, type Role } from '../lib/session';
import { pageIntlTag } from '../lib/locale';


/** Past and current instant sessions (chat, call, video now) with what each cost: for the customer or the astrologer. */
export function LiveHistory({ role }: { role: Role }) {
  const me = useSession(role);
  const [items, setItems] = useState<LiveSession[]>([]);
  const t = useTranslations('liveHistory');
  const tSession = useTranslations('session');
  const tEnd = useTranslations('endReasons');
  const [cursor, setCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (after: string | null) => {
    try {
      const page = await api<{ items: LiveSession[]; nextCursor: string | null }>(
        `/api/communication/sessions?limit=20${after ? `&cursor=${encodeURIComponent(after)}` : ''}`, { auth: role });
      setItems((list) => (after ? [...list, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (err) {
      setError(isApiError(err) ? err.detail : t('loadError'));
    } finally {
      setLoaded(true);
    }
  }, [role]);

  useEffect(() => { if (me) void load(null); }, [me, load]);
  if (!me || (loaded && !items.length && !error)) return null;

  return (
    <section className="panel stack" aria-labelledby={`live-history-${role}`}>
      <h2 id={`live-history-${role}`} className="h3 panel__title">{t('title')}</h2>
      {error && <p className="alert alert--warning" role="alert">{error}</p>}
      <ul className="live-history">
        {items.map((s) => {
          const other = role === 'customer' ? s.astrologer.name : s.customer.name;
          const live = s.status === 'active' || s.status === 'requested';
          return (
            <li key={s.id} className="live-history__item">
              <div>
                <strong>{tSession(`title.${s.mode}`, { name: other })}</strong>
                <p className="muted small">
                  {new Date(s.requestedAt).toLocaleString(pageIntlTag(), { dateStyle: 'medium', timeStyle: 'short' })} · {t('perMin', { amount: rupees(s.ratePaise) })}
                  {' · '}{live ? t('inProgress') : (s.endReason ?? '') in END_REASONS ? tEnd(s.endReason as 'declined') : s.status}
                </p>
              </div>
              <div className="live-history__amount">
                {s.summary && s.summary.billedMinutes > 0 && (
                  <span>{t('minutes', { minutes: s.summary.billedMinutes })} · {rupees(s.summary.chargedPaise)}{s.summary.promoPaise ? ` ${t('plusFree')}` : ''}</span>
                )}
                <Link className="btn btn--outline btn--sm" href={sessionPath(s.id, role)}>{live ? t('open') : t('details')}</Link>
              </div>
            </li>
          );
        })}
      </ul>
      {cursor && <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load(cursor)}>{t('more')}</button>}
    </section>
  );
}
