import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '@ap/core';
import { serviceEnv } from '@ap/platform';
import { agoraChannel, agoraUid, mediaGrant, rtcEnv, type RtcEnv } from '../src/index.js';
import { z } from '@ap/http';

// The package's own parser (not re-exported by its index): decoding what we built checks it the way Agora will.
const { AccessToken2 } = createRequire(import.meta.url)('agora-token/src/AccessToken2.js') as {
  AccessToken2: new () => { from_string(t: string): boolean; verifySignature(cert: string): boolean; appId: string; issueTs: number; expire: number; services: { __type: number; __channel_name: string; __uid: string; __privileges: Record<string, number> }[] };
};

const APP_ID = '0123456789abcdef0123456789abcdef';
const CERT = 'fedcba9876543210fedcba9876543210';
const env = (over: Record<string, string> = {}): RtcEnv => z.object(rtcEnv).parse(over);
const NOW = new Date('2026-12-06T12:00:00Z');
const consultationId = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const userId = '11111111-2222-4333-8444-555555555555';

describe('Agora RTC tokens', () => {
  it('are built for the consultation\'s channel and the caller\'s uid, signed with the app certificate', () => {
    const grant = mediaGrant(env({ RTC_PROVIDER: 'agora', AGORA_APP_ID: APP_ID, AGORA_APP_CERTIFICATE: CERT, AGORA_TOKEN_TTL_SECONDS: '1800' }), userId, consultationId, 'customer', NOW);
    if (grant.provider !== 'agora') throw new Error('expected an Agora grant');
    expect(grant.agora).toMatchObject({ appId: APP_ID, channel: 'c_6f1c2d3e4a5b4c6d8e9f0a1b2c3d4e5f', uid: agoraUid(userId), expiresAt: '2026-12-06T12:30:00.000Z' });
    expect(grant.agora.token.startsWith('007')).toBe(true);

    const token = new AccessToken2();
    expect(token.from_string(grant.agora.token)).toBe(true);
    expect(token.verifySignature(CERT)).toBe(true);
    expect(token.verifySignature('00000000000000000000000000000000')).toBe(false);
    expect(String(token.appId)).toBe(APP_ID);
    expect(token.expire).toBe(1800);
    const rtc = token.services.find((s) => s.__type === 1)!;
    expect(String(rtc.__channel_name)).toBe(agoraChannel(consultationId));
    expect(String(rtc.__uid)).toBe(String(agoraUid(userId)));
    // Join channel, publish audio, video and data streams — each until the token expires.
    expect(Object.keys(rtc.__privileges).sort()).toEqual(['1', '2', '3', '4']);
    expect(Object.values(rtc.__privileges).every((v) => v === 1800)).toBe(true);
  });

  it('gives each identity a stable non-zero 31-bit uid', () => {
    expect(agoraUid(userId)).toBe(agoraUid(userId));
    expect(agoraUid(userId)).not.toBe(agoraUid(consultationId));
    for (const id of [userId, consultationId, '00000000-0000-4000-8000-000000000000']) {
      expect(agoraUid(id)).toBeGreaterThan(0);
      expect(agoraUid(id)).toBeLessThanOrEqual(0x7fffffff);
    }
  });

  it('are refused at start-up without the app id and certificate', () => {
    expect(() => parseEnv(serviceEnv(0), { NODE_ENV: 'test', DATABASE_URL: 'postgres://127.0.0.1/x', RTC_PROVIDER: 'agora', JWT_SECRET: 'x'.repeat(40), OTP_SECRET: 'y'.repeat(40) }))
      .toThrow(/AGORA_APP_ID.*\n.*AGORA_APP_CERTIFICATE|AGORA_APP_CERTIFICATE/s);
  });
});

describe('built-in WebRTC', () => {
  it('lists the configured STUN and TURN servers, with coturn REST credentials when a secret is set', () => {
    const grant = mediaGrant(env({ STUN_URLS: 'stun:stun.example.org:3478', TURN_URLS: 'turn:turn.example.org:3478?transport=udp, turns:turn.example.org:5349', TURN_SECRET: 'a-long-shared-turn-secret' }), userId, consultationId, 'astrologer', NOW);
    if (grant.provider !== 'webrtc') throw new Error('expected a WebRTC grant');
    const [stun, turn] = grant.webrtc.iceServers;
    expect(stun).toEqual({ urls: ['stun:stun.example.org:3478'] });
    expect(turn!.urls).toEqual(['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349']);
    const expiry = Math.floor(NOW.getTime() / 1000) + 86_400;
    expect(turn!.username).toBe(`${expiry}:${userId}`);
    expect(turn!.credential).toBe(createHmac('sha1', 'a-long-shared-turn-secret').update(`${expiry}:${userId}`).digest('base64'));
    expect(grant.webrtc.polite).toBe(true);
  });
});
