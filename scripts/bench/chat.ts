// Chat throughput and delivery latency: N clients in N/2 live sessions, each customer sending in a closed loop
// (the next message once the previous one is acknowledged, i.e. stored) and its astrologer receiving; next to a
// raw `ws` relay with the same clients, pairs and loop, measured in the same run. Nothing is asserted.
import { randomUUID } from 'node:crypto';
import { createTokenService } from '@ap/auth';
import type { Pool } from '@ap/db';
import WebSocket from 'ws';
import { percentileOfSorted as percentile } from '../lib/stats.js';

export interface ChatBenchResult { messagesPerSecond: number; p50: number; p99: number; errors: number; clients: number }

/** N/2 approved astrologers and N/2 customers, each pair with an active instant chat. */
export async function prepareChatSessions(pool: Pool, clients: number, offset = 0): Promise<{ customer: string; astrologer: string; session: string }[]> {
  const pairs: { customer: string; astrologer: string; session: string }[] = [];
  for (let i = offset; i < offset + clients / 2; i++) {
    const [customer, astrologer, session] = [randomUUID(), randomUUID(), randomUUID()];
    const phone = (n: number) => `+9197${String(n).padStart(8, '0')}`;
    await pool.query(`INSERT INTO identities (id, kind, phone, roles) VALUES ($1, 'user', $2, '{user}'), ($3, 'astrologer', $4, '{astrologer}')`,
      [customer, phone(40_000_000 + i), astrologer, phone(50_000_000 + i)]);
    await pool.query(`INSERT INTO users (id, name) VALUES ($1, $2)`, [customer, `Bench customer ${i}`]);
    await pool.query(`INSERT INTO astrologers (id, display_name, status, approved_at, presence, price_chat_paise) VALUES ($1, $2, 'approved', now(), 'busy', 2000)`,
      [astrologer, `Bench astrologer ${i}`]);
    await pool.query(
      `INSERT INTO consultations (id, user_id, astrologer_id, mode, kind, status, rate_paise, accepted_at, started_at, first_billed_at, billing_started_at, funded_minutes, customer_seen_at, astrologer_seen_at)
       VALUES ($1, $2, $3, 'chat', 'instant', 'active', 2000, now(), now(), now(), now(), 600, now(), now())`, [session, customer, astrologer]);
    pairs.push({ customer, astrologer, session });
  }
  return pairs;
}


function summarise(latencies: number[], delivered: number, errors: number, seconds: number, clients: number): ChatBenchResult {
  const sorted = latencies.sort((a, b) => a - b);
  return { messagesPerSecond: delivered / seconds, p50: Math.round(percentile(sorted, 50) * 10) / 10, p99: Math.round(percentile(sorted, 99) * 10) / 10, errors, clients };
}

/**
 * A minimal Socket.IO client over a bare `ws` socket, speaking the documented wire format (Engine.IO v4 framing,
 * Socket.IO protocol v5: `40{auth}` to connect, `42<id>[event, data]` to emit with an ack, `43<id>[reply]` acks,
 * `2`/`3` ping/pong). The load generator then costs the same per message on both sides of the comparison, so the
 * ratio measures the server, not socket.io-client's own overhead in this one process.
 */
