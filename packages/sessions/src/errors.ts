import { DomainError, conflict, forbidden, notFound } from '@ap/core';

export const sessionNotFound = () => notFound('session_not_found', 'no such session');
export const astrologerUnavailable = () => notFound('astrologer_not_found', 'no such astrologer');
export const modeNotOffered = () => conflict('mode_not_offered', 'this astrologer does not offer this kind of consultation');
export const astrologerOffline = () => conflict('astrologer_offline', 'the astrologer is offline');
export const astrologerBusy = () =>
  new DomainError('conflict', 'astrologer_busy', 'the astrologer is in another session; join the waitlist to be told when they are free');
export const alreadyOpen = (sessionId: string) =>
  new DomainError('conflict', 'session_already_open', 'you already have a session requested or in progress', { sessionId });
export const requestExpired = () => conflict('request_expired', 'this request has expired');
export const wrongState = (status: string, action: string) =>
  new DomainError('conflict', 'invalid_session_state', `cannot ${action} a session that is ${status}`, { status });
export const notYourSession = () => forbidden('not_your_session', 'only the two parties of a session may do this');
export const notMediaSession = () => conflict('not_a_media_session', 'this is a chat session; media is for calls and video');
/** 402 with the amount to recharge, like the ledger's insufficient_balance. */
export const balanceTooLow = (shortfallPaise: number, minutes: number) =>
  new DomainError('payment_required', 'insufficient_balance', `a session needs ${minutes} minutes of balance; short by ${shortfallPaise} paise`, { shortfallPaise, minutes });
