import type { AstrologerStatus } from './session';

export interface Specialty {
  slug: string;
  name: string;
}

export type Presence = 'online' | 'busy' | 'offline';

export interface AstrologerCard {
  id: string;
  displayName: string;
  photoUrl: string | null;
  bio: string | null;
  specialties: Specialty[];
  languages: string[];
  experienceYears: number | null;
  gender: string | null;
  city: string | null;
  ratingAvg: number | null;
  ratingCount: number;
  priceChatPaise: number | null;
  priceCallPaise: number | null;
  priceVideoPaise: number | null;
  presence: Presence;
  verified: boolean;
}

export interface PendingAstrologer extends AstrologerCard {
  status: AstrologerStatus;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface OtpSent {
  otpSentTo: string;
  resendAfterSeconds: number;
}

export type Gender = 'female' | 'male' | 'other';

export interface CustomerProfile {
  id: string;
  phone: string;
  name: string | null;
  email: string | null;
  gender: Gender | null;
  language: string | null;
  birthDate: string | null;
  birthTime: string | null;
  birthPlace: string | null;
  birthLat: number | null;
  birthLon: number | null;
  birthTz: string | null;
}

export interface AstrologerProfile {
  id: string;
  phone: string;
  displayName: string | null;
  bio: string | null;
  languages: string[];
  experienceYears: number | null;
  gender: Gender | null;
  city: string | null;
  specialties: string[];
  priceChatPaise: number | null;
  priceCallPaise: number | null;
  priceVideoPaise: number | null;
  status: AstrologerStatus;
  verified: boolean;
  photoUrl: string | null;
}
