// Wallet spends (hold + capture) in `npm run bench`: a booked session end to end — book (hold), confirm,
// start, complete (capture with commission) — through the HTTP API, next to the same four operations called
// directly on the booking service (the same SQL, no HTTP, auth, validation or RLS set-up) in the same run.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { createBookingService } from '@ap/bookings';
import { createTokenService } from '@ap/auth';
import { createPool, type Pool } from '@ap/db';
import { percentileOfSorted } from '../lib/stats.js';

export interface SpendSetup {
  customers: string[];
  astrologers: string[];
}

const QUARTER = 15 * 60_000;

/** Customers with ₹1,00,000 each and astrologers bookable around the clock in 15-minute slots, with no notice. */
export async function prepareSpends(pool: Pool, customers: number, astrologers: number): Promise<SpendSetup> {
  const { rows: a } = await pool.query<{ id: string }>(
    `SELECT id FROM astrologers WHERE status = 'approved' ORDER BY id LIMIT $1`, [astrologers]);
  const day = [{ start: '00:00', end: '24:00' }];
  const weekly = JSON.stringify(Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, day])));
  await pool.query(
    `INSERT INTO astrologer_availability (astrologer_id, time_zone, weekly, overrides, slot_minutes, price_paise, buffer_minutes, min_notice_minutes, horizon_days)
     SELECT id, 'UTC', $2, '[]', 15, 30000, 0, 0, 2 FROM unnest($1::uuid[]) AS id
     ON CONFLICT (astrologer_id) DO UPDATE SET weekly = EXCLUDED.weekly, time_zone = 'UTC', slot_minutes = 15, min_notice_minutes = 0, buffer_minutes = 0`,
    [a.map((r) => r.id), weekly],
  );
  const ids: string[] = [];
  for (let i = 0; i < customers; i++) {
    const { rows } = await pool.query<{ id: string }>(
      `WITH i AS (INSERT INTO identities (kind, phone, roles) VALUES ('user', $1, '{user}') RETURNING id),
            u AS (INSERT INTO users (id, name) SELECT id, 'Bench customer' FROM i RETURNING id)
       SELECT id FROM u`,
      [`+9161${String(i).padStart(8, '0')}`],
    );
    ids.push(rows[0]!.id);
  }
  await pool.query(
    `INSERT INTO ledger_transfers (debit_account_id, credit_account_id, amount_paise, kind, memo)
     SELECT p.id, w.id, 10000000, 'promo', 'bench credit' FROM ledger_accounts p, ledger_accounts w
      WHERE p.kind = 'promotional' AND w.kind = 'user_wallet' AND w.owner_id = ANY($1::uuid[])`,
    [ids],
  );
  return { customers: ids, astrologers: a.map((r) => r.id) };
}

/** The next three slot starts (each startable within the early-start window of 60 minutes). */
function upcomingSlots(now = Date.now()): string[] {
  const first = Math.ceil((now + 30_000) / QUARTER) * QUARTER;
  return [0, 1, 2].map((k) => new Date(first + k * QUARTER).toISOString());
}

interface Spend {
  book(customer: string, astrologer: string, slotStart: string): Promise<string>;
  setStatus(astrologer: string, id: string, status: 'confirmed' | 'in_progress' | 'completed'): Promise<void>;
}

export interface SpendResult {
  spendsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  spends: number;
  firstError: string | null;
  /** Set when every slot was spent before the deadline: the run was shorter than asked (raise BENCH_ASTROLOGERS). */
  ranOutAfterSeconds: number | null;
}

/** Astrologers one side spends on, and how far it got: rounds never reuse an astrologer, so never a slot. */
export interface SpendWork {
  astrologers: string[];
  next: number;
}

