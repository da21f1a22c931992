import { invalid } from '@ap/core';
import { idempotencyKeyFrom, route, z, type AnyRoute } from '@ap/http';
import { ledgerSchemas } from '@ap/ledger';
import {
  confirmInput, orderOutput, orderParams, packsOutput, providerParams, rechargeInput, sandboxInput, statementQuery, webhookOutput,
} from './schemas.js';
import type { WalletService } from './service.js';


/** Customer wallet (user service): /api/user/wallet/*, and gateway webhooks at /api/user/payments/:provider/webhook. */
export function walletRoutes(wallet: WalletService): AnyRoute[] {
  const tags = ['wallet'];
  const { config } = wallet;
  return [
    route({
      method: 'get', path: '/wallet/balance', tags, access: 'user', summary: 'My wallet: balance, held for sessions, available',
      response: ledgerSchemas.balanceOutput,
      handler: ({ caller }) => wallet.balance(caller),
    }),
    route({
      method: 'get', path: '/wallet/transactions', tags, access: 'user',
      summary: 'My wallet history, newest first: each entry with its amount, the balance after it, its reference and GST',
      query: ledgerSchemas.transactionsQuery, response: ledgerSchemas.transactionsPage,
      handler: ({ caller, query }) => wallet.transactions(caller, query),
    }),
    route({
      method: 'get', path: '/wallet/statement.csv', tags, access: 'user', status: 200,
      summary: 'My statement for a date range (calendar days in tz, default Asia/Kolkata), as CSV',
      query: statementQuery, response: null,
      handler: async ({ caller, query, res }) => {
        const csv = await wallet.statementCsv(caller, query.from, query.to, query.tz);
        res.status(200).type('text/csv; charset=utf-8')
          .set('Content-Disposition', `attachment; filename="anytime-pooja-statement-${query.from}-to-${query.to}.csv"`)
          .send(csv);
      },
    }),
    route({
      method: 'get', path: '/wallet/packs', tags, access: 'public', summary: 'Recharge packs, limits, and the GST added on top',
      response: packsOutput,
      handler: async () => ({ packsPaise: config.packsPaise, minPaise: config.minPaise, maxPaise: config.maxPaise, gstBps: config.gstBps, provider: wallet.gatewayName }),
    }),
    route({
      method: 'post', path: '/wallet/recharge', tags, access: 'user', status: 201, errors: [422, 503],
      summary: 'Start a recharge: creates the gateway order (amount + GST) and returns what the client needs to pay',
      description: 'Requires an `Idempotency-Key` header: a retry with the same key returns the same order; the same key with another body is refused with 422.',
      body: rechargeInput(config), response: orderOutput,
      rateLimit: { name: 'wallet_recharge_ip', points: 60, durationSeconds: 3600 },
      handler: ({ caller, body, req }) => wallet.recharge(caller, body, idempotencyKeyFrom(req.headers['idempotency-key'])),
    }),
    route({
      method: 'get', path: '/wallet/recharge/:orderId', tags, access: 'user', errors: [404],
      summary: 'One of my recharges and its status', params: orderParams, response: orderOutput,
      handler: ({ caller, params }) => wallet.getOrder(caller, params.orderId),
    }),
    route({
      method: 'post', path: '/wallet/recharge/:orderId/confirm', tags, access: 'user', errors: [404, 503],
      summary: "Relay the checkout's callback: the payment is verified (signature, or the gateway itself) and credited once",
      params: orderParams, body: confirmInput, response: orderOutput,
      handler: ({ caller, params, body }) => wallet.confirm(caller, params.orderId, body.payload),
    }),
    route({
      method: 'post', path: '/wallet/recharge/:orderId/sandbox', tags, access: 'user', errors: [404],
      summary: 'Sandbox gateway only: pay or fail this order, as its checkout page would',
      params: orderParams, body: sandboxInput, response: orderOutput,
      handler: ({ caller, params, body }) => wallet.simulateSandbox(caller, params.orderId, body.outcome),
    }),
    route({
      method: 'post', path: '/payments/:provider/webhook', tags: ['payments'], access: 'public',
      summary: "The payment gateway's webhook (signature verified over the raw body)",
      params: providerParams, body: z.unknown(), response: webhookOutput,
      rateLimit: { name: 'payment_webhook_ip', points: 6000, durationSeconds: 60 },
      handler: async ({ params, rawBody, req }) => {
        if (params.provider !== wallet.gatewayName) throw invalid('unknown_provider', `this deployment takes payments through ${wallet.gatewayName}`);
        if (!rawBody) throw invalid('invalid_signature', 'a webhook body must be JSON');
        await wallet.handleWebhook(params.provider, rawBody, req.headers);
        return { received: true };
      },
    }),
  ];
}
