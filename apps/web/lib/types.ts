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
  /** The astrologer's one reply. */
  reply?: { text: string; repliedAt: string } | null;
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
  /** How many ratings of each star count (hidden reviews' ratings still count unless a moderator removed them). */
  ratingDistribution?: Record<1 | 2 | 3 | 4 | 5, number>;
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

/* ---------- astrologer practice: dashboard, clients, analytics; admin metrics ---------- */

export type PracticeMode = 'chat' | 'call' | 'video';

export interface PracticeAmounts {
  grossPaise: number;
  commissionPaise: number;
  netPaise: number;
}

export interface PracticeRating {
  average: number | null;
  count: number;
}

export interface AstrologerDashboard {
  presence: Presence;
  status: AstrologerStatus;
  timeZone: string;
  today: string;
  pending: {
    instantCount: number;
    scheduledCount: number;
    items: {
      id: string;
      kind: 'instant' | 'scheduled';
      mode: PracticeMode;
      customerName: string;
      requestedAt: string;
      expiresAt: string | null;
      scheduledStart: string | null;
      scheduledEnd: string | null;
      pricePaise: number | null;
      ratePaise: number | null;
    }[];
  };
  todaySessions: {
    completed: number;
    upcoming: number;
    minutes: number;
    items: {
      id: string;
      kind: 'instant' | 'scheduled';
      mode: PracticeMode;
      status: string;
      customerName: string;
      startAt: string;
      endAt: string | null;
      minutes: number | null;
    }[];
  };
  todayEarnings: PracticeAmounts;
  rating: PracticeRating;
  recentReviews: { id: string; rating: number; comment: string | null; mode: PracticeMode; createdAt: string }[];
}

export interface PracticeClient {
  userId: string;
  name: string;
  sessionCount: number;
  firstSessionAt: string | null;
  lastSessionAt: string | null;
  totalSpentPaise: number;
  hasNote: boolean;
}

export interface PracticeClientDetail extends PracticeClient {
  note: string | null;
  noteUpdatedAt: string | null;
  consultations: { id: string; kind: 'instant' | 'scheduled'; mode: PracticeMode; status: string; at: string; minutes: number | null; spentPaise: number }[];
}

export type AnalyticsBucket = 'day' | 'week' | 'month';

export interface AnalyticsMetrics {
  sessions: number;
  minutes: number;
  earnings: PracticeAmounts;
  rating: PracticeRating;
  clients: number;
  repeatClients: number;
  repeatClientRate: number | null;
  requests: { accepted: number; declined: number; expired: number };
  acceptanceRate: number | null;
}

export interface PracticeAnalytics {
  from: string;
  to: string;
  bucket: AnalyticsBucket;
  timeZone: string;
  buckets: (AnalyticsMetrics & { start: string })[];
  totals: AnalyticsMetrics;
}

export interface AdminPracticeMetrics {
  from: string;
  to: string;
  consultations: { completed: number; cancelled: number; declined: number; expired: number; noShow: number; completionRate: number | null };
  revenue: { gmvPaise: number; platformRevenuePaise: number; allTimeGmvPaise: number; allTimePlatformRevenuePaise: number };
  activeUsers: { customers7d: number; customers30d: number; astrologers7d: number; astrologers30d: number };
  astrologers: {
    id: string;
    displayName: string;
    status: string;
    sessions: number;
    minutes: number;
    grossPaise: number;
    netPaise: number;
    rating: PracticeRating;
    acceptanceRate: number | null;
  }[];
}
