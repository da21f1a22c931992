export { createChatService, sniffAttachment, MAX_ATTACHMENT_BYTES, type ChatService, type ChatMessage, type ChatEvents, type ChatDeps, type PartyRole } from './service.js';
export { chatRoutes } from './http.js';
export { maskContactDetails, PHONE_MASK, EMAIL_MASK } from './mask.js';
export * as chatSchemas from './schemas.js';
