import { timeZoneSchema } from '@ap/core';
import { z } from '@ap/http';

const gender = z.enum(['female', 'male', 'other']);

// Only complain about an empty update when nothing else is wrong (unknown fields are reported as such).
const atLeastOneField = (v: object) => Object.keys(v).length > 0;
const noIssuesYet = (p: { issues: unknown[] }) => p.issues.length === 0;

export const userProfileOutput = z
  .object({
    id: z.uuid(),
    phone: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    gender: gender.nullable(),
    language: z.string().nullable(),
    birthDate: z.string().nullable().openapi({ example: '1990-04-15' }),
    birthTime: z.string().nullable().openapi({ example: '06:30' }),
    birthPlace: z.string().nullable(),
    birthLat: z.number().nullable(),
    birthLon: z.number().nullable(),
    birthTz: z.string().nullable().openapi({ example: 'Asia/Kolkata' }),
  })
  .openapi('UserProfile');

export const updateUserProfileInput = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    email: z.email().max(254).nullable(),
    gender: gender.nullable(),
    language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language code such as "hi" or "en-IN"').nullable(),
    birthDate: z.iso
      .date()
      .refine((d) => d >= '1800-01-01' && d <= new Date().toISOString().slice(0, 10), 'birth date must be in the past')
      .nullable(),
    birthTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time as HH:MM (24-hour)').nullable(),
    birthPlace: z.string().trim().min(1).max(200).nullable(),
    birthLat: z.number().min(-90).max(90).nullable(),
    birthLon: z.number().min(-180).max(180).nullable(),
    birthTz: timeZoneSchema().nullable(),
  })
  .partial()
  .refine(atLeastOneField, { message: 'send at least one field to change', when: noIssuesYet })
  .refine((v) => (v.birthLat === undefined) === (v.birthLon === undefined), { message: 'send birthLat and birthLon together', path: ['birthLon'] })
  .openapi('UpdateUserProfile');

const paise = z.number().int().min(0).max(10_000_000);

export const astrologerProfileOutput = z
  .object({
    id: z.uuid(),
    phone: z.string(),
    displayName: z.string(),
    bio: z.string(),
    languages: z.array(z.string()),
    experienceYears: z.number().int(),
    gender: gender.nullable(),
    city: z.string().nullable(),
    specialties: z.array(z.string()),
    priceChatPaise: z.number().int(),
    priceCallPaise: z.number().int(),
    priceVideoPaise: z.number().int(),
    status: z.enum(['pending', 'approved', 'suspended']),
    verified: z.boolean(),
    photoUrl: z.string().nullable(),
    offersInPerson: z.boolean(),
    presence: z.enum(['online', 'busy', 'offline']),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
  })
  .openapi('AstrologerProfile');

export const updateAstrologerProfileInput = z
  .strictObject({
    displayName: z.string().trim().min(1).max(100),
    bio: z.string().max(4000),
    languages: z.array(z.string().trim().min(2).max(30)).max(12),
    experienceYears: z.number().int().min(0).max(80),
    gender: gender.nullable(),
    city: z.string().trim().min(1).max(100).nullable(),
    specialties: z.array(z.string().regex(/^[a-z0-9-]{2,40}$/)).max(12),
    priceChatPaise: paise,
    priceCallPaise: paise,
    priceVideoPaise: paise,
    offersInPerson: z.boolean().openapi({ description: 'Meets customers in person (shown on the nearby map)' }),
    lat: z.number().min(-90).max(90).nullable().openapi({ description: 'Where you consult: a city centre or locality, never a home address' }),
    lon: z.number().min(-180).max(180).nullable(),
  })
  .partial()
  .refine((v) => (v.lat === undefined) === (v.lon === undefined), { message: 'send lat and lon together', path: ['lon'] })
  .refine(atLeastOneField, { message: 'send at least one field to change', when: noIssuesYet })
  .openapi('UpdateAstrologerProfile');

export const idParams = z.strictObject({ id: z.uuid() });

export type UserProfile = z.infer<typeof userProfileOutput>;
export type UpdateUserProfileInput = z.infer<typeof updateUserProfileInput>;
export type AstrologerProfile = z.infer<typeof astrologerProfileOutput>;
export type UpdateAstrologerProfileInput = z.infer<typeof updateAstrologerProfileInput>;
