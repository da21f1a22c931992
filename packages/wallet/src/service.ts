import { DAY, DomainError, formatInZone, invalid, notFound, parseDay, wallToInstant } from '@ap/core';
import { asService, type Pool, type Tx } from '@ap/db';
import {
  balance, creditRecharge, gstOn, hashRequest, refundRecharge, transactions, withIdempotency, type Balance, type LedgerEntry,
  type TransactionsPage,
} from '@ap/ledger';
import { PaymentGatewayError, PaymentSignatureError, type PaymentGateway, type SandboxGateway, type WebhookHeaders } from '@ap/payments';
import * as repo from './repo.js';
import type { RechargeOrder } from './schemas.js';

export interface WalletConfig {
  gstBps: number;
  minPaise: number;
  maxPaise: number;
  packsPaise: number[];
}

export interface WalletDeps {
  pool: Pool;
  gateway: PaymentGateway;
  config: WalletConfig;
  log: (msg: string, extra?: Record<string, unknown>) => void;
}

interface Caller {
  id: string;
}

const toApi = (o: repo.OrderRow): RechargeOrder => ({
  orderId: o.id, provider: o.provider, status: o.status, amountPaise: o.amountPaise, gstPaise: o.gstPaise, totalPaise: o.totalPaise,
  clientPayload: o.clientPayload, createdAt: o.createdAt.toISOString(), paidAt: o.paidAt?.toISOString() ?? null,
});

const gatewayDown = (err: unknown) =>
  err instanceof PaymentGatewayError
    ? new DomainError('unavailable', 'payment_gateway_unavailable', 'the payment gateway did not answer; try again in a minute')
    : err;

/**
 * The prepaid wallet: balance and history from the ledger, recharges through a payment gateway. A recharge is
 * credited only when the gateway proves the payment (a signed callback, a signed webhook, or the gateway's own
 * answer to the reconciliation job) and exactly once whatever their number and order: every path ends in
 * `settlePaid`, which locks the order row and credits in the same transaction, and the ledger refuses a second
 * recharge transfer for the same payment.
 */
