'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import { sessionsApi, type MediaGrant } from '../lib/sessions';
import type { Role } from '../lib/session';

type Signal = { type: 'ready' } | { type: 'offer' | 'answer'; sdp: string } | { type: 'candidate'; candidate: RTCIceCandidateInit };

const STATES = ['new', 'connecting', 'connected', 'disconnected', 'failed', 'closed'] as const;

/**
 * A peer-to-peer call over built-in WebRTC. Signalling rides the consultation's Socket.IO room: each side says
 * `ready` when it joins; the customer's side offers whenever it hears the other is ready (so whoever joins first
 * or reloads, the call is set up again) and restarts ICE when the path fails. The server is told when the media
 * is connected or lost, because the meter runs only while both are connected.
 */
export function CallPanel({ sessionId, role, video, socket, onEnd }: { sessionId: string; role: Role; video: boolean; socket: Socket; onEnd: () => void }) {
  const localRef = useRef<HTMLVideoElement>(null);
  const remoteRef = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState('new');
  const t = useTranslations('call');
  const [error, setError] = useState<string | null>(null);
  const [muted, setMuted] = useState(false);
  const [cameraOff, setCameraOff] = useState(false);
  const [speakerOff, setSpeakerOff] = useState(false);
  const streamRef = useRef<MediaStream | null>(null);

  useEffect(() => {
    let closed = false;
    let pc: RTCPeerConnection | null = null;
    let grant: MediaGrant | null = null;
    let reported: boolean | null = null;
    let pending: RTCIceCandidateInit[] = [];
    const send = (data: Signal) => { socket.emit('rtc:signal', { consultationId: sessionId, data }); };
    const report = (connected: boolean) => {
      if (reported === connected) return;
      reported = connected;
      void sessionsApi.media(sessionId, role, connected).catch(() => { reported = null; });
    };

    function newPeer(): RTCPeerConnection {
      pc?.close();
      pending = [];
      const peer = new RTCPeerConnection({ iceServers: grant?.webrtc?.iceServers ?? [] });
      streamRef.current?.getTracks().forEach((t) => peer.addTrack(t, streamRef.current!));
      peer.onicecandidate = (e) => { if (e.candidate) send({ type: 'candidate', candidate: e.candidate.toJSON() }); };
      peer.ontrack = (e) => { if (remoteRef.current && e.streams[0]) remoteRef.current.srcObject = e.streams[0]; };
      peer.onconnectionstatechange = () => {
        if (closed) return;
        setState(peer.connectionState);
        if (peer.connectionState === 'connected') report(true);
        if (peer.connectionState === 'disconnected' || peer.connectionState === 'failed') report(false);
        if (peer.connectionState === 'failed' && role === 'customer') void offer(true);
      };
      pc = peer;
      return peer;
    }

    async function offer(iceRestart = false) {
      const peer = iceRestart && pc ? pc : newPeer();
      await peer.setLocalDescription(await peer.createOffer({ iceRestart }));
      send({ type: 'offer', sdp: peer.localDescription!.sdp });
    }

    async function onSignal({ consultationId, data }: { consultationId: string; data: Signal }) {
      if (consultationId !== sessionId || closed) return;
      try {
        if (data.type === 'ready') {
          if (role === 'customer') await offer();
          else send({ type: 'ready' });
        } else if (data.type === 'offer') {
          const peer = newPeer();
          await peer.setRemoteDescription({ type: 'offer', sdp: data.sdp });
          for (const c of pending.splice(0)) await peer.addIceCandidate(c);
          await peer.setLocalDescription(await peer.createAnswer());
          send({ type: 'answer', sdp: peer.localDescription!.sdp });
        } else if (data.type === 'answer' && pc && pc.signalingState === 'have-local-offer') {
          await pc.setRemoteDescription({ type: 'answer', sdp: data.sdp });
          for (const c of pending.splice(0)) await pc.addIceCandidate(c);
        } else if (data.type === 'candidate') {
          if (pc?.remoteDescription) await pc.addIceCandidate(data.candidate);
          else pending.push(data.candidate);
        }
      } catch (err) {
        setError(err instanceof Error ? err.message : t('setupFailed'));
      }
    }

    socket.on('rtc:signal', onSignal);
    const onReconnect = () => send({ type: 'ready' });
    socket.on('connect', onReconnect);
    (async () => {
      try {
        grant = await sessionsApi.grant(sessionId, role, video ? 'video' : 'call');
        if (grant.provider !== 'webrtc') {
          setError(t('agora'));
          return;
        }
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video });
        if (closed) { stream.getTracks().forEach((t) => t.stop()); return; }
        streamRef.current = stream;
        if (localRef.current) localRef.current.srcObject = stream;
        send({ type: 'ready' });
      } catch (err) {
        setError(err instanceof DOMException && err.name === 'NotAllowedError'
          ? (video ? t('allowBoth') : t('allowMic'))
          : err instanceof Error ? err.message : t('startFailed'));
      }
    })();

    return () => {
      closed = true;
      socket.off('rtc:signal', onSignal);
      socket.off('connect', onReconnect);
      pc?.close();
      streamRef.current?.getTracks().forEach((t) => t.stop());
      if (reported) void sessionsApi.media(sessionId, role, false).catch(() => undefined);
    };
  }, [sessionId, role, video, socket]);

  const toggle = (kind: 'audio' | 'video', off: boolean) => streamRef.current?.getTracks().filter((t) => t.kind === kind).forEach((t) => { t.enabled = !off; });

  return (
    <div className={`call-panel${video ? ' call-panel--video' : ''}`}>
      <div className="call-panel__media">
        <video ref={remoteRef} className="call-panel__remote" autoPlay playsInline muted={speakerOff} aria-label={t('other')} />
        {video && <video ref={localRef} className="call-panel__local" autoPlay playsInline muted aria-label={t('you')} />}
      </div>
      <p className="call-panel__state" data-state={state} role="status">{(STATES as readonly string[]).includes(state) ? t(`state.${state as 'new'}`) : state}</p>
      {error && <p className="alert alert--warning" role="alert">{error}</p>}
      <div className="call-panel__controls" role="toolbar" aria-label={t('controls')}>
        <button type="button" className="btn btn--outline btn--sm" aria-pressed={muted} onClick={() => { toggle('audio', !muted); setMuted(!muted); }}>{muted ? t('unmute') : t('mute')}</button>
        {video && <button type="button" className="btn btn--outline btn--sm" aria-pressed={cameraOff} onClick={() => { toggle('video', !cameraOff); setCameraOff(!cameraOff); }}>{cameraOff ? t('cameraOn') : t('cameraOff')}</button>}
        <button type="button" className="btn btn--outline btn--sm" aria-pressed={speakerOff} onClick={() => setSpeakerOff(!speakerOff)}>{speakerOff ? t('speakerOn') : t('speakerOff')}</button>
        <button type="button" className="btn btn--danger btn--sm" onClick={onEnd}>{t('end')}</button>
      </div>
    </div>
  );
}
