'use client';

import { useCallback, useEffect, useState } from 'react';
import { AstrologerCard } from '../../components/astrologer-card';
import { ErrorAlert } from '../../components/error-alert';
import { PageLoading, SignInPrompt } from '../../components/sign-in-prompt';
import { api, isApiError, type ApiError } from '../../lib/api';
import { timeAgo } from '../../lib/format';
import { isAdmin, useHydrated, useSession } from '../../lib/session';
import type { Page, PendingAstrologer } from '../../lib/types';

function AdminsOnly() {
  return (
    <div className="panel center stack narrow-box">
      <h1 className="h2">Admins only</h1>
      <p className="muted">This area is for Anytime Pooja administrators. Log in with an admin account to review astrologers.</p>
    </div>
  );
}

function PendingQueue() {
  const [items, setItems] = useState<PendingAstrologer[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [approving, setApproving] = useState<Set<string>>(new Set());
  const [approved, setApproved] = useState<Record<string, string>>({});
  const [rowErrors, setRowErrors] = useState<Record<string, ApiError>>({});

  const load = useCallback(async (after: string | null) => {
    setError(null);
    try {
      const query = new URLSearchParams({ status: 'pending' });
      if (after) query.set('cursor', after);
      const page = await api<Page<PendingAstrologer>>(`/api/astrologer/admin/astrologers?${query}`, { auth: 'customer' });
      setItems((prev) => (after && prev ? [...prev, ...page.items.filter((a) => !prev.some((p) => p.id === a.id))] : page.items));
      setCursor(page.nextCursor ?? null);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    }
  }, []);

  useEffect(() => {
    void load(null);
  }, [load]);

  async function approve(a: PendingAstrologer) {
    setApproving((s) => new Set(s).add(a.id));
    setRowErrors(({ [a.id]: _, ...rest }) => rest);
    try {
      await api<unknown>(`/api/astrologer/admin/astrologers/${encodeURIComponent(a.id)}/approve`, { method: 'POST', auth: 'customer' });
      setApproved((m) => ({ ...m, [a.id]: a.displayName }));
    } catch (err) {
      if (!isApiError(err)) throw err;
      setRowErrors((m) => ({ ...m, [a.id]: err }));
    } finally {
      setApproving((s) => {
        const next = new Set(s);
        next.delete(a.id);
        return next;
      });
    }
  }

  if (error?.status === 403) return <AdminsOnly />;
  const waiting = items?.filter((a) => !approved[a.id]).length ?? 0;

  return (
    <div className="stack-lg">
      <div className="section__head">
        <div>
          <p className="eyebrow">Admin</p>
          <h1 className="h2">Astrologers awaiting approval</h1>
        </div>
        {items && <span className="badge badge--count">{waiting} pending</span>}
      </div>
      {error && (
        <ErrorAlert error={error} title="We couldn't load the queue.">
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load(null)}>
            Try again
          </button>
        </ErrorAlert>
      )}
      {!items && !error && <PageLoading label="Loading pending astrologers…" />}
      {items && items.length === 0 && (
        <div className="panel center empty">
          <h2 className="h3">All caught up</h2>
          <p className="muted">No astrologers are waiting for approval.</p>
        </div>
      )}
      {items && items.length > 0 && (
        <div className="astro-grid">
          {items.map((a) => (
            <AstrologerCard
              key={a.id}
              astrologer={a}
              footer={
                <>
                  <span className="muted small">Applied {timeAgo(a.createdAt)}</span>
                  {approved[a.id] ? (
                    <span className="badge badge--success" role="status">
                      Approved
                    </span>
                  ) : (
                    <button
                      type="button"
                      className="btn btn--primary btn--sm"
                      aria-label={`Approve ${a.displayName}`}
                      disabled={approving.has(a.id)}
                      onClick={() => void approve(a)}
                    >
                      {approving.has(a.id) ? 'Approving…' : 'Approve'}
                    </button>
                  )}
                  {rowErrors[a.id] && <ErrorAlert error={rowErrors[a.id]!} />}
                </>
              }
            />
          ))}
        </div>
      )}
      {cursor && (
        <div className="center">
          <button type="button" className="btn btn--outline" onClick={() => void load(cursor)}>
            Load more
          </button>
        </div>
      )}
    </div>
  );
}

export default function AdminPage() {
  const hydrated = useHydrated();
  const session = useSession('customer');
  let content;
  if (!hydrated) content = <PageLoading />;
  else if (!session) content = <SignInPrompt title="Admins only" text="Log in with an admin account to review astrologers." next="/admin" allowSignup={false} />;
  else if (!isAdmin(session)) content = <AdminsOnly />;
  else content = <PendingQueue />;
  return <section className="container page-top stack-lg">{content}</section>;
}
