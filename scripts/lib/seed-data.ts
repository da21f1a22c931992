/**
 * Demo data: fixed so that every `npm start` shows the same catalogue, and keyed by phone number so seeding is
 * idempotent (a second run updates nothing it does not own and inserts nothing twice).
 */
export const SPECIALTIES: [slug: string, name: string][] = [
  ['vedic', 'Vedic'], ['kp', 'KP'], ['numerology', 'Numerology'], ['tarot', 'Tarot'], ['vastu', 'Vastu'],
  ['palmistry', 'Palmistry'], ['prashna', 'Prashna'], ['face-reading', 'Face reading'], ['lal-kitab', 'Lal Kitab'],
  ['nadi', 'Nadi'], ['psychic', 'Psychic'], ['life-coach', 'Life coach'],
];

export const DEMO = {
  admin: { phone: '+919000000000', name: 'Asha (Admin)', code: '123456' },
  customer: { phone: '+919000000001', name: 'Priya Sharma', code: '123456' },
  astrologer: { phone: '+919000010001', code: '123456' },
  customerWalletPaise: 50_000, // ₹500 of demo credit
};

const CITIES: [name: string, lat: number, lon: number][] = [
  ['Varanasi', 25.3176, 82.9739], ['Ujjain', 23.1765, 75.7885], ['Mumbai', 19.076, 72.8777], ['Delhi', 28.6139, 77.209],
  ['Bengaluru', 12.9716, 77.5946], ['Chennai', 13.0827, 80.2707], ['Kolkata', 22.5726, 88.3639], ['Jaipur', 26.9124, 75.7873],
  ['Pune', 18.5204, 73.8567], ['Hyderabad', 17.385, 78.4867], ['Haridwar', 29.9457, 78.1642], ['Ahmedabad', 23.0225, 72.5714],
  ['Lucknow', 26.8467, 80.9462], ['Kochi', 9.9312, 76.2673], ['Bhubaneswar', 20.2961, 85.8245], ['Nashik', 19.9975, 73.7898],
];

const FIRST = ['Acharya Raghav', 'Pandit Shivnarayan', 'Meera', 'Tara', 'Vikram', 'Lakshmi', 'Arjun', 'Savitri', 'Dev',
  'Kavya', 'Guruji Omkar', 'Ananya', 'Rudra', 'Ishita', 'Mahesh', 'Gayatri', 'Surya', 'Radhika', 'Neel', 'Padma',
  'Aditya', 'Bhavna', 'Harish', 'Nandini', 'Keshav', 'Shreya', 'Yogesh', 'Uma', 'Prakash', 'Divya', 'Sanjay', 'Jyoti'];
const LAST = ['Shastri', 'Joshi', 'Iyer', 'Mishra', 'Trivedi', 'Nair', 'Bhatt', 'Upadhyay', 'Rao', 'Kulkarni', 'Pandey',
  'Menon', 'Chaturvedi', 'Desai', 'Sharma', 'Banerjee'];
const LANGUAGE_SETS = [['Hindi', 'English'], ['Hindi'], ['English', 'Tamil'], ['Hindi', 'Sanskrit'], ['Marathi', 'Hindi'],
  ['Bengali', 'Hindi', 'English'], ['Telugu', 'English'], ['Gujarati', 'Hindi'], ['Kannada', 'English'], ['Malayalam', 'English'],
  ['Punjabi', 'Hindi'], ['Odia', 'Hindi']];
const GENDERS = ['male', 'male', 'female', 'female', 'male', 'female', 'male', 'female'] as const;

export interface SeedAstrologer {
  phone: string;
  displayName: string;
  bio: string;
  gender: 'male' | 'female';
  languages: string[];
  experienceYears: number;
  city: string;
  lat: number;
  lon: number;
  specialties: string[];
  priceChatPaise: number;
  priceCallPaise: number;
  priceVideoPaise: number;
  ratingAvg: number;
  ratingCount: number;
  verified: boolean;
  presence: 'online' | 'busy' | 'offline';
  /** Meets customers in person (pooja, kundli reading) at a coarse location near the city centre. */
  offersInPerson: boolean;
}

/** 32 approved astrologers with varied specialties, languages, prices, cities, ratings and presence. */
export function seedAstrologers(): SeedAstrologer[] {
  return FIRST.map((first, i) => {
    const [city, cityLat, cityLon] = CITIES[i % CITIES.length]!;
    // A few km from the centre, rounded to ~1 km: a locality, never an address.
    const lat = Math.round((cityLat + (((i * 37) % 9) - 4) * 0.01) * 100) / 100;
    const lon = Math.round((cityLon + (((i * 53) % 9) - 4) * 0.01) * 100) / 100;
    const specialties = [SPECIALTIES[i % 12]![0], SPECIALTIES[(i * 5 + 3) % 12]![0], ...(i % 3 === 0 ? [SPECIALTIES[(i + 7) % 12]![0]] : [])];
    const chat = (10 + ((i * 7) % 9) * 5) * 100; // ₹10–₹50 a minute
    const experienceYears = 2 + ((i * 11) % 28);
    const languages = LANGUAGE_SETS[i % LANGUAGE_SETS.length]!;
    const uniq = [...new Set(specialties)];
    const names = uniq.map((s) => SPECIALTIES.find(([slug]) => slug === s)![1]);
    return {
      phone: `+9190000${String(10001 + i).padStart(5, '0')}`,
      displayName: first.includes(' ') ? first : `${first} ${LAST[i % LAST.length]}`,
      bio: `${experienceYears} years of practice in ${names.join(', ')}. Consults in ${languages.join(' and ')} from ${city}. ` +
        'Clear, practical guidance on career, marriage, health and finance — no fear-mongering, no costly remedies pushed.',
      gender: GENDERS[i % GENDERS.length]!,
      languages,
      experienceYears,
      city, lat, lon,
      specialties: uniq,
      priceChatPaise: chat,
      priceCallPaise: chat + 500,
      priceVideoPaise: i % 4 === 3 ? 0 : chat + 1500, // some do not offer video
      ratingAvg: Math.round((3.6 + ((i * 13) % 14) / 10) * 100) / 100,
      ratingCount: 20 + ((i * 97) % 1900),
      verified: i % 3 !== 2,
      presence: (['online', 'online', 'busy', 'offline'] as const)[i % 4]!,
      offersInPerson: i % 3 !== 1,
    };
  });
}
