import { paiseFromRupees } from './format';

/**
 * The customer search as it lives in the page URL (prices in rupees, readable and shareable), and as the API
 * takes it (prices in paise). Unknown or malformed URL values are dropped rather than sent.
 */
export interface SearchState {
  q: string;
  specialty: string;
  language: string;
  mode: '' | 'chat' | 'call' | 'video';
  minPrice: string;
  maxPrice: string;
  minRating: string;
  gender: '' | 'female' | 'male' | 'other';
  online: boolean;
  sort: '' | 'relevance' | 'rating' | 'price' | 'experience' | 'popularity';
}

export const EMPTY_SEARCH: SearchState = {
  q: '', specialty: '', language: '', mode: '', minPrice: '', maxPrice: '', minRating: '', gender: '', online: false, sort: '',
};

export const MODES = [
  ['chat', 'Chat'],
  ['call', 'Call'],
  ['video', 'Video'],
] as const;

export const SORTS = [
  ['relevance', 'Best match'],
  ['rating', 'Top rated'],
  ['price', 'Price: low to high'],
  ['experience', 'Most experienced'],
  ['popularity', 'Most consultations'],
] as const;

export const RATINGS = ['4.5', '4', '3.5', '3'] as const;

export const GENDERS = [
  ['female', 'Female'],
  ['male', 'Male'],
  ['other', 'Other'],
] as const;

/** Languages astrologers list (stored as English names, matched case-insensitively by the API). */
export const LANGUAGES = [
  'Hindi', 'English', 'Bengali', 'Marathi', 'Telugu', 'Tamil', 'Gujarati', 'Kannada', 'Malayalam', 'Punjabi', 'Odia', 'Sanskrit', 'Urdu', 'Assamese',
];

const oneOf = <T extends string>(value: string | null, allowed: readonly T[]): T | '' => (allowed.includes(value as T) ? (value as T) : '');
const price = (v: string | null) => (v && /^\d+(\.\d{1,2})?$/.test(v) ? v : '');

export function parseSearch(params: URLSearchParams): SearchState {
  const rating = params.get('minRating');
  return {
    q: (params.get('q') ?? '').slice(0, 100),
    specialty: /^[a-z0-9-]{2,40}(,[a-z0-9-]{2,40})*$/.test(params.get('specialty') ?? '') ? params.get('specialty')! : '',
    language: (params.get('language') ?? '').trim().slice(0, 30),
    mode: oneOf(params.get('mode'), ['chat', 'call', 'video'] as const),
    minPrice: price(params.get('minPrice')),
    maxPrice: price(params.get('maxPrice')),
    minRating: rating && Number(rating) > 0 && Number(rating) <= 5 ? rating : '',
    gender: oneOf(params.get('gender'), ['female', 'male', 'other'] as const),
    online: params.get('online') === '1' || params.get('online') === 'true',
    sort: oneOf(params.get('sort'), ['relevance', 'rating', 'price', 'experience', 'popularity'] as const),
  };
}

/** The page URL's query for a search; defaults are left out so URLs stay short. */
export function searchToUrl(s: SearchState): string {
  const out = new URLSearchParams();
  if (s.q.trim()) out.set('q', s.q.trim());
  if (s.specialty) out.set('specialty', s.specialty);
  if (s.language) out.set('language', s.language);
  if (s.mode) out.set('mode', s.mode);
  if (s.minPrice) out.set('minPrice', s.minPrice);
  if (s.maxPrice) out.set('maxPrice', s.maxPrice);
  if (s.minRating) out.set('minRating', s.minRating);
  if (s.gender) out.set('gender', s.gender);
  if (s.online) out.set('online', '1');
  if (s.sort && s.sort !== defaultSort(s)) out.set('sort', s.sort);
  return out.toString();
}

/** What the API sorts by when no sort is sent: relevance with text, else rating. */
export const defaultSort = (s: Pick<SearchState, 'q'>): SearchState['sort'] => (s.q.trim() ? 'relevance' : 'rating');

export function effectiveSort(s: SearchState): SearchState['sort'] {
  // "Best match" needs words to match; without them the API refuses it.
  if (!s.sort || (s.sort === 'relevance' && !s.q.trim())) return defaultSort(s);
  return s.sort;
}

/** Why this price range cannot be searched, or null. */
/** What is wrong with the typed price range, as a message key: not rupees, or the maximum below the minimum. */
export function priceProblem(s: Pick<SearchState, 'minPrice' | 'maxPrice'>): 'format' | 'order' | null {
  const min = paiseFromRupees(s.minPrice);
  const max = paiseFromRupees(s.maxPrice);
  if (Number.isNaN(min) || Number.isNaN(max)) return 'format';
  if (min !== null && max !== null && min > max) return 'order';
  return null;
}

export function searchToApi(s: SearchState, limit: number, cursor: string | null): URLSearchParams {
  const out = new URLSearchParams();
  if (s.q.trim()) out.set('q', s.q.trim());
  if (s.specialty) out.set('specialty', s.specialty);
  if (s.language) out.set('language', s.language);
  if (s.mode) out.set('mode', s.mode);
  const min = paiseFromRupees(s.minPrice);
  const max = paiseFromRupees(s.maxPrice);
  if (min !== null && !Number.isNaN(min)) out.set('minPricePaise', String(min));
  if (max !== null && !Number.isNaN(max)) out.set('maxPricePaise', String(max));
  if (s.minRating) out.set('minRating', s.minRating);
  if (s.gender) out.set('gender', s.gender);
  if (s.online) out.set('online', 'true');
  const sort = effectiveSort(s);
  if (sort !== defaultSort(s)) out.set('sort', sort);
  out.set('limit', String(limit));
  if (cursor) out.set('cursor', cursor);
  return out;
}

/** How many filters (not the words or the sort) are set. */
export function activeFilterCount(s: SearchState): number {
  return [s.specialty, s.language, s.mode, s.minPrice || s.maxPrice, s.minRating, s.gender, s.online].filter(Boolean).length;
}
