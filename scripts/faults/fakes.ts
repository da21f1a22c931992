// Local stand-ins for the third parties the services call (Twilio Messages, Razorpay Orders, a horoscope text API),
// on one loopback HTTP server. Each answers as the real API documents, until a test switches it to hang (never
// answer) or fail (500 with the provider's error document).
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Mode = 'ok' | 'hang' | 'fail';
export type Provider = 'sms' | 'payments' | 'horoscope';

export interface Fakes {
  url: string;
  mode: Record<Provider, Mode>;
  /** SMS bodies received, by phone. */
  sms: Map<string, string[]>;
  /** Requests each provider received (answered or not). */
  hits: Record<Provider, number>;
  close(): Promise<void>;
}

const id = (prefix: string) => `${prefix}${randomBytes(7).toString('hex')}`;

export async function startFakes(port: number): Promise<Fakes> {
  const mode: Record<Provider, Mode> = { sms: 'ok', payments: 'ok', horoscope: 'ok' };
  const hits: Record<Provider, number> = { sms: 0, payments: 0, horoscope: 0 };
  const sms = new Map<string, string[]>();
  const hanging = new Set<http.ServerResponse>();

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8').on('data', (d: string) => (raw += d)).on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const provider: Provider | null = url.pathname.startsWith('/2010-04-01/') ? 'sms'
        : url.pathname.startsWith('/v1/') ? 'payments' : url.pathname.startsWith('/horoscope/') ? 'horoscope' : null;
      if (!provider) return json(res, 404, { error: 'unknown path' });
      hits[provider] += 1;
      if (mode[provider] === 'hang') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      if (mode[provider] === 'fail') {
        if (provider === 'sms') return json(res, 500, { code: 20500, message: 'Internal Server Error', status: 500 });
        if (provider === 'payments') return json(res, 500, { error: { code: 'SERVER_ERROR', description: 'The server encountered an error' } });
        return json(res, 500, { error: 'internal' });
      }
      if (provider === 'sms' && req.method === 'POST') {
        const form = new URLSearchParams(raw);
        const to = form.get('To') ?? '';
        sms.set(to, [...(sms.get(to) ?? []), form.get('Body') ?? '']);
        return json(res, 201, { sid: id('SM'), status: 'queued', to });
      }
      if (provider === 'payments' && req.method === 'POST' && url.pathname === '/v1/orders') {
        const body = JSON.parse(raw || '{}') as { amount?: number; currency?: string; receipt?: string };
        return json(res, 200, { id: id('order_'), entity: 'order', amount: body.amount, currency: body.currency ?? 'INR', receipt: body.receipt, status: 'created', attempts: 0 });
      }
      if (provider === 'payments' && req.method === 'GET' && /^\/v1\/orders\/[^/]+\/payments$/.test(url.pathname)) {
        return json(res, 200, { entity: 'collection', count: 0, items: [] });
      }
      if (provider === 'horoscope') {
        const [, , sign, period] = url.pathname.split('/');
        return json(res, 200, { text: `External ${period} text for ${sign}: a steady day for careful work.` });
      }
      return json(res, 404, { error: 'unknown path' });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    mode, sms, hits,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
