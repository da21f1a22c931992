'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { AdminPayouts } from '../../components/admin-payouts';
import { profileHref } from '../../components/astrologer-card';
import { AstrologerCard } from '../../components/astrologer-card';
import { ErrorAlert } from '../../components/error-alert';
import { PageLoading, SignInPrompt } from '../../components/sign-in-prompt';
import { api, isApiError, type ApiError } from '../../lib/api';
import { timeAgo } from '../../lib/format';
import { isAdmin, useHydrated, useSession } from '../../lib/session';
import type { Page, PendingAstrologer } from '../../lib/types';

function AdminsOnly() {
  const t = useTranslations('admin');
  return (
    <div className="panel center stack narrow-box">
      <h1 className="h2">{t('adminsOnly')}</h1>
      <p className="muted">{t('adminsOnlyText')}</p>
    </div>
  );
}

/** One page after another of the moderation queue for a status; load(null) starts over, load(cursor) appends. */
function useAstrologersByStatus(status: 'pending' | 'approved') {
  const [items, setItems] = useState<PendingAstrologer[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async (after: string | null) => {
    setError(null);
    try {
      const query = new URLSearchParams({ status });
      if (after) query.set('cursor', after);
      const page = await api<Page<PendingAstrologer>>(`/api/astrologer/admin/astrologers?${query}`, { auth: 'customer' });
      setItems((prev) => (after && prev ? [...prev, ...page.items.filter((a) => !prev.some((p) => p.id === a.id))] : page.items));
      setCursor(page.nextCursor ?? null);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    }
  }, [status]);

  useEffect(() => {
    void load(null);
  }, [load]);

  return { items, setItems, cursor, error, load };
}

function PendingQueue() {
  const { items, setItems, cursor, error, load } = useAstrologersByStatus('pending');
  const [approving, setApproving] = useState<Set<string>>(new Set());
  const [approved, setApproved] = useState<Record<string, string>>({});
  const [rowErrors, setRowErrors] = useState<Record<string, ApiError>>({});
  const t = useTranslations('admin');

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
        <h2 className="h3 section-heading">{t('pendingTitle')}</h2>
        {items && <span className="badge badge--count">{t('pendingCount', { count: waiting })}</span>}
      </div>
      {error && (
        <ErrorAlert error={error} title={t('queueError')}>
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load(null)}>
            {t('retry')}
          </button>
        </ErrorAlert>
      )}
      {!items && !error && <PageLoading label={t('loadingPending')} />}
      {items && items.length === 0 && (
        <div className="panel center empty">
          <h2 className="h3">{t('caughtUp')}</h2>
          <p className="muted">{t('caughtUpText')}</p>
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
                  <span className="muted small">{t('applied', { ago: timeAgo(a.createdAt) })}</span>
                  {approved[a.id] ? (
                    <span className="badge badge--success" role="status">
                      {t('approved')}
                    </span>
                  ) : (
                    <button
                      type="button"
                      className="btn btn--primary btn--sm"
                      aria-label={t('approveName', { name: a.displayName })}
                      disabled={approving.has(a.id)}
                      onClick={() => void approve(a)}
                    >
                      {approving.has(a.id) ? t('approving') : t('approve')}
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
            {t('loadMore')}
          </button>
        </div>
      )}
    </div>
  );
}

type RowAction = 'verify' | 'unverify' | 'suspend';

