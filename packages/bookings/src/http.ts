import { invalid } from '@ap/core';
import { route, type AnyRoute } from '@ap/http';
import {
  astrologerBookingOutput, astrologerBookingPage, bookInput, customerBookingOutput, customerBookingPage, idParams, listQuery, policyOutput, statusInput,
} from './schemas.js';
import type { BookingService } from './service.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,200}$/;

function idempotencyKey(header: string | string[] | undefined): string {
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || !IDEMPOTENCY_KEY.test(key)) {
    throw invalid('idempotency_key_required', 'send an Idempotency-Key header (8–200 letters, digits, . _ : -) with every money-moving request');
  }
  return key;
}

const keyNote = 'Requires an `Idempotency-Key` header: a retry with the same key returns the first answer; the same key with another body is refused with 422.';

/** Customer app (user service): /api/user/consultations/*. */
export function customerBookingRoutes(bookings: BookingService): AnyRoute[] {
  const tags = ['bookings'];
  return [
    route({
      method: 'get', path: '/consultations/policy', tags, access: 'public',
      summary: 'The booking money rules: request expiry, free and late cancellation, commission', response: policyOutput,
      handler: async () => bookings.policy(),
    }),
    route({
      method: 'post', path: '/consultations/book', tags, access: 'user', status: 201, errors: [402, 404, 409, 422],
      summary: "Book a free slot: its price is held from my wallet and the astrologer asked to confirm",
      description: `${keyNote} 402 insufficient_balance carries shortfallPaise and where to recharge; 409 slot_unavailable when the slot is taken or no longer offered.`,
      body: bookInput, response: customerBookingOutput,
      rateLimit: { name: 'booking_ip', points: 120, durationSeconds: 3600 },
      handler: ({ caller, body, req }) => bookings.book(caller, body, idempotencyKey(req.headers['idempotency-key'])),
    }),
    route({
      method: 'get', path: '/consultations', tags, access: 'user',
      summary: 'My booked consultations: upcoming (soonest first), past or all (latest first)',
      query: listQuery, response: customerBookingPage,
      handler: ({ caller, query }) => bookings.listForCustomer(caller, query),
    }),
    route({
      method: 'post', path: '/consultations/:id/cancel', tags, access: 'user', errors: [404, 409, 422],
      summary: 'Cancel my booking; the refund follows the policy (free when early or unconfirmed, a fee when late)',
      description: keyNote,
      params: idParams, response: customerBookingOutput,
      handler: ({ caller, params, req }) => bookings.cancel(caller, params.id, idempotencyKey(req.headers['idempotency-key'])),
    }),
  ];
}

/** Astrologer portal (astrologer service): /api/astrologer/consultations, /api/astrologer/consultation/:id/status. */
export function astrologerBookingRoutes(bookings: BookingService): AnyRoute[] {
  const tags = ['bookings'];
  return [
    route({
      method: 'get', path: '/consultations', tags, access: 'astrologer',
      summary: "My booked consultations (the customer's name only)", query: listQuery, response: astrologerBookingPage,
      handler: ({ caller, query }) => bookings.listForAstrologer(caller, query),
    }),
    route({
      method: 'put', path: '/consultation/:id/status', tags, access: 'astrologer', errors: [404, 409],
      summary: 'Confirm, decline, start, complete, cancel or report a no-show for one of my bookings',
      description: 'Money moves with the status: completion captures the price (minus commission); declining, cancelling or a no-show refunds the customer. 409 invalid_transition when the move is not allowed from the current status.',
      params: idParams, body: statusInput, response: astrologerBookingOutput,
      handler: ({ caller, params, body }) => bookings.changeStatus(caller, params.id, body.status),
    }),
  ];
}