/** `workers` concurrent customers, each spending on the next astrologers' upcoming slots, for `seconds`. */
export async function runSpends(spend: Spend, customers: string[], work: SpendWork, workers: number, seconds: number): Promise<SpendResult> {
  const slots = upcomingSlots();
  const first = work.next;
  let taken = 0;
  const take = () => {
    const i = first + Math.floor(taken / slots.length);
    if (i >= work.astrologers.length) return null;
    return { astrologer: work.astrologers[i]!, slot: slots[taken++ % slots.length]! };
  };
  let ranOut = false;
  let errors = 0;
  let firstError: string | null = null;
  const latencies: number[] = [];
  const started = performance.now();
  let lastDone = started;
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      const customer = customers[w]!;
      while (Date.now() < deadline) {
        const job = take();
        if (!job) {
          ranOut = true;
          break;
        }
        const t0 = performance.now();
        try {
          const id = await spend.book(customer, job.astrologer, job.slot);
          await spend.setStatus(job.astrologer, id, 'confirmed');
          await spend.setStatus(job.astrologer, id, 'in_progress');
          await spend.setStatus(job.astrologer, id, 'completed');
          lastDone = performance.now();
          latencies.push(lastDone - t0);
        } catch (err) {
          errors += 1;
          firstError ??= (err as Error).message.slice(0, 300);
        }
      }
    }),
  );
  work.next = first + Math.ceil(taken / slots.length);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(percentileOfSorted(latencies, p));
  // When the slots run out before the deadline (few astrologers), the rate is over the time actually spent spending.
  const elapsed = ranOut ? Math.max(0.001, (lastDone - started) / 1000) : seconds;
  return { spendsPerSecond: latencies.length / elapsed, p50: pct(50), p99: pct(99), errors, spends: latencies.length, firstError, ranOutAfterSeconds: ranOut ? elapsed : null };
}

export function directSpend(url: string): Spend & { close(): Promise<void> } {
  const pool = createPool({ connectionString: url, max: 10 });
  const bookings = createBookingService({ pool, config: { earlyStartMinutes: 60 } });
  return {
    book: async (customer, astrologer, slotStart) =>
      (await bookings.book({ id: customer }, { astrologerId: astrologer, mode: 'chat', slotStart }, randomBytes(12).toString('hex'))).id,
    setStatus: async (astrologer, id, status) => {
      await bookings.changeStatus({ id: astrologer }, id, status);
    },
    close: () => pool.end(),
  };
}

export function httpSpend(userBase: string, astrologerBase: string, jwtSecret: string): Spend {
  const tokens = createTokenService({ secret: jwtSecret, accessTtlSeconds: 3600 });
  const cache = new Map<string, Promise<string>>();
  // Each bench customer is a different client (its own address), as real customers are: per-IP limits apply per
  // customer, not to the whole run (the services trust X-Forwarded-For from loopback).
  const addresses = new Map<string, string>();
  const addressOf = (customer: string) => {
    let a = addresses.get(customer);
    if (!a) addresses.set(customer, (a = `10.77.${Math.floor(addresses.size / 250)}.${(addresses.size % 250) + 1}`));
    return a;
  };
  const token = (id: string, kind: 'user' | 'astrologer') => {
    let t = cache.get(id);
    if (!t) cache.set(id, (t = tokens.sign({ id, kind, roles: [kind] })));
    return t;
  };
  // node:http with keep-alive rather than fetch: undici's fetch spent about 1 ms of CPU per call on this machine,
  // taken from the same two cores the services and PostgreSQL share (the API scenarios use autocannon likewise).
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const call = (url: string, method: string, bearer: string, body: unknown, extra: Record<string, string> = {}, retried = false): Promise<{ id: string }> =>
    new Promise<{ id: string }>((resolve, reject) => {
      const payload = JSON.stringify(body);
      const req = http.request(url, {
        method, agent,
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...extra },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) reject(new Error(`${method} ${url} → ${status} ${text}`));
          else resolve(JSON.parse(text) as { id: string });
        });
        res.on('error', reject);
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed while idle (between rounds): Node's documented case for one retry.
        // Both calls are safe to repeat: the booking carries its Idempotency-Key, a status PUT is idempotent.
        if (req.reusedSocket && !retried && (err.code === 'ECONNRESET' || err.message === 'socket hang up')) {
          call(url, method, bearer, body, extra, true).then(resolve, reject);
        } else reject(err);
      });
      req.end(payload);
    });
  return {
    book: async (customer, astrologer, slotStart) =>
      (await call(`${userBase}/api/user/consultations/book`, 'POST', await token(customer, 'user'), { astrologerId: astrologer, mode: 'chat', slotStart },
        { 'idempotency-key': randomBytes(12).toString('hex'), 'x-forwarded-for': addressOf(customer) })).id,
    setStatus: async (astrologer, id, status) => {
      await call(`${astrologerBase}/api/astrologer/consultation/${id}/status`, 'PUT', await token(astrologer, 'astrologer'), { status });
    },
  };
}
