'use client';

import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { api, isApiError } from '../lib/api';
import { rupees } from '../lib/format';
import { END_REASONS, sessionPath, type LiveSession } from '../lib/sessions';
import { useSession, type Role } from '../lib/session';
import { pageIntlTag } from '../lib/locale';

const MODE = { chat: 'Chat', call: 'Call', video: 'Video call' } as const;

/** Past and current instant sessions (chat, call, video now) with what each cost: for the customer or the astrologer. */
export function LiveHistory({ role }: { role: Role }) {
  const me = useSession(role);
  const [items, setItems] = useState<LiveSession[]>([]);
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
      setError(isApiError(err) ? err.detail : 'Could not load your sessions.');
    } finally {
      setLoaded(true);
    }
  }, [role]);

  useEffect(() => { if (me) void load(null); }, [me, load]);
  if (!me || (loaded && !items.length && !error)) return null;

  return (
    <section className="panel stack" aria-labelledby={`live-history-${role}`}>
      <h2 id={`live-history-${role}`} className="h3 panel__title">Instant sessions</h2>
      {error && <p className="alert alert--warning" role="alert">{error}</p>}
      <ul className="live-history">
        {items.map((s) => {
          const other = role === 'customer' ? s.astrologer.name : s.customer.name;
          const live = s.status === 'active' || s.status === 'requested';
          return (
            <li key={s.id} className="live-history__item">
              <div>
                <strong>{MODE[s.mode]} with {other}</strong>
                <p className="muted small">
                  {new Date(s.requestedAt).toLocaleString(pageIntlTag(), { dateStyle: 'medium', timeStyle: 'short' })} · {rupees(s.ratePaise)}/min
                  {' · '}{live ? 'in progress' : END_REASONS[s.endReason ?? ''] ?? s.status}
                </p>
              </div>
              <div className="live-history__amount">
                {s.summary && s.summary.billedMinutes > 0 && (
                  <span>{s.summary.billedMinutes} min · {rupees(s.summary.chargedPaise)}{s.summary.promoPaise ? ' (+ free minutes)' : ''}</span>
                )}
                <Link className="btn btn--outline btn--sm" href={sessionPath(s.id, role)}>{live ? 'Open' : 'Details'}</Link>
              </div>
            </li>
          );
        })}
      </ul>
      {cursor && <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load(cursor)}>Show more</button>}
    </section>
  );
}
