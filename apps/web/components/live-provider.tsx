'use client';

import { useTranslations } from 'next-intl';
import { usePathname, useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import { isApiError } from '../lib/api';
import { rupees } from '../lib/format';
import { liveSocket } from '../lib/live';
import { onLiveNotification, type AppNotification } from '../lib/notifications';
import { sessionPath, sessionsApi, type LiveSession } from '../lib/sessions';
import { useSession, type Role } from '../lib/session';

const LIVE_EVENT = 'ap:session-update';

/** Components listen for session changes the live channel brought (request accepted, meter started, ended …). */
export function onSessionUpdate(handler: (e: { session: LiveSession; warning?: { secondsLeft: number } }) => void): () => void {
  const listener = (ev: Event) => handler((ev as CustomEvent).detail);
  window.addEventListener(LIVE_EVENT, listener);
  return () => window.removeEventListener(LIVE_EVENT, listener);
}

/** A short two-tone chime (no audio file to load), for an incoming request. */
function chime() {
  try {
    const ctx = new AudioContext();
    [880, 660].forEach((hz, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0.15, ctx.currentTime + i * 0.25);
      gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + i * 0.25 + 0.4);
      osc.connect(gain).connect(ctx.destination);
      osc.start(ctx.currentTime + i * 0.25);
      osc.stop(ctx.currentTime + i * 0.25 + 0.45);
    });
  } catch {
    // No audio before the first user gesture: the visible prompt and the browser notification still show.
  }
}

function useRoleSocket(role: Role, signedIn: boolean, onSession: (s: LiveSession, warning?: { secondsLeft: number }) => void) {
  const handler = useRef(onSession);
  handler.current = onSession;
  useEffect(() => {
    if (!signedIn) return;
    let socket: Socket | null = null;
    let cancelled = false;
    const onUpdate = (e: { session: LiveSession; warning?: { secondsLeft: number } }) => {
      window.dispatchEvent(new CustomEvent(LIVE_EVENT, { detail: e }));
      handler.current(e.session, e.warning);
    };
    const onNotification = (n: AppNotification) => onLiveNotification(n);
    void liveSocket(role).then((s) => {
      if (cancelled) return;
      socket = s;
      s.on('session:update', onUpdate);
      s.on('notification', onNotification);
    });
    return () => {
      cancelled = true;
      socket?.off('session:update', onUpdate);
      socket?.off('notification', onNotification);
    };
  }, [role, signedIn]);
}

/**
 * The live channel for whoever is signed in, on every page: an astrologer hears and sees incoming requests and
 * answers them from anywhere; a customer is taken into the session the moment it is accepted.
 */
export function LiveProvider() {
  const router = useRouter();
  const pathname = usePathname();
  const customer = useSession('customer');
  const astrologer = useSession('astrologer');
  const [incoming, setIncoming] = useState<(LiveSession & { receivedAt: number })[]>([]);
  const t = useTranslations('liveRequests');
  const [now, setNow] = useState(() => Date.now());
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useRoleSocket('customer', !!customer, (s) => {
    if (s.customer.id !== customer?.user.id) return;
    if (s.status === 'active' && !s.billing.startedAt && !pathname.startsWith(`/session/${s.id}`)) router.push(sessionPath(s.id, 'customer'));
  });

  useRoleSocket('astrologer', !!astrologer, (s) => {
    if (s.astrologer.id !== astrologer?.user.id) return;
    setIncoming((list) => {
      const rest = list.filter((x) => x.id !== s.id);
      if (s.status !== 'requested') return rest;
      if (!list.some((x) => x.id === s.id)) {
        chime();
        if ('Notification' in window && Notification.permission === 'granted' && document.hidden) {
          new Notification(t(`wants.${s.mode}`, { name: s.customer.name }), { body: t('perMin', { amount: rupees(s.ratePaise) }), tag: s.id });
        }
      }
      return [...rest, { ...s, receivedAt: Date.now() }];
    });
  });

  // Requests that arrived before this page loaded.
  useEffect(() => {
    if (!astrologer) return;
    sessionsApi.open('astrologer').then((r) => setIncoming(r.items.filter((s) => s.status === 'requested' && s.astrologer.id === astrologer.user.id).map((s) => ({ ...s, receivedAt: Date.now() }))), () => undefined);
  }, [astrologer]);

  useEffect(() => {
    if (!incoming.length) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [incoming.length]);

  const answer = useCallback(async (s: LiveSession, accept: boolean) => {
    setBusy(s.id);
    setError(null);
    try {
      const next = accept ? await sessionsApi.accept(s.id) : await sessionsApi.decline(s.id);
      setIncoming((list) => list.filter((x) => x.id !== s.id));
      if (accept && next.status === 'active') router.push(sessionPath(s.id, 'astrologer'));
    } catch (err) {
      setError(isApiError(err) ? err.detail : t('answerError'));
      setIncoming((list) => list.filter((x) => x.id !== s.id));
    } finally {
      setBusy(null);
    }
  }, [router, t]);

  // Seconds left on the server's clock: what was left when the update was sent, minus the time since it arrived.
  const secondsLeft = (s: LiveSession & { receivedAt: number }) =>
    s.expiresAt ? Math.max(0, Math.ceil((Date.parse(s.expiresAt) - Date.parse(s.serverTime) - (now - s.receivedAt)) / 1000)) : null;
  const visible = incoming.filter((s) => secondsLeft(s) !== 0);
  if (!visible.length && !error) return null;
  return (
    <div className="live-requests" role="region" aria-label={t('label')}>
      {error && <div className="alert alert--warning" role="alert">{error}</div>}
      {visible.map((s) => {
        const left = secondsLeft(s);
        return (
          <div key={s.id} className="live-request" role="alertdialog" aria-labelledby={`req-${s.id}`}>
            <p id={`req-${s.id}`} className="live-request__title">
              {t.rich(`wantsRich.${s.mode}`, { name: s.customer.name, strong: (c) => <strong>{c}</strong> })}
            </p>
            <p className="muted small">
              {t('perMin', { amount: rupees(s.ratePaise) })}{s.billing.freeMinutes ? ` · ${t('free', { minutes: s.billing.freeMinutes })}` : ''}
              {left !== null ? ` · ${t('left', { seconds: left })}` : ''}
            </p>
            <div className="row">
              <button type="button" className="btn btn--primary btn--sm" disabled={busy === s.id} onClick={() => void answer(s, true)}>{t('accept')}</button>
              <button type="button" className="btn btn--outline btn--sm" disabled={busy === s.id} onClick={() => void answer(s, false)}>{t('decline')}</button>
            </div>
          </div>
        );
      })}
    </div>
  );
}
