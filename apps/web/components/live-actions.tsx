'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useState, type ReactNode } from 'react';
import { isApiError, type ApiError } from '../lib/api';
import { rupees } from '../lib/format';
import { END_REASONS, sessionPath, sessionsApi, type LiveSession, type SessionMode } from '../lib/sessions';
import { useSession } from '../lib/session';
import { onSessionUpdate } from './live-provider';
import { CallIcon, ChatIcon, VideoIcon } from './icons';

const MODES: { mode: SessionMode; label: 'chatNow' | 'callNow' | 'videoCall'; icon: ReactNode }[] = [
  { mode: 'chat', label: 'chatNow', icon: <ChatIcon /> },
  { mode: 'call', label: 'callNow', icon: <CallIcon /> },
  { mode: 'video', label: 'videoCall', icon: <VideoIcon /> },
];

type Problem = { kind: 'balance'; shortfall: number; minutes: number } | { kind: 'busy'; mode: SessionMode } | { kind: 'other'; message: string };

/**
 * "Chat now / Call now / Video call" for an online astrologer: asks for the session, waits for the astrologer's
 * answer (live, with the time left), then opens the session. Explains a short balance (and how much to add), a
 * busy astrologer (with a waitlist) or an offline one.
 */
export function LiveActions({ astrologerId, name, presence, prices }: {
  astrologerId: string;
  name: string;
  presence: 'online' | 'busy' | 'offline';
  prices: Record<SessionMode, number | null>;
}) {
  const router = useRouter();
  const t = useTranslations('live');
  const tEnd = useTranslations('endReasons');
  const customer = useSession('customer');
  const [pending, setPending] = useState<(LiveSession & { receivedAt: number }) | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [ended, setEnded] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const [waitlisted, setWaitlisted] = useState(false);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => onSessionUpdate(({ session }) => {
    if (session.astrologer.id !== astrologerId || session.customer.id !== customer?.user.id) return;
    if (session.status === 'requested') setPending({ ...session, receivedAt: Date.now() });
    else if (session.status === 'active') router.push(sessionPath(session.id, 'customer'));
    else { setPending(null); const reason = session.endReason ?? '';
      setEnded(reason in END_REASONS ? tEnd(reason as 'declined') : t('requestEnded')); }
  }), [astrologerId, customer?.user.id, router, t, tEnd]);

  useEffect(() => {
    if (!pending) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [pending]);

  const offered = MODES.filter((m) => (prices[m.mode] ?? 0) > 0);
  if (!offered.length) return null;

  async function start(mode: SessionMode) {
    setWorking(true);
    setProblem(null);
    setEnded(null);
    try {
      const s = await sessionsApi.request(astrologerId, mode);
      setPending({ ...s, receivedAt: Date.now() });
    } catch (err) {
      const e = err as ApiError;
      if (isApiError(e) && e.code === 'insufficient_balance') setProblem({ kind: 'balance', shortfall: Number(e.body.shortfallPaise ?? 0), minutes: Number(e.body.minutes ?? 5) });
      else if (isApiError(e) && e.code === 'astrologer_busy') setProblem({ kind: 'busy', mode });
      else if (isApiError(e) && e.code === 'session_already_open' && typeof e.body.sessionId === 'string') router.push(sessionPath(e.body.sessionId, 'customer'));
      else setProblem({ kind: 'other', message: isApiError(e) ? e.detail : t('unreachable') });
    } finally {
      setWorking(false);
    }
  }

  async function withdraw() {
    if (!pending) return;
    await sessionsApi.end(pending.id, 'customer').catch(() => undefined);
    setPending(null);
  }

  async function joinWaitlist(mode: SessionMode) {
    await sessionsApi.waitlist(astrologerId, mode).then(() => setWaitlisted(true), () => undefined);
  }

  if (!customer) {
    return (
      <p className="small">
        <Link className="btn btn--primary btn--block" href={`/login?next=/astrologers/${astrologerId}`}>{t('signIn', { name })}</Link>
      </p>
    );
  }

  const left = pending?.expiresAt ? Math.max(0, Math.ceil((Date.parse(pending.expiresAt) - Date.parse(pending.serverTime) - (now - pending.receivedAt)) / 1000)) : null;
  return (
    <div className="live-actions stack-sm">
      {pending ? (
        <div className="live-waiting" role="status" aria-live="polite">
          <p><strong>{t('waiting', { name })}</strong></p>
          <p className="muted small">{left !== null ? `${t('secondsLeft', { seconds: left })} ` : ''}{t('noCharge')}</p>
          <button type="button" className="btn btn--outline btn--sm" onClick={() => void withdraw()}>{t('cancelRequest')}</button>
        </div>
      ) : presence === 'online' ? (
        <div className="live-actions__buttons">
          {offered.map((m) => (
            <button key={m.mode} type="button" className="btn btn--primary btn--block" disabled={working} onClick={() => void start(m.mode)}>
              {m.icon} {t(m.label)} · {t('perMin', { amount: rupees(prices[m.mode]) })}
            </button>
          ))}
        </div>
      ) : presence === 'busy' ? (
        <Waitlist name={name} done={waitlisted} onJoin={() => void joinWaitlist(offered[0]!.mode)} />
      ) : null /* offline: the panel already says so, and the slots below can be booked */}
      {ended && <p className="alert alert--info" role="status">{ended}</p>}
      {problem?.kind === 'balance' && (
        <div className="alert alert--warning" role="alert">
          {t('needBalance', { minutes: problem.minutes, amount: rupees(problem.shortfall) })}{' '}
          <Link href="/wallet">{t('recharge')}</Link>
        </div>
      )}
      {problem?.kind === 'busy' && <Waitlist name={name} done={waitlisted} onJoin={() => void joinWaitlist(problem.mode)} />}
      {problem?.kind === 'other' && <p className="alert alert--warning" role="alert">{problem.message}</p>}
    </div>
  );
}

function Waitlist({ name, done, onJoin }: { name: string; done: boolean; onJoin: () => void }) {
  const t = useTranslations('live');
  return done ? (
    <p className="alert alert--success" role="status">{t('onWaitlist', { name })}</p>
  ) : (
    <p className="small">
      {t('inAnother', { name })}{' '}
      <button type="button" className="btn btn--outline btn--sm" onClick={onJoin}>{t('notifyMe')}</button>
    </p>
  );
}
