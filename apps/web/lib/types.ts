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
  /** Whether the signed-in customer follows this astrologer (false when signed out). */
  isFavorite?: boolean;
}

export interface Review {
  id: string;
  rating: number;
  comment: string | null;
  createdAt: string;
}

/** A free slot; start and end carry the viewer's UTC offset, e.g. 2026-03-08T10:00:00-04:00. */
export interface Slot {
  start: string;
  end: string;
  pricePaise: number;
  durationMinutes?: number;
}

export interface AstrologerDetail extends AstrologerCard {
  reviews: Review[];
  nextSlots: Slot[];
}

export interface SlotList {
  astrologerId: string;
  timeZone: string;
  slots: Slot[];
}

export interface NearbyAstrologer extends AstrologerCard {
  distanceKm: number;
  lat: number;
  lon: number;
}

export interface NearbyPage {
  items: NearbyAstrologer[];
  nextCursor: string | null;
  origin: { name: string | null; state: string | null; lat: number; lon: number; radiusKm: number };
}

export interface City {
  name: string;
  state: string | null;
  lat: number;
  lon: number;
  population: number;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface TimeRange {
  start: string;
  end: string;
}

export interface Availability {
  timeZone: string;
  weekly: Record<Weekday, TimeRange[]>;
  overrides: { date: string; ranges: TimeRange[] }[];
  slotMinutes: 15 | 30 | 45 | 60;
  pricePaise: number;
  bufferMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
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
  offersInPerson?: boolean;
  lat?: number | null;
  lon?: number | null;
}
