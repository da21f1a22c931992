import { DomainError, conflict, invalid, notFound } from '@ap/core';

export const astrologerNotFound = () => notFound('astrologer_not_found', 'no such astrologer');
export const bookingNotFound = () => notFound('consultation_not_found', 'no such consultation');
export const slotUnavailable = () => conflict('slot_unavailable', 'this slot is not available (taken, past, or not offered)');
export const transitionRefused = (code: string, message: string, from: string, to: string) =>
  new DomainError('conflict', code, message, { from, to });
/** 402 with what to recharge: the wallet cannot cover the slot's price. */
export const insufficientForBooking = (shortfallPaise: number, pricePaise: number) =>
  new DomainError('payment_required', 'insufficient_balance', `the wallet is short by ${shortfallPaise} paise for this slot`, {
    shortfallPaise, pricePaise, recharge: { href: '/api/user/wallet/recharge', minimumPaise: shortfallPaise },
  });
export const modeNotOffered = (mode: string) =>
  invalid('mode_not_offered', `this astrologer does not offer ${mode} consultations`, {
    errors: [{ in: 'body', path: 'mode', message: `${mode} is not offered`, code: 'mode_not_offered' }],
  });
