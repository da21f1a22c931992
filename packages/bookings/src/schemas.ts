import { z } from '@ap/http';
import { BOOKING_STATUSES } from './rules.js';

const instant = z.iso.datetime({ offset: true });

export const bookInput = z
  .strictObject({
    astrologerId: z.uuid(),
    mode: z.enum(['chat', 'call', 'video']),
    slotStart: instant.openapi({ description: 'The start of a free slot, as listed by /astrologers/{id}/slots', example: '2026-12-07T10:00:00+05:30' }),
  })
  .openapi('BookConsultation');

export const idParams = z.strictObject({ id: z.uuid() });

export const statusInput = z
  .strictObject({ status: z.enum(['confirmed', 'declined', 'in_progress', 'completed', 'cancelled', 'no_show']) })
  .openapi('ConsultationStatusChange');

export const listQuery = z.strictObject({
  filter: z.enum(['upcoming', 'past', 'all']).default('upcoming'),
  status: z.enum(BOOKING_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

const money = z
  .object({
    heldPaise: z.int().openapi({ description: 'Reserved from the wallet when booked' }),
    capturedPaise: z.int().openapi({ description: 'Charged (completion or late-cancellation fee)' }),
    releasedPaise: z.int().openapi({ description: 'Given back to the wallet' }),
  })
  .nullable();

const common = {
  id: z.uuid(),
  mode: z.enum(['chat', 'call', 'video']),
  status: z.enum(BOOKING_STATUSES),
  pricePaise: z.int(),
  slotStart: z.iso.datetime(),
  slotEnd: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable().openapi({ description: 'When an unanswered request lapses' }),
  cancelledBy: z.enum(['customer', 'astrologer']).nullable(),
  money,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
};

export const customerBookingOutput = z
  .object({ ...common, astrologer: z.object({ id: z.uuid(), name: z.string() }) })
  .openapi('Booking');

/** What an astrologer sees of a booking: the customer's name, never their phone or id. */
export const astrologerBookingOutput = z
  .object({ ...common, customer: z.object({ name: z.string() }) })
  .openapi('AstrologerBooking');

export const customerBookingPage = z.object({ items: z.array(customerBookingOutput), nextCursor: z.string().nullable() }).openapi('Bookings');
export const astrologerBookingPage = z
  .object({ items: z.array(astrologerBookingOutput), nextCursor: z.string().nullable() })
  .openapi('AstrologerBookings');

export const policyOutput = z
  .object({
    requestTtlMinutes: z.int().openapi({ description: 'An unanswered request expires (fully refunded) after this long' }),
    freeCancelHours: z.int().openapi({ description: 'Cancelling a confirmed booking at least this long before it starts is free' }),
    lateCancelFeeBps: z.int().openapi({ description: 'Share of the price kept on a later cancellation, in basis points' }),
    commissionBps: z.int().openapi({ description: "The platform's share of what is charged, in basis points" }),
    reminderLeadMinutes: z.int(),
    noShowGraceMinutes: z.int().openapi({ description: 'A confirmed booking nobody started is refunded this long after its end' }),
    earlyStartMinutes: z.int(),
    rules: z.array(z.string()),
  })
  .openapi('BookingPolicy');

export type BookInput = z.output<typeof bookInput>;
export type ListQuery = z.output<typeof listQuery>;
export type CustomerBooking = z.infer<typeof customerBookingOutput>;
export type AstrologerBooking = z.infer<typeof astrologerBookingOutput>;
export type BookingPolicy = z.infer<typeof policyOutput>;
