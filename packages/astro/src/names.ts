import type { Graha } from './ephemeris.js';

/** Sign keys in zodiac order (Aries = 0), as used in URLs and the API. */
export const SIGNS = ['aries', 'taurus', 'gemini', 'cancer', 'leo', 'virgo', 'libra', 'scorpio', 'sagittarius', 'capricorn', 'aquarius', 'pisces'] as const;
export type Sign = (typeof SIGNS)[number];

export const SIGN_NAMES: Record<Sign, { en: string; sanskrit: string; hi: string }> = {
  aries: { en: 'Aries', sanskrit: 'Mesha', hi: 'मेष' },
  taurus: { en: 'Taurus', sanskrit: 'Vrishabha', hi: 'वृषभ' },
  gemini: { en: 'Gemini', sanskrit: 'Mithuna', hi: 'मिथुन' },
  cancer: { en: 'Cancer', sanskrit: 'Karka', hi: 'कर्क' },
  leo: { en: 'Leo', sanskrit: 'Simha', hi: 'सिंह' },
  virgo: { en: 'Virgo', sanskrit: 'Kanya', hi: 'कन्या' },
  libra: { en: 'Libra', sanskrit: 'Tula', hi: 'तुला' },
  scorpio: { en: 'Scorpio', sanskrit: 'Vrishchika', hi: 'वृश्चिक' },
  sagittarius: { en: 'Sagittarius', sanskrit: 'Dhanu', hi: 'धनु' },
  capricorn: { en: 'Capricorn', sanskrit: 'Makara', hi: 'मकर' },
  aquarius: { en: 'Aquarius', sanskrit: 'Kumbha', hi: 'कुंभ' },
  pisces: { en: 'Pisces', sanskrit: 'Meena', hi: 'मीन' },
};

/** Lord of each sign (Aries = 0). */
export const SIGN_LORDS: readonly Graha[] = ['mars', 'venus', 'mercury', 'moon', 'sun', 'mercury', 'venus', 'mars', 'jupiter', 'saturn', 'saturn', 'jupiter'];

export const NAKSHATRAS = [
  'Ashwini', 'Bharani', 'Krittika', 'Rohini', 'Mrigashira', 'Ardra', 'Punarvasu', 'Pushya', 'Ashlesha', 'Magha',
  'Purva Phalguni', 'Uttara Phalguni', 'Hasta', 'Chitra', 'Swati', 'Vishakha', 'Anuradha', 'Jyeshtha', 'Mula',
  'Purva Ashadha', 'Uttara Ashadha', 'Shravana', 'Dhanishta', 'Shatabhisha', 'Purva Bhadrapada', 'Uttara Bhadrapada', 'Revati',
] as const;

export const NAKSHATRAS_HI = [
  'अश्विनी', 'भरणी', 'कृत्तिका', 'रोहिणी', 'मृगशिरा', 'आर्द्रा', 'पुनर्वसु', 'पुष्य', 'आश्लेषा', 'मघा', 'पूर्वा फाल्गुनी',
  'उत्तरा फाल्गुनी', 'हस्त', 'चित्रा', 'स्वाति', 'विशाखा', 'अनुराधा', 'ज्येष्ठा', 'मूल', 'पूर्वाषाढ़ा', 'उत्तराषाढ़ा', 'श्रवण',
  'धनिष्ठा', 'शतभिषा', 'पूर्वा भाद्रपद', 'उत्तरा भाद्रपद', 'रेवती',
] as const;

export const TITHIS = [
  'Pratipada', 'Dwitiya', 'Tritiya', 'Chaturthi', 'Panchami', 'Shashthi', 'Saptami', 'Ashtami', 'Navami', 'Dashami',
  'Ekadashi', 'Dwadashi', 'Trayodashi', 'Chaturdashi',
] as const;

export const YOGAS = [
  'Vishkambha', 'Priti', 'Ayushman', 'Saubhagya', 'Shobhana', 'Atiganda', 'Sukarma', 'Dhriti', 'Shula', 'Ganda',
  'Vriddhi', 'Dhruva', 'Vyaghata', 'Harshana', 'Vajra', 'Siddhi', 'Vyatipata', 'Variyana', 'Parigha', 'Shiva',
  'Siddha', 'Sadhya', 'Shubha', 'Shukla', 'Brahma', 'Indra', 'Vaidhriti',
] as const;

export const KARANAS_MOVABLE = ['Bava', 'Balava', 'Kaulava', 'Taitila', 'Garaja', 'Vanija', 'Vishti'] as const;

export const VARAS = [
  { en: 'Sunday', sanskrit: 'Ravivara', hi: 'रविवार' }, { en: 'Monday', sanskrit: 'Somavara', hi: 'सोमवार' },
  { en: 'Tuesday', sanskrit: 'Mangalavara', hi: 'मंगलवार' }, { en: 'Wednesday', sanskrit: 'Budhavara', hi: 'बुधवार' },
  { en: 'Thursday', sanskrit: 'Guruvara', hi: 'गुरुवार' }, { en: 'Friday', sanskrit: 'Shukravara', hi: 'शुक्रवार' },
  { en: 'Saturday', sanskrit: 'Shanivara', hi: 'शनिवार' },
] as const;

export const GRAHA_NAMES: Record<Graha, { en: string; hi: string; abbr: string }> = {
  sun: { en: 'Sun', hi: 'सूर्य', abbr: 'Su' }, moon: { en: 'Moon', hi: 'चंद्र', abbr: 'Mo' }, mars: { en: 'Mars', hi: 'मंगल', abbr: 'Ma' },
  mercury: { en: 'Mercury', hi: 'बुध', abbr: 'Me' }, jupiter: { en: 'Jupiter', hi: 'गुरु', abbr: 'Ju' }, venus: { en: 'Venus', hi: 'शुक्र', abbr: 'Ve' },
  saturn: { en: 'Saturn', hi: 'शनि', abbr: 'Sa' }, rahu: { en: 'Rahu', hi: 'राहु', abbr: 'Ra' }, ketu: { en: 'Ketu', hi: 'केतु', abbr: 'Ke' },
};

export const signAt = (longitude: number): Sign => SIGNS[Math.floor(longitude / 30) % 12]!;
