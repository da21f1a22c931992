export { createAuthService, type AuthService, type AuthDeps, type AuthLimits, type Session, type OtpSent } from './service.js';
export { createTokenService, type TokenService, type Role } from './tokens.js';
export { normalisePhone, maskPhone } from './phone.js';
export { OTP_RULES, hashCode, type Kind } from './rules.js';
export { authRoutes } from './http.js';
export * as authSchemas from './schemas.js';
export { createSupabaseVerifier, combinedVerifier, supabasePhoneToE164, kindOf, rolesOf, type SupabaseAuthConfig, type SupabaseVerifier } from './supabase.js';
