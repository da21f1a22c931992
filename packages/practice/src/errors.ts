import { notFound } from '@ap/core';

/** Not a customer this astrologer has consulted with (or no such customer: the two are not told apart). */
export const clientNotFound = () => notFound('client_not_found', 'no such client of yours');
