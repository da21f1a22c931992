import { z } from '@ap/http';

const phone = z.string().trim().min(3).max(32).openapi({ example: '+91 98765 43210', description: 'Mobile number; +91 is assumed when no country code is given' });

export const signupInput = z.strictObject({ phone, name: z.string().trim().min(1).max(100) }).openapi('SignupInput');
export const loginInput = z.strictObject({ phone }).openapi('LoginInput');
export const verifyInput = z
  .strictObject({ phone, code: z.string().regex(/^\d{6}$/, 'the code is 6 digits') })
  .openapi('VerifyInput');
export const refreshInput = z.strictObject({ refreshToken: z.string().min(20).max(200) }).openapi('RefreshInput');

export const otpSentOutput = z
  .object({ otpSentTo: z.string().openapi({ example: '+91******3210' }), resendAfterSeconds: z.number().int() })
  .openapi('OtpSent');

export const authUserOutput = z
  .object({
    id: z.uuid(),
    kind: z.enum(['user', 'astrologer']),
    roles: z.array(z.enum(['user', 'astrologer', 'admin'])),
    name: z.string(),
    status: z.enum(['pending', 'approved', 'suspended']).optional(),
  })
  .openapi('AuthUser');

export const sessionOutput = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string(),
    expiresIn: z.number().int().openapi({ description: 'Access token lifetime in seconds' }),
    user: authUserOutput,
  })
  .openapi('Session');