export class WireClient {
  private nextId = 0;
  private readonly acks = new Map<number, (reply: Record<string, unknown>) => void>();
  private readonly handlers = new Map<string, (data: unknown) => void>();
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      const text = raw.toString();
      if (text === '2') { ws.send('3'); return; }
      if (text.startsWith('43')) {
        const open = text.indexOf('[');
        const id = Number(text.slice(2, open));
        const [reply] = JSON.parse(text.slice(open)) as [Record<string, unknown>];
        this.acks.get(id)?.(reply);
        this.acks.delete(id);
      } else if (text.startsWith('42')) {
        const [event, data] = JSON.parse(text.slice(2)) as [string, unknown];
        this.handlers.get(event)?.(data);
      }
    });
  }

  /** `localAddress` (a 127.x.y.z address) makes the client a different peer for nginx's per-address stickiness. */
  static connect(baseUrl: string, token: string, localAddress?: string): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/communication/socket.io/?EIO=4&transport=websocket`, localAddress ? { localAddress } : {});
      ws.once('error', reject);
      ws.on('message', function opening(raw) {
        const text = raw.toString();
        if (text.startsWith('0')) ws.send(`40${JSON.stringify({ token })}`);
        else if (text.startsWith('40')) { ws.off('message', opening); resolve(new WireClient(ws)); }
        else if (text.startsWith('44')) { ws.off('message', opening); reject(new Error(`refused: ${text}`)); }
      });
    });
  }

  emitWithAck(event: string, data: unknown, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.acks.delete(id); reject(new Error(`${event}: no ack`)); }, timeoutMs);
      this.acks.set(id, (reply) => { clearTimeout(timer); resolve(reply); });
      this.ws.send(`42${id}${JSON.stringify([event, data])}`);
    });
  }

  on(event: string, handler: (data: unknown) => void) { this.handlers.set(event, handler); }
  close() { this.ws.close(); }
}

/** The product: Socket.IO on the communication service, chat:send acknowledged after the message is stored. */
export async function benchSocketChat(baseUrl: string, jwtSecret: string, pairs: { customer: string; astrologer: string; session: string }[], seconds: number): Promise<ChatBenchResult> {
  const tokens = createTokenService({ secret: jwtSecret, accessTtlSeconds: 3_600 });
  const connect = async (id: string, kind: 'user' | 'astrologer') => WireClient.connect(baseUrl, await tokens.sign({ id, kind, roles: [kind] }));
  const clients: WireClient[] = [];
  const latencies: number[] = [];
  let delivered = 0;
  let errors = 0;
  let measuring = false;
  const senders: { client: WireClient; session: string }[] = [];
  for (const p of pairs) {
    const [c, a] = [await connect(p.customer, 'user'), await connect(p.astrologer, 'astrologer')];
    clients.push(c, a);
    for (const x of [c, a]) await x.emitWithAck('session:join', { consultationId: p.session });
    // The send time travels in clientMsgId: a long number in the text would be hidden as a phone number.
    a.on('chat:message', (m) => {
      if (!measuring) return;
      delivered++;
      latencies.push(performance.now() - Number((m as { clientMsgId: string }).clientMsgId.split('-')[1]) / 1000);
    });
    senders.push({ client: c, session: p.session });
  }
  let n = 0;
  const loop = async ({ client, session }: { client: WireClient; session: string }, until: number) => {
    while (performance.now() < until) {
      const ack = await client.emitWithAck('chat:send', { consultationId: session, clientMsgId: `b${++n}-${Math.round(performance.now() * 1000)}`, body: 'Namaste, what does my chart say about work?' }).catch(() => ({ ok: false }));
      if (!(ack as { ok: boolean }).ok) errors++;
    }
  };
  await Promise.all(senders.map((x) => loop(x, performance.now() + 2_000))); // warm-up
  measuring = true;
  await Promise.all(senders.map((x) => loop(x, performance.now() + seconds * 1_000)));
  measuring = false;
  await new Promise((r) => setTimeout(r, 300));
  for (const x of clients) x.close();
  return summarise(latencies, delivered, errors, seconds, pairs.length * 2);
}

/** The baseline: the same pairs and closed loop over a bare `ws` relay. */
export async function benchWsRelay(port: number, pairCount: number, seconds: number): Promise<ChatBenchResult> {
  const open = (pair: number) => new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/?pair=${pair}`);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
  const latencies: number[] = [];
  let delivered = 0;
  let measuring = false;
  const senders: WebSocket[] = [];
  const all: WebSocket[] = [];
  for (let i = 0; i < pairCount; i++) {
    const [c, a] = [await open(i), await open(i)];
    all.push(c, a);
    a.on('message', (data) => {
      const text = data.toString();
      if (text === 'ack' || !measuring) return;
      delivered++;
      latencies.push(performance.now() - Number(text.split(' ')[0]));
    });
    senders.push(c);
  }
  const loop = async (ws: WebSocket, until: number) => {
    while (performance.now() < until) {
      await new Promise<void>((resolve) => {
        const onAck = (data: WebSocket.RawData) => { if (data.toString() === 'ack') { ws.off('message', onAck); resolve(); } };
        ws.on('message', onAck);
        ws.send(`${performance.now()} hello`);
      });
    }
  };
  await Promise.all(senders.map((s) => loop(s, performance.now() + 2_000)));
  measuring = true;
  await Promise.all(senders.map((s) => loop(s, performance.now() + seconds * 1_000)));
  measuring = false;
  await new Promise((r) => setTimeout(r, 300));
  for (const ws of all) ws.close();
  return summarise(latencies, delivered, 0, seconds, pairCount * 2);
}
