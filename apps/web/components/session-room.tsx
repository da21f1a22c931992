'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import { isApiError } from '../lib/api';
import { rupees } from '../lib/format';
import { emitUntilAcked, liveSocket } from '../lib/live';
import {
  END_REASONS, billedMsNow, formatClock, sessionsApi, startedMinutes, type ChatMessage, type LiveSession,
} from '../lib/sessions';
import { useSession, type Role } from '../lib/session';
import { api, apiBlob } from '../lib/api';
import { fetchBalance, newIdempotencyKey, type RechargeOrder } from '../lib/wallet';
import { chartToShare, forgetChartToShare } from '../lib/chart-share';
import { CallPanel } from './call-panel';
import { DisputeForm } from './dispute-form';
import { ReviewForm } from './review-form';
import { pageIntlTag } from '../lib/locale';

type Shown = ChatMessage & { pending?: boolean; failed?: boolean };

const newMsgId = () => `m-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * A live session for either party: the chat (stored before it shows as sent, retried until acknowledged, caught
 * up by cursor after a reconnect, with typing and read receipts), the call or video, the meter on the server's
 * clock with the running cost, a low-balance warning with a top-up that keeps the session going, and the summary.
 */
export function SessionRoom({ id, role }: { id: string; role: Role }) {
  const me = useSession(role);
  const [session, setSession] = useState<LiveSession | null>(null);
  const [receivedAt, setReceivedAt] = useState(() => Date.now());
  const [messages, setMessages] = useState<Shown[]>([]);
  const [socket, setSocket] = useState<Socket | null>(null);
  const [typing, setTyping] = useState(false);
  const [otherOnline, setOtherOnline] = useState<boolean | null>(null);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const t = useTranslations('session');
  const tEnd = useTranslations('endReasons');
  const [warning, setWarning] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const [reviewed, setReviewed] = useState(false);
  const [dispute, setDispute] = useState<'closed' | 'open' | 'sent'>('closed');
  const [chart, setChart] = useState<{ name: string; text: string } | null>(null);
  useEffect(() => { if (role === 'customer') setChart(chartToShare()); }, [role]);
  const cursor = useRef<string | undefined>(undefined);
  const listRef = useRef<HTMLOListElement>(null);
  const typingSent = useRef(0);

  const apply = useCallback((s: LiveSession) => {
    if (s.id !== id) return;
    setSession(s);
    setReceivedAt(Date.now());
  }, [id]);

  const merge = useCallback((incoming: ChatMessage[]) => {
    setMessages((list) => {
      const byClient = new Map(list.map((m) => [`${m.senderId}:${m.clientMsgId}`, m]));
      for (const m of incoming) byClient.set(`${m.senderId}:${m.clientMsgId}`, m);
      return [...byClient.values()].sort((a, b) => (a.seq || Number.MAX_SAFE_INTEGER) - (b.seq || Number.MAX_SAFE_INTEGER));
    });
  }, []);

  const catchUp = useCallback(async () => {
    for (;;) {
      const page = await sessionsApi.history(id, role, cursor.current);
      merge(page.items);
      cursor.current = page.cursor;
      if (!page.hasMore) break;
    }
  }, [id, role, merge]);

  useEffect(() => {
    if (!me) return;
    sessionsApi.get(id, role).then(apply, (err) => setError(isApiError(err) ? err.detail : t('loadError')));
    void catchUp().catch(() => undefined);
  }, [me, id, role, apply, catchUp]);

  // The live channel: join the room (again after every reconnect) and catch up on what was missed meanwhile.
  useEffect(() => {
    if (!me) return;
    let s: Socket | null = null;
    let cancelled = false;
    const join = () => {
      void s?.timeout(5_000).emitWithAck('session:join', { consultationId: id }).catch(() => undefined);
      void catchUp().catch(() => undefined);
      sessionsApi.get(id, role).then(apply, () => undefined);
    };
    const onMessage = (m: ChatMessage) => { if (m.consultationId === id) merge([m]); };
    const onTyping = (e: { consultationId: string; typing: boolean }) => { if (e.consultationId === id) setTyping(e.typing); };
    const onRead = (e: { consultationId: string; readerId: string; upToSeq: number; readAt: string }) => {
      if (e.consultationId !== id) return;
      setMessages((list) => list.map((m) => (m.senderId !== e.readerId && m.seq <= e.upToSeq && !m.readAt ? { ...m, readAt: e.readAt } : m)));
    };
    const onUpdate = (e: { session: LiveSession; warning?: { secondsLeft: number } }) => {
      if (e.session.id !== id) return;
      apply(e.session);
      if (e.warning) setWarning(true);
    };
    const onPresence = (e: { consultationId: string; userId: string; online: boolean }) => { if (e.consultationId === id && e.userId !== me.user.id) setOtherOnline(e.online); };
    void liveSocket(role).then((sock) => {
      if (cancelled) return;
      s = sock;
      setSocket(sock);
      sock.on('connect', join);
      sock.on('chat:message', onMessage);
      sock.on('chat:typing', onTyping);
      sock.on('chat:read', onRead);
      sock.on('session:update', onUpdate);
      sock.on('presence', onPresence);
      if (sock.connected) join();
    });
    return () => {
      cancelled = true;
      s?.off('connect', join);
      s?.off('chat:message', onMessage);
      s?.off('chat:typing', onTyping);
      s?.off('chat:read', onRead);
      s?.off('session:update', onUpdate);
      s?.off('presence', onPresence);
      s?.emit('session:leave', { consultationId: id });
    };
  }, [me, id, role, apply, merge, catchUp]);

  // Read receipts for what is on screen.
  const lastFromOther = useMemo(() => [...messages].reverse().find((m) => m.senderId !== me?.user.id && m.seq && !m.readAt), [messages, me]);
  useEffect(() => {
    if (!socket || !lastFromOther || document.hidden) return;
    void socket.timeout(5_000).emitWithAck('chat:read', { consultationId: id, upToSeq: lastFromOther.seq }).catch(() => undefined);
    setMessages((list) => list.map((m) => (m.senderId !== me?.user.id && m.seq <= lastFromOther.seq && !m.readAt ? { ...m, readAt: new Date().toISOString() } : m)));
  }, [socket, lastFromOther, id, me]);

  useEffect(() => { listRef.current?.lastElementChild?.scrollIntoView({ block: 'end' }); }, [messages.length, typing]);

  const live = session?.status === 'active';
  useEffect(() => {
    if (!live) return;
    const t = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(t);
  }, [live]);

  async function send(e: React.FormEvent | null, text?: string) {
    e?.preventDefault();
    const body = (text ?? draft).trim();
    if (!body || !socket || !me) return;
    const clientMsgId = newMsgId();
    const local: Shown = {
      id: clientMsgId, seq: 0, consultationId: id, senderId: me.user.id, senderRole: role, clientMsgId, kind: 'text', body,
      attachment: null, masked: false, readAt: null, createdAt: new Date().toISOString(), pending: true,
    };
    setMessages((list) => [...list, local]);
    if (text === undefined) setDraft('');
    try {
      const ack = await emitUntilAcked(socket, 'chat:send', { consultationId: id, clientMsgId, body });
      if (ack.ok) merge([ack.message as ChatMessage]);
      else {
        setMessages((list) => list.map((m) => (m.clientMsgId === clientMsgId ? { ...m, pending: false, failed: true } : m)));
        setError(ack.error?.message ?? t('notSent'));
      }
    } catch {
      setMessages((list) => list.map((m) => (m.clientMsgId === clientMsgId ? { ...m, pending: false, failed: true } : m)));
    }
  }

  async function attach(file: File) {
    if (!me) return;
    if (file.size > 5 * 1024 * 1024) { setError(t('tooBig')); return; }
    const clientMsgId = newMsgId();
    try {
      const res = await api<{ message: ChatMessage }>(
        `/api/communication/chat/${id}/attachments?${new URLSearchParams({ clientMsgId, name: file.name.slice(0, 200) })}`,
        { method: 'POST', auth: role, rawBody: file, headers: { 'content-type': file.type || 'application/octet-stream' } });
      merge([res.message]);
    } catch (err) {
      setError(isApiError(err) ? err.detail : t('fileNotSent'));
    }
  }

  function onDraft(value: string) {
    setDraft(value);
    if (socket && Date.now() - typingSent.current > 2_000) {
      typingSent.current = Date.now();
      socket.emit('chat:typing', { consultationId: id, typing: true });
      setTimeout(() => socket.emit('chat:typing', { consultationId: id, typing: false }), 3_000);
    }
  }

  async function end() {
    try {
      apply(await sessionsApi.end(id, role));
    } catch (err) {
      setError(isApiError(err) ? err.detail : t('endError'));
    }
  }

  async function extend() {
    try {
      apply(await sessionsApi.extend(id));
      setWarning(false);
    } catch (err) {
      setError(isApiError(err) ? err.detail : t('extendError'));
    }
  }

  if (!me) return <section className="container page-top"><p>{t.rich('signIn', { link: (c) => <Link href="/login">{c}</Link> })}</p></section>;
  if (!session) return <section className="container page-top"><p className="muted">{error ?? t('loading')}</p></section>;

  const other = role === 'customer' ? session.astrologer.name : session.customer.name;
  const billed = billedMsNow(session, receivedAt, Math.max(now, receivedAt));
  const minutes = startedMinutes(billed);
  const leftMs = session.billing.deadlineAt ? Date.parse(session.billing.deadlineAt) - Date.parse(session.serverTime) - (now - receivedAt) : null;
  const lowBalance = role === 'customer' && live && (warning || (leftMs !== null && leftMs <= 60_000));
  const chatOpen = live && session.mode === 'chat';
  const ended = !['requested', 'active'].includes(session.status);

  return (
    <section className="container page-top session-room">
      <header className="session-room__head panel">
        <div>
          <h1 className="h3">{t(`title.${session.mode}`, { name: other })}</h1>
          <p className="muted small">
            {t('perMin', { amount: rupees(session.ratePaise) })}{session.billing.freeMinutes ? ` · ${t('free', { minutes: session.billing.freeMinutes })}` : ''}
            {otherOnline === false ? ` · ${t('away', { name: other })}` : ''}
          </p>
        </div>
        {live && (
          <div className="session-meter" aria-live="off">
            <span className="session-meter__clock" data-testid="meter">{formatClock(billed)}</span>
            <span className="session-meter__cost" data-testid="running-cost">{rupees(minutes * session.ratePaise)}</span>
            <span className="muted small">{session.billing.running ? t('billing') : session.billing.startedAt ? t('paused') : session.mode === 'chat' ? t('startsReply') : t('startsConnected')}</span>
          </div>
        )}
        {live && <button type="button" className="btn btn--danger" onClick={() => void end()}>{t('end')}</button>}
      </header>

      {lowBalance && <TopUp ratePaise={session.ratePaise} onFunded={() => void extend()} />}
      {error && <p className="alert alert--warning" role="alert">{error}</p>}
      {session.status === 'requested' && <p className="alert alert--info">{t('waiting', { name: other })}</p>}

      {live && session.mode !== 'chat' && socket && (
        <CallPanel sessionId={id} role={role} video={session.mode === 'video'} socket={socket} onEnd={() => void end()} />
      )}

      {(session.mode === 'chat' || messages.length > 0) && (
        <div className="chat panel">
          <ol className="chat__list" ref={listRef} aria-label={t('messages')}>
            {messages.map((m) => {
              const mine = m.senderId === me.user.id;
              return (
                <li key={`${m.senderId}:${m.clientMsgId}`} className={`chat__msg${mine ? ' chat__msg--mine' : ''}`} data-testid="chat-message">
                  {m.body && <p className="chat__body">{m.body}</p>}
                  {m.attachment && <Attachment attachment={m.attachment} role={role} />}
                  {m.masked && <p className="chat__note small">{mine ? t('maskedMine') : t('masked')}</p>}
                  <span className="chat__meta small">
                    {new Date(m.createdAt).toLocaleTimeString(pageIntlTag(), { hour: '2-digit', minute: '2-digit' })}
                    {mine && <span className="chat__tick" data-testid="tick">{m.failed ? ` · ${t('tickFailed')}` : m.pending ? ` · ${t('tickSending')}` : m.readAt ? ` ✓✓ ${t('tickRead')}` : ` ✓ ${t('tickSent')}`}</span>}
                  </span>
                </li>
              );
            })}
            {typing && chatOpen && <li className="chat__typing muted small" data-testid="typing">{t('typing', { name: other })}</li>}
          </ol>
              {chatOpen && chart && (
            <div className="chat__share">
              <span>{t('shareChart', { chart: chart.name, name: other })}</span>
              <button type="button" className="btn btn--saffron btn--sm" onClick={() => { void send(null, chart.text); forgetChartToShare(); setChart(null); }}>{t('share')}</button>
              <button type="button" className="link-button small" onClick={() => { forgetChartToShare(); setChart(null); }}>{t('notNow')}</button>
            </div>
          )}
      {chatOpen && (
            <form className="chat__form" onSubmit={(e) => void send(e)}>
              <label className="visually-hidden" htmlFor="chat-input">{t('message')}</label>
              <input id="chat-input" className="input" value={draft} maxLength={2000} autoComplete="off" placeholder={t('typeMessage')} onChange={(e) => onDraft(e.target.value)} />
              <label className="btn btn--ghost chat__attach" title={t('attachTitle')}>
                <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true"><path d="M21.44 11.05l-9.19 9.19a6 6 0 0 1-8.49-8.49l9.19-9.19a4 4 0 0 1 5.66 5.66l-9.2 9.19a2 2 0 0 1-2.83-2.83l8.49-8.48" /></svg>
                <span className="visually-hidden">{t('attach')}</span>
                <input type="file" accept="image/jpeg,image/png,image/webp,application/pdf" className="visually-hidden"
                  onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void attach(f); }} />
              </label>
              <button type="submit" className="btn btn--primary" disabled={!draft.trim()}>{t('send')}</button>
            </form>
          )}
        </div>
      )}

      {ended && (
        <div className="panel session-summary" data-testid="session-summary">
          <h2 className="h3">{t('summary')}</h2>
          <p>{(session.endReason ?? '') in END_REASONS ? tEnd(session.endReason as 'declined') : t('status', { status: session.status })}.</p>
          {session.summary && (
            <dl className="session-summary__figures">
              <div><dt>{t('minutesBilled')}</dt><dd data-testid="summary-minutes">{session.summary.billedMinutes}</dd></div>
              <div><dt>{role === 'customer' ? t('chargedYou') : t('chargedCustomer')}</dt><dd data-testid="summary-charged">{rupees(session.summary.chargedPaise)}</dd></div>
              {session.summary.promoPaise > 0 && <div><dt>{t('freeMinutes')}</dt><dd>{rupees(session.summary.promoPaise)}</dd></div>}
            </dl>
          )}
          <p className="muted small">{t('everyMinute', { amount: rupees(session.ratePaise) })}</p>
          {role === 'customer' && session.status === 'completed' && !reviewed && (
            <ReviewForm consultationId={id} astrologerName={session.astrologer.name} onSaved={() => setReviewed(true)} />
          )}
          {reviewed && <p className="alert alert--success" role="status">{t('thanks', { name: session.astrologer.name })}</p>}
          {role === 'customer' && dispute === 'closed' && (
            <p><button type="button" className="link-button small" onClick={() => setDispute('open')}>{t('report')}</button></p>
          )}
          {role === 'customer' && dispute === 'open' && <DisputeForm consultationId={id} onSaved={() => setDispute('sent')} onCancel={() => setDispute('closed')} />}
          {dispute === 'sent' && <p className="alert alert--info" role="status">{t('reportSent')}</p>}
          <p><Link href={role === 'customer' ? '/consultations' : '/astrologer'}>{role === 'customer' ? t('backConsultations') : t('backDashboard')}</Link></p>
        </div>
      )}
    </section>
  );
}

/**
 * One click to keep talking: a recharge of about ten more minutes opens the payment in a new tab; as soon as the
 * money is in the wallet the session's hold is extended, so the meter never stops and nothing is dropped.
 */
function TopUp({ ratePaise, onFunded }: { ratePaise: number; onFunded: () => void }) {
  const amountPaise = Math.max(5_000, Math.ceil((ratePaise * 10) / 5_000) * 5_000);
  const [state, setState] = useState<'idle' | 'paying' | 'failed'>('idle');
  const t = useTranslations('session');

  async function start() {
    setState('paying');
    const before = (await fetchBalance().catch(() => null))?.availablePaise ?? 0;
    const tab = window.open('', '_blank');
    try {
      const order = await api<RechargeOrder>('/api/user/wallet/recharge', {
        method: 'POST', auth: 'customer', body: { amountPaise }, headers: { 'Idempotency-Key': newIdempotencyKey() },
      });
      const payload = order.clientPayload ?? {};
      const url = order.provider === 'sandbox' && typeof payload.orderId === 'string'
        ? `/sandbox/pay?${new URLSearchParams({ order: payload.orderId, recharge: order.orderId })}`
        : '/wallet';
      if (tab) tab.location.href = url; else window.open(url, '_blank');
    } catch {
      tab?.close();
      setState('failed');
      return;
    }
    // Wait for the payment to land (the webhook or the checkout's callback credits the wallet), then extend.
    for (let i = 0; i < 150; i++) {
      await new Promise((r) => setTimeout(r, 2_000));
      const now = await fetchBalance().catch(() => null);
      if (now && now.availablePaise > before) { onFunded(); setState('idle'); return; }
    }
    setState('failed');
  }

  return (
    <div className="alert alert--warning" role="alert">
      {t('lowBalance')}{' '}
      <button type="button" className="btn btn--primary btn--sm" disabled={state === 'paying'} onClick={() => void start()}>
        {state === 'paying' ? t('waitingPayment') : t('addAndKeep', { amount: rupees(amountPaise) })}
      </button>{' '}
      <span className="small">{t('noDrop')}</span>
      {state === 'failed' && (
        <span className="small">
          {' '}
          {t.rich('payFailed', {
            wallet: (c) => <Link href="/wallet" target="_blank">{c}</Link>,
            continue: (c) => <button type="button" className="link-button small" onClick={onFunded}>{c}</button>,
          })}
        </span>
      )}
    </div>
  );
}

/** An attachment, fetched with the party's token (it is private to the two of them) and shown inline if an image. */
function Attachment({ attachment, role }: { attachment: NonNullable<ChatMessage['attachment']>; role: Role }) {
  const [url, setUrl] = useState<string | null>(null);
  const t = useTranslations('session');
  useEffect(() => {
    let revoke: string | null = null;
    apiBlob(attachment.url, { auth: role }).then(({ blob }) => { revoke = URL.createObjectURL(blob); setUrl(revoke); }, () => undefined);
    return () => { if (revoke) URL.revokeObjectURL(revoke); };
  }, [attachment.url, role]);
  const name = attachment.name ?? (attachment.contentType === 'application/pdf' ? 'document.pdf' : t('photo'));
  if (attachment.contentType.startsWith('image/')) {
    return url ? <a href={url} target="_blank" rel="noreferrer"><img className="chat__image" src={url} alt={name} /></a> : <p className="chat__body muted">{t('loadingFile', { name })}</p>;
  }
  return <p className="chat__body">{url ? <a href={url} download={name}>{name}</a> : name} <span className="muted small">({Math.ceil(attachment.bytes / 1024)} KB)</span></p>;
}