export function createWalletService({ pool, gateway, config, log }: WalletDeps) {
  async function settlePaid(tx: Tx, order: repo.OrderRow, gatewayPaymentId: string): Promise<void> {
    if (order.status === 'paid' || order.status === 'refunded') return;
    await creditRecharge(tx, { walletOwnerId: order.userId, amountPaise: order.amountPaise, gstPaise: order.gstPaise, paymentId: order.id });
    await repo.markPaid(tx, order.id, gatewayPaymentId);
  }

  async function ownOrder(caller: Caller, orderId: string): Promise<repo.OrderRow> {
    const order = await repo.findOrder(pool, orderId);
    if (!order || order.userId !== caller.id) throw notFound('order_not_found', 'no such recharge');
    return order;
  }

  async function handleWebhook(provider: string, rawBody: Buffer, headers: WebhookHeaders): Promise<void> {
    let event;
    try {
      event = gateway.parseWebhook(rawBody, headers);
    } catch (err) {
      if (!(err instanceof PaymentSignatureError)) throw err;
      log('payment webhook refused: bad signature', { provider, code: err.code });
      await repo.recordEvent(pool, { provider, kind: 'webhook', verified: false, summary: { code: err.code } });
      throw invalid('invalid_signature', 'webhook signature did not verify');
    }
    await asService(pool, async (tx) => {
      const gatewayOrderId = 'gatewayOrderId' in event ? event.gatewayOrderId : undefined;
      const order = gatewayOrderId ? await repo.findOrderByGatewayId(tx, provider, gatewayOrderId, true) : null;
      await repo.recordEvent(tx, { provider, eventId: event.eventId, kind: 'webhook', verified: true, orderId: order?.id, summary: { type: event.type } });
      if (!order) return; // not ours, or an event we do not act on
      if (event.type === 'payment.captured') {
        if (event.amountPaise !== order.totalPaise || event.currency.toUpperCase() !== 'INR') {
          log('payment webhook amount does not match the order; not credited', { orderId: order.id, amountPaise: event.amountPaise });
          return;
        }
        await settlePaid(tx, order, event.gatewayPaymentId);
      } else if (event.type === 'payment.failed') {
        await repo.markFailed(tx, order.id, event.failureCode ?? 'payment failed');
      } else if (event.type === 'refund.processed' && order.status === 'paid' && event.refundedTotalPaise >= order.totalPaise) {
        await refundRecharge(tx, { paymentId: order.id, memo: 'refunded by the payment gateway' });
        await repo.markRefunded(tx, order.id);
      }
    });
  }

  /** The checkout's callback, relayed by the client: verified, then credited (once). */
  async function confirm(caller: Caller, orderId: string, payload: Record<string, unknown>): Promise<RechargeOrder> {
    const order = await ownOrder(caller, orderId);
    let paymentId: string;
    try {
      const verified = gateway.verifyCallback(payload);
      if (verified.gatewayOrderId !== order.gatewayOrderId) throw invalid('payment_mismatch', 'this payment belongs to another order');
      paymentId = verified.gatewayPaymentId;
    } catch (err) {
      if (!(err instanceof PaymentSignatureError)) throw err;
      if (err.code !== 'payment.callback_unsigned' || !order.gatewayOrderId) {
        await repo.recordEvent(pool, { provider: gateway.name, kind: 'callback', verified: false, orderId, summary: { code: err.code } });
        throw invalid('invalid_signature', 'the payment confirmation did not verify');
      }
      // Stripe signs nothing the browser sees: ask the gateway itself.
      const status = await gateway.fetchOrderStatus(order.gatewayOrderId).catch((e: unknown) => {
        throw gatewayDown(e);
      });
      if (status.status !== 'paid') return toApi(order);
      paymentId = status.gatewayPaymentId;
    }
    return asService(pool, async (tx) => {
      const locked = (await repo.findOrder(tx, orderId, true))!;
      await repo.recordEvent(tx, { provider: gateway.name, kind: 'callback', verified: true, orderId, summary: { paymentId } });
      await settlePaid(tx, locked, paymentId);
      return toApi((await repo.findOrder(tx, orderId))!);
    });
  }

  return {
    config,
    gatewayName: gateway.name,

    balance: (caller: Caller): Promise<Balance> => asService(pool, (tx) => balance(tx, caller.id)),

    transactions: (caller: Caller, q: { limit?: number; cursor?: string }): Promise<TransactionsPage> =>
      asService(pool, (tx) => transactions(tx, caller.id, q)),

    /** Every entry dated within [from, to] (calendar days in `zone`), oldest first, as CSV with local times. */
    async statementCsv(caller: Caller, from: string, to: string, zone = 'Asia/Kolkata'): Promise<string> {
      const start = wallToInstant(parseDay(from), zone);
      const end = wallToInstant(parseDay(to) + DAY, zone);
      const entries: LedgerEntry[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await asService(pool, (tx) => transactions(tx, caller.id, { limit: 100, ...(cursor ? { cursor } : {}) }));
        for (const e of page.items) if (Date.parse(e.createdAt) >= start && Date.parse(e.createdAt) < end) entries.push(e);
        const oldest = page.items.at(-1);
        if (!page.nextCursor || !oldest || Date.parse(oldest.createdAt) < start) break;
        cursor = page.nextCursor;
      }
      const cell = (v: unknown) => {
        const s = v === null || v === undefined ? '' : String(v);
        // Quote always; neutralise spreadsheet formulas (CSV injection).
        return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
      };
      const rupees = (p: number) => (p / 100).toFixed(2);
      const lines = [['date', 'type', 'amount_inr', 'balance_after_inr', 'gst_inr', 'reference', 'memo'].map(cell).join(',')];
      for (const e of entries.reverse()) {
        lines.push([formatInZone(Date.parse(e.createdAt), zone), e.type, rupees(e.amountPaise), rupees(e.balanceAfterPaise), e.gst ? rupees(e.gst.gstPaise) : '',
          e.reference ? `${e.reference.type}:${e.reference.id}` : '', e.memo ?? ''].map(cell).join(','));
      }
      return `${lines.join('\r\n')}\r\n`;
    },

    /**
     * Creates the order server-side. The Idempotency-Key makes a retried request return the same order; the
     * gateway order is created once per order (its row is locked meanwhile) and its client payload stored, so a
     * replay answers exactly as the first request did.
     */
    async recharge(caller: Caller, input: { amountPaise: number; provider?: string | undefined }, key: string): Promise<RechargeOrder> {
      if (input.provider && input.provider !== gateway.name) {
        throw invalid('unknown_provider', `this deployment takes payments through ${gateway.name}`, {
          errors: [{ in: 'body', path: 'provider', message: `only ${gateway.name} is enabled`, code: 'unknown_provider' }],
        });
      }
      const { orderId } = await withIdempotency(pool, { identityId: caller.id, key, requestHash: hashRequest({ op: 'recharge', ...input }) }, async (tx) => {
        const order = await repo.insertOrder(tx, { userId: caller.id, provider: gateway.name, amountPaise: input.amountPaise, gstPaise: gstOn(input.amountPaise, config.gstBps) });
        return { orderId: order.id };
      });
      return asService(pool, async (tx) => {
        const order = (await repo.findOrder(tx, orderId, true))!;
        if (!order.gatewayOrderId) {
          const created = await gateway
            .createOrder({ orderRef: order.id, amountPaise: order.totalPaise, currency: 'INR', notes: { purpose: 'wallet recharge' } })
            .catch((err: unknown) => {
              throw gatewayDown(err);
            });
          await repo.setGatewayOrder(tx, order.id, created.gatewayOrderId, created.clientPayload);
        }
        // Always as stored (jsonb normalises key order), so the first answer and every replay are byte-identical.
        return toApi((await repo.findOrder(tx, order.id))!);
      });
    },

    getOrder: async (caller: Caller, orderId: string) => toApi(await ownOrder(caller, orderId)),

    confirm,

    handleWebhook,

    /**
     * The sandbox gateway's pay-or-fail page: the customer's choice produces the same signed callback and webhook
     * a real gateway would send, and both go through the same code as real ones.
     */
    async simulateSandbox(caller: Caller, orderId: string, outcome: 'paid' | 'failed'): Promise<RechargeOrder> {
      if (gateway.name !== 'sandbox') throw notFound('route_not_found', 'the sandbox gateway is not enabled');
      const sandbox = gateway as SandboxGateway;
      const order = await ownOrder(caller, orderId);
      if (!order.gatewayOrderId) throw invalid('order_not_ready', 'this order has no gateway order yet');
      const callback = sandbox.signSandboxCallback(order.gatewayOrderId, outcome);
      if (outcome === 'paid') await confirm(caller, orderId, callback as unknown as Record<string, unknown>);
      const { rawBody, headers } = sandbox.sandboxWebhook(order.gatewayOrderId, outcome);
      await handleWebhook('sandbox', rawBody, headers);
      return toApi((await repo.findOrder(pool, orderId))!);
    },

    /** Settles orders nobody heard back about, by asking the gateway. Returns how many were credited. */
    async reconcile(olderThanMinutes = 15, limit = 100): Promise<number> {
      let credited = 0;
      for (const order of await repo.findStaleOrders(pool, olderThanMinutes, limit)) {
        const status = await gateway.fetchOrderStatus(order.gatewayOrderId!).catch((err: unknown) => {
          log('reconcile: gateway did not answer', { orderId: order.id, error: (err as Error).message });
          return null;
        });
        if (status?.status !== 'paid' || status.amountPaise !== order.totalPaise) continue;
        await asService(pool, async (tx) => {
          const locked = (await repo.findOrder(tx, order.id, true))!;
          await repo.recordEvent(tx, { provider: gateway.name, kind: 'reconcile', verified: true, orderId: order.id, summary: { status: status.status } });
          if (locked.status !== 'paid' && locked.status !== 'refunded') credited += 1;
          await settlePaid(tx, locked, status.gatewayPaymentId);
        });
      }
      return credited;
    },
  };
}

export type WalletService = ReturnType<typeof createWalletService>;
