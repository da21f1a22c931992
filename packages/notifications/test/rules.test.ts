import { describe, expect, it } from 'vitest';
import { DEFAULT_PUSH_HOSTS, MAX_PUSH_PAYLOAD_BYTES, hostMatches, isAllowedPushEndpoint, isStalePush, notificationUrl, pushOutcome, pushPayload, pushUrgency } from '../src/rules.js';

describe('web push rules', () => {
  it('accepts https push endpoints, and http ones only where insecure endpoints are allowed', () => {
    expect(isAllowedPushEndpoint('https://fcm.googleapis.com/fcm/send/abc', { allowInsecure: false })).toBe(true);
    expect(isAllowedPushEndpoint('http://127.0.0.1:8080/push/x', { allowInsecure: false })).toBe(false);
    expect(isAllowedPushEndpoint('http://127.0.0.1:8080/push/x', { allowInsecure: true })).toBe(true);
    expect(isAllowedPushEndpoint('https://user:pw@push.example/x', { allowInsecure: true })).toBe(false);
    expect(isAllowedPushEndpoint('javascript:alert(1)', { allowInsecure: true })).toBe(false);
  });

  it('with a host list, accepts only https endpoints on those push services, on the default port', () => {
    const rule = { allowInsecure: false, hosts: DEFAULT_PUSH_HOSTS };
    for (const ok of [
      'https://fcm.googleapis.com/fcm/send/dXk3:APA91b',
      'https://updates.push.services.mozilla.com/wpush/v2/gAAAAAB',
      'https://web.push.apple.com/QGuQyavXutnMH',
      'https://wns2-by3p.notify.windows.com/w/?token=BQYAAA',
      'https://FCM.googleapis.com:443/fcm/send/x',
    ]) expect(isAllowedPushEndpoint(ok, rule), ok).toBe(true);
    for (const bad of [
      'https://169.254.169.254/latest/meta-data/', 'https://localhost/push', 'https://10.0.0.5/push', 'https://internal.example/push',
      'https://fcm.googleapis.com.evil.example/x', 'https://evilfcm.googleapis.com/x', 'https://fcm.googleapis.com:8443/x',
      'https://notify.windows.com/x', 'http://fcm.googleapis.com/fcm/send/x',
    ]) expect(isAllowedPushEndpoint(bad, rule), bad).toBe(false);
  });

  it('matches a host exactly, or any subdomain for a *. pattern', () => {
    expect(hostMatches('wns2-by3p.notify.windows.com', '*.notify.windows.com')).toBe(true);
    expect(hostMatches('notify.windows.com', '*.notify.windows.com')).toBe(false);
    expect(hostMatches('xnotify.windows.com', '*.notify.windows.com')).toBe(false);
    expect(hostMatches('Push.Example.in', 'push.example.in')).toBe(true);
  });

  it('links to data.url only when it is a path inside the app', () => {
    expect(notificationUrl('x', { url: '/wallet' }, 'user')).toBe('/wallet');
    expect(notificationUrl('x', { url: '//evil.example' }, 'user')).toBe('/notifications');
    expect(notificationUrl('booking.requested', {}, 'astrologer')).toBe('/astrologer/requests');
    expect(notificationUrl('booking.confirmed', {}, 'user')).toBe('/consultations');
  });

  it('treats 201 as delivered, 404 and 410 as gone, and everything else as worth retrying', () => {
    expect([201, 200, 404, 410, 400, 413, 429, 500, 503].map(pushOutcome)).toEqual(['delivered', 'delivered', 'gone', 'gone', 'retry', 'retry', 'retry', 'retry', 'retry']);
  });

  it('sends live requests with high urgency', () => {
    expect(pushUrgency('session.requested')).toBe('high');
    expect(pushUrgency('booking.reminder')).toBe('high');
    expect(pushUrgency('booking.confirmed')).toBe('normal');
  });

  it('considers a push older than its one-day TTL stale', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    expect(isStalePush(new Date('2026-12-05T11:59:00Z'), now)).toBe(true);
    expect(isStalePush(new Date('2026-12-05T12:01:00Z'), now)).toBe(false);
  });

  it('keeps a payload within one push record, dropping data before shortening the body', () => {
    const base = { id: 'n', kind: 'k', title: 'Title', url: '/notifications', createdAt: '2026-12-06T12:00:00.000Z' };
    const small = { ...base, body: 'short', data: { a: 1 } };
    expect(JSON.parse(pushPayload(small))).toEqual(small);
    const big = JSON.parse(pushPayload({ ...base, body: 'b'.repeat(3000), data: { blob: 'x'.repeat(3000) } })) as { body: string; data: object };
    expect(big).toMatchObject({ body: 'b'.repeat(3000), data: {} });
    const huge = pushPayload({ ...base, body: '🙏'.repeat(2000), data: {} });
    expect(Buffer.byteLength(huge)).toBeLessThanOrEqual(MAX_PUSH_PAYLOAD_BYTES);
    expect(JSON.parse(huge)).toMatchObject({ body: expect.stringMatching(/^(🙏)+…$/u) });
  });
});
