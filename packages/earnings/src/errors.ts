import { DomainError, conflict, notFound } from '@ap/core';

/** The request is for more than the earnings not already reserved; `availablePaise` says how much may be asked. */
export const payoutExceedsAvailable = (availablePaise: number) =>
  new DomainError('conflict', 'payout_exceeds_available', `at most ${availablePaise} paise is available to withdraw`, { availablePaise });
export const payoutNotFound = () => notFound('payout_not_found', 'no such payout');
export const payoutAlreadyDecided = (status: string) => conflict('payout_already_decided', `this payout was already ${status}`);