/** Approved astrologers: grant or withdraw the verified badge, or suspend (asks for a second tap). */
function ApprovedList() {
  const { items, setItems, cursor, error, load } = useAstrologersByStatus('approved');
  const [working, setWorking] = useState<Record<string, RowAction>>({});
  const [confirming, setConfirming] = useState<string | null>(null);
  const [rowErrors, setRowErrors] = useState<Record<string, ApiError>>({});
  const t = useTranslations('admin');

  async function act(a: PendingAstrologer, action: RowAction) {
    setWorking((m) => ({ ...m, [a.id]: action }));
    setRowErrors(({ [a.id]: _, ...rest }) => rest);
    try {
      const base = `/api/astrologer/admin/astrologers/${encodeURIComponent(a.id)}`;
      const updated =
        action === 'suspend'
          ? await api<PendingAstrologer>(`${base}/suspend`, { method: 'POST', auth: 'customer' })
          : await api<PendingAstrologer>(`${base}/verify`, { method: 'POST', auth: 'customer', body: { verified: action === 'verify' } });
      setItems((list) => list?.map((x) => (x.id === a.id ? { ...x, ...updated } : x)) ?? list);
      setConfirming(null);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setRowErrors((m) => ({ ...m, [a.id]: err }));
    } finally {
      setWorking(({ [a.id]: _, ...rest }) => rest);
    }
  }

  if (error?.status === 403) return <AdminsOnly />;
  const active = items?.filter((a) => a.status === 'approved').length ?? 0;

  return (
    <div className="stack-lg">
      <div className="section__head">
        <h2 className="h3 section-heading">{t('approvedTitle')}</h2>
        {items && (
          <span className="badge badge--count">
            {t('liveCount', { count: active, more: cursor ? '+' : '' })}
          </span>
        )}
      </div>
      {error && (
        <ErrorAlert error={error} title={t('approvedError')}>
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load(null)}>
            {t('retry')}
          </button>
        </ErrorAlert>
      )}
      {!items && !error && <PageLoading label={t('loadingApproved')} />}
      {items && items.length === 0 && (
        <div className="panel center empty">
          <h2 className="h3">{t('noApproved')}</h2>
          <p className="muted">{t('noApprovedText')}</p>
        </div>
      )}
      {items && items.length > 0 && (
        <div className="astro-grid">
          {items.map((a) => {
            const busy = working[a.id];
            const suspended = a.status === 'suspended';
            return (
              <AstrologerCard
                key={a.id}
                astrologer={a}
                href={suspended ? undefined : profileHref(a.id)}
                footer={
                  suspended ? (
                    <>
                      <span className="muted small">{t('hidden')}</span>
                      <span className="badge badge--danger" role="status">
                        {t('suspended')}
                      </span>
                    </>
                  ) : (
                    <>
                      <button
                        type="button"
                        className={`btn btn--sm ${a.verified ? 'btn--ghost' : 'btn--outline'}`}
                        aria-label={t(a.verified ? 'unverifyName' : 'verifyName', { name: a.displayName })}
                        disabled={!!busy}
                        onClick={() => void act(a, a.verified ? 'unverify' : 'verify')}
                      >
                        {busy === 'verify' || busy === 'unverify' ? t('saving') : a.verified ? t('unverify') : t('verify')}
                      </button>
                      {confirming === a.id ? (
                        <span className="row confirm-row">
                          <button
                            type="button"
                            className="btn btn--danger btn--sm"
                            aria-label={t('confirmSuspendName', { name: a.displayName })}
                            disabled={!!busy}
                            onClick={() => void act(a, 'suspend')}
                          >
                            {busy === 'suspend' ? t('suspending') : t('confirmSuspend')}
                          </button>
                          <button type="button" className="link-button small" onClick={() => setConfirming(null)}>
                            {t('cancel')}
                          </button>
                        </span>
                      ) : (
                        <button
                          type="button"
                          className="btn btn--ghost btn--sm btn--danger-text"
                          aria-label={t('suspendName', { name: a.displayName })}
                          disabled={!!busy}
                          onClick={() => setConfirming(a.id)}
                        >
                          {t('suspend')}
                        </button>
                      )}
                    </>
                  )
                }
              />
            );
          })}
        </div>
      )}
      {items &&
        Object.entries(rowErrors).map(([id, err]) => (
          <ErrorAlert key={id} error={err} title={t('updateError', { name: items.find((a) => a.id === id)?.displayName ?? t('theAstrologer') })} />
        ))}
      {cursor && (
        <div className="center">
          <button type="button" className="btn btn--outline" onClick={() => void load(cursor)}>
            {t('loadMore')}
          </button>
        </div>
      )}
    </div>
  );
}

function AdminConsole() {
  const [tab, setTab] = useState<'pending' | 'approved' | 'payouts'>('pending');
  const t = useTranslations('admin');
  return (
    <div className="stack-lg">
      <div>
        <p className="eyebrow">{t('eyebrow')}</p>
        <h1 className="h2">{t('title')}</h1>
        <Link href="/admin/metrics" className="small">{t('metricsLink')}</Link>
        {' · '}<Link href="/admin/disputes" className="small">{t('disputesLink')}</Link>
      </div>
      <div className="tabs tabs--inline" role="tablist" aria-label={t('tabsLabel')}>
        <button type="button" role="tab" id="tab-pending" aria-controls="panel-pending" aria-selected={tab === 'pending'} className="tabs__tab" onClick={() => setTab('pending')}>
          {t('tabPending')}
        </button>
        <button type="button" role="tab" id="tab-approved" aria-controls="panel-approved" aria-selected={tab === 'approved'} className="tabs__tab" onClick={() => setTab('approved')}>
          {t('tabApproved')}
        </button>
        <button type="button" role="tab" id="tab-payouts" aria-controls="panel-payouts" aria-selected={tab === 'payouts'} className="tabs__tab" onClick={() => setTab('payouts')}>
          {t('tabPayouts')}
        </button>
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'pending' ? <PendingQueue /> : tab === 'approved' ? <ApprovedList /> : <AdminPayouts />}
      </div>
    </div>
  );
}

export default function AdminPage() {
  const hydrated = useHydrated();
  const session = useSession('customer');
  const t = useTranslations('admin');
  let content;
  if (!hydrated) content = <PageLoading />;
  else if (!session) content = <SignInPrompt title={t('adminsOnly')} text={t('signIn')} next="/admin" allowSignup={false} />;
  else if (!isAdmin(session)) content = <AdminsOnly />;
  else content = <AdminConsole />;
  return <section className="container page-top stack-lg">{content}</section>;
}
