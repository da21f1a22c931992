import { DomainError, conflict, invalid, notFound } from '@ap/core';

export const consultationNotFound = () => notFound('consultation_not_found', 'no such consultation');
export const sessionNotActive = (status: string) =>
  new DomainError('conflict', 'session_not_active', 'messages can only be sent while the session is in progress; history stays readable', { status });
export const duplicateWithOtherContent = () =>
  conflict('client_msg_id_reused', 'this clientMsgId was already used for a different message');
export const unsupportedAttachment = () =>
  invalid('unsupported_attachment', 'attachments are JPEG, PNG or WebP images or PDF files, recognised by their content');
export const attachmentTooLarge = (max: number) => invalid('attachment_too_large', `attachments are at most ${max} bytes`);
export const emptyAttachment = () => invalid('attachment_required', 'send the file bytes as the request body');
export const attachmentNotFound = () => notFound('attachment_not_found', 'no such attachment');
