export { createWalletService, type WalletService, type WalletConfig, type WalletDeps } from './service.js';
export { walletRoutes } from './http.js';
export * as walletSchemas from './schemas.js';
