import { GRAHA_NAMES, SIGN_NAMES, SIGNS, nakshatraOf, siderealOf, signAt, skyAt, type Graha, type Sign, type Vimshottari } from '@ap/astro';
import { formatWithOffset } from '@ap/core';

/**
 * The builtin horoscope: readable text composed from the period's real transits (the Moon's sign and nakshatra
 * counted from the reader's sign, planets changing sign or direction) and a small template library. Pure and
 * deterministic: the same sign and date always give the same text; signs and days differ because the sky does.
 */

export const PERIODS = ['daily', 'weekly', 'monthly'] as const;
export type Period = (typeof PERIODS)[number];

export interface Bilingual { en: string; hi: string }

export interface TransitEvent {
  graha: Graha;
  kind: 'ingress' | 'retrograde' | 'direct';
  /** Day (YYYY-MM-DD) it happens. */
  date: string;
  sign: Sign;
  /** House counted from the reader's sign. */
  house: number;
}

export interface PeriodSky {
  /** First and last day of the period (inclusive), YYYY-MM-DD. */
  start: string;
  end: string;
  /** Moon at noon IST of each day of the period. */
  moonDays: { date: string; sign: Sign; nakshatra: string; nakshatraNumber: number }[];
  sunSign: Sign;
  events: Omit<TransitEvent, 'house'>[];
}

const DAY = 86_400_000;
const NOON_IST_OFFSET = 6.5 * 3_600_000; // 12:00 IST = 06:30 UTC

/** The first day of the period that contains `date`: the day, its week's Monday, or the 1st of its month. */
export function periodBounds(period: Period, date: string): { start: string; end: string } {
  const d = Date.parse(`${date}T00:00:00Z`);
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  if (period === 'daily') return { start: date, end: date };
  if (period === 'weekly') {
    const monday = d - ((new Date(d).getUTCDay() + 6) % 7) * DAY;
    return { start: iso(monday), end: iso(monday + 6 * DAY) };
  }
  const first = new Date(d);
  first.setUTCDate(1);
  const next = new Date(first);
  next.setUTCMonth(next.getUTCMonth() + 1);
  return { start: iso(first.getTime()), end: iso(next.getTime() - DAY) };
}

const MOVERS: Graha[] = ['sun', 'mars', 'mercury', 'jupiter', 'venus', 'saturn'];

/** The sky of a period: one look per day at noon IST (what an Indian almanac prints). */
export function periodSky(period: Period, date: string): PeriodSky {
  const { start, end } = periodBounds(period, date);
  const from = Date.parse(`${start}T00:00:00Z`);
  const days = Math.round((Date.parse(`${end}T00:00:00Z`) - from) / DAY) + 1;
  const moonDays: PeriodSky['moonDays'] = [];
  const events: PeriodSky['events'] = [];
  let prev = skyAt(from - DAY + NOON_IST_OFFSET);
  let sunSign: Sign = SIGNS[0];
  const signOf = (sky: ReturnType<typeof skyAt>, g: Graha) => signAt(siderealOf(sky.tropical[g], sky.ayanamsa));
  for (let i = 0; i < days; i++) {
    const dayIso = new Date(from + i * DAY).toISOString().slice(0, 10);
    const sky = skyAt(from + i * DAY + NOON_IST_OFFSET);
    const nakshatra = nakshatraOf(siderealOf(sky.tropical.moon, sky.ayanamsa));
    moonDays.push({ date: dayIso, sign: signOf(sky, 'moon'), nakshatra: nakshatra.name, nakshatraNumber: nakshatra.number });
    if (i === 0) sunSign = signOf(sky, 'sun');
    for (const g of MOVERS) {
      const signNow = signOf(sky, g);
      if (signNow !== signOf(prev, g)) events.push({ graha: g, kind: 'ingress', date: dayIso, sign: signNow });
      if (g !== 'sun' && Math.sign(sky.speed[g]) !== Math.sign(prev.speed[g])) events.push({ graha: g, kind: sky.speed[g] < 0 ? 'retrograde' : 'direct', date: dayIso, sign: signNow });
    }
    prev = sky;
  }
  return { start, end, moonDays, sunSign, events };
}

const houseFrom = (reader: Sign, sign: Sign) => ((SIGNS.indexOf(sign) - SIGNS.indexOf(reader) + 12) % 12) + 1;

const AREA: Bilingual[] = [
  { en: 'self and vitality', hi: 'स्वास्थ्य और आत्मविश्वास' }, { en: 'money and family', hi: 'धन और परिवार' },
  { en: 'courage and communication', hi: 'साहस और संवाद' }, { en: 'home and peace of mind', hi: 'घर और मन की शांति' },
  { en: 'creativity, children and romance', hi: 'रचनात्मकता, संतान और प्रेम' }, { en: 'health routines and rivals', hi: 'दिनचर्या, स्वास्थ्य और विरोधी' },
  { en: 'partnerships and marriage', hi: 'साझेदारी और विवाह' }, { en: 'hidden matters and sudden change', hi: 'गुप्त विषय और अचानक बदलाव' },
  { en: 'luck, teachers and faith', hi: 'भाग्य, गुरु और आस्था' }, { en: 'career and standing', hi: 'करियर और प्रतिष्ठा' },
  { en: 'gains and friendships', hi: 'लाभ और मित्रता' }, { en: 'expenses, rest and letting go', hi: 'खर्च, विश्राम और त्याग' },
];

/** Gochara of the Moon from the reader's sign, two wordings each so neighbouring days read differently. */
const MOON_HOUSE: [Bilingual, Bilingual][] = [
  [{ en: 'The Moon moves through your own sign: you feel things keenly and others notice you. Put that energy into one thing that matters.', hi: 'चंद्रमा आपकी अपनी राशि में है: भावनाएँ तीव्र रहेंगी और लोग आप पर ध्यान देंगे। इस ऊर्जा को किसी एक ज़रूरी काम में लगाएँ।' },
    { en: 'With the Moon in your sign, mood and instinct lead the day. Rest well and trust your first impressions.', hi: 'चंद्रमा आपकी राशि में होने से मन और अंतर्ज्ञान दिन की दिशा तय करेंगे। पूरा आराम करें और पहली अनुभूति पर भरोसा रखें।' }],
  [{ en: 'The Moon in your second house turns thoughts to money and family. Choose your words kindly; a small saving adds up.', hi: 'दूसरे भाव में चंद्रमा धन और परिवार की ओर ध्यान ले जाता है। वाणी मधुर रखें; छोटी बचत भी काम आएगी।' },
    { en: 'Family talk and household accounts ask for attention now. Speak gently and avoid impulse spending.', hi: 'परिवार की बातें और घर का हिसाब ध्यान माँगते हैं। नरमी से बोलें और बेवजह खर्च से बचें।' }],
  [{ en: 'The Moon in your third house gives courage: send the message, make the call, take the short trip.', hi: 'तीसरे भाव में चंद्रमा साहस देता है: संदेश भेजें, फ़ोन करें, छोटी यात्रा करें।' },
    { en: 'A good day for initiative and for siblings and neighbours. Effort now brings quick results.', hi: 'पहल करने और भाई-बहनों व पड़ोसियों से जुड़ने का अच्छा समय। अभी किया प्रयास जल्दी फल देगा।' }],
  [{ en: 'The Moon in your fourth house draws you home. Old feelings may surface; care for your mother and your own peace.', hi: 'चौथे भाव में चंद्रमा आपको घर की ओर खींचता है। पुरानी भावनाएँ उभर सकती हैं; माँ और अपने मन की शांति का ध्यान रखें।' },
    { en: 'Home and comfort matter more than ambition now. Avoid arguments over property or vehicles.', hi: 'अभी महत्वाकांक्षा से ज़्यादा घर और सुकून मायने रखते हैं। संपत्ति या वाहन पर विवाद से बचें।' }],
  [{ en: 'The Moon in your fifth house stirs the heart and the imagination, but worries about children or plans can run high. Create, do not speculate.', hi: 'पाँचवें भाव में चंद्रमा मन और कल्पना को जगाता है, पर संतान या योजनाओं की चिंता बढ़ सकती है। रचें, जुआ या सट्टा न करें।' },
    { en: 'Romance and study are favoured, risky bets are not. Keep expectations gentle.', hi: 'प्रेम और पढ़ाई के लिए समय अच्छा है, जोखिम भरे दाँव के लिए नहीं। अपेक्षाएँ संतुलित रखें।' }],
  [{ en: 'The Moon in your sixth house helps you clear pending work and get the better of rivals. Good for health routines.', hi: 'छठे भाव में चंद्रमा अटके काम निपटाने और विरोधियों पर भारी पड़ने में मदद करता है। स्वास्थ्य की दिनचर्या के लिए शुभ।' },
    { en: 'Service, discipline and small fixes pay off. Disputes tend to settle in your favour.', hi: 'सेवा, अनुशासन और छोटे सुधार फल देंगे। विवाद आपके पक्ष में सुलझने की संभावना है।' }],
  [{ en: 'The Moon in your seventh house brings people to you. Partnerships and your spouse are in focus; meet halfway.', hi: 'सातवें भाव में चंद्रमा लोगों को आपके पास लाता है। साझेदारी और जीवनसाथी केंद्र में हैं; बीच का रास्ता अपनाएँ।' },
    { en: 'A good time for meetings, agreements and time with your partner.', hi: 'मुलाक़ातों, समझौतों और जीवनसाथी के साथ समय बिताने के लिए अच्छा समय।' }],
  [{ en: 'The Moon in your eighth house asks for caution: keep plans simple, drive carefully and do not lend money today.', hi: 'आठवें भाव में चंद्रमा सावधानी माँगता है: योजनाएँ सरल रखें, वाहन ध्यान से चलाएँ और आज उधार न दें।' },
    { en: 'Hidden worries may surface. Quiet reflection, prayer or research suits this transit better than bold moves.', hi: 'छिपी चिंताएँ उभर सकती हैं। साहसिक कदमों से बेहतर है शांत चिंतन, प्रार्थना या शोध।' }],
  [{ en: 'The Moon in your ninth house favours teachers, elders and faith. A visit to a temple or advice from a mentor helps.', hi: 'नौवें भाव में चंद्रमा गुरु, बड़ों और आस्था के लिए शुभ है। मंदिर दर्शन या किसी मार्गदर्शक की सलाह लाभ देगी।' },
    { en: 'Luck is on your side for long-range plans and learning. Be generous.', hi: 'दूरगामी योजनाओं और सीखने में भाग्य साथ देगा। उदार रहें।' }],
  [{ en: 'The Moon in your tenth house puts your work in the spotlight. Deliver what you promised; recognition follows.', hi: 'दसवें भाव में चंद्रमा आपके काम को सुर्ख़ियों में लाता है। जो वादा किया है उसे पूरा करें; सम्मान मिलेगा।' },
    { en: 'Career matters move. A good day to speak to seniors or present your work.', hi: 'करियर के काम आगे बढ़ेंगे। वरिष्ठों से बात करने या अपना काम दिखाने का अच्छा दिन।' }],
  [{ en: 'The Moon in your eleventh house is one of the best transits: gains, good news from friends and wishes fulfilled.', hi: 'ग्यारहवें भाव में चंद्रमा सबसे शुभ गोचरों में है: लाभ, मित्रों से शुभ समाचार और इच्छापूर्ति।' },
    { en: 'Networks and friendships bring opportunity. Ask for what you want.', hi: 'संपर्क और मित्रता अवसर लाएँगे। जो चाहिए, माँगने में संकोच न करें।' }],
  [{ en: 'The Moon in your twelfth house calls for rest. Expenses rise; sleep, meditation and charity restore you.', hi: 'बारहवें भाव में चंद्रमा विश्राम की माँग करता है। खर्च बढ़ेंगे; नींद, ध्यान और दान से ऊर्जा लौटेगी।' },
    { en: 'Wind down, finish old business and avoid big commitments until the Moon moves on.', hi: 'गति धीमी करें, पुराने काम निपटाएँ और चंद्रमा के आगे बढ़ने तक बड़े वादों से बचें।' }],
];

const GOOD_MOON_HOUSES = new Set([1, 3, 6, 7, 10, 11]);

const ORDINAL_EN = ['1st', '2nd', '3rd', '4th', '5th', '6th', '7th', '8th', '9th', '10th', '11th', '12th'];

function eventText(e: TransitEvent): Bilingual {
  const p = GRAHA_NAMES[e.graha];
  const s = SIGN_NAMES[e.sign];
  const area = AREA[e.house - 1]!;
  const day = e.date.slice(8, 10).replace(/^0/, '');
  if (e.kind === 'ingress') {
    return {
      en: `${p.en} enters ${s.en} (${s.sanskrit}) on the ${day}${ordinalSuffix(+day)}, your ${ORDINAL_EN[e.house - 1]} house of ${area.en}.`,
      hi: `${day} तारीख़ को ${p.hi} ${s.hi} राशि में प्रवेश करेगा, जो आपका ${e.house}वाँ भाव (${area.hi}) है।`,
    };
  }
  if (e.kind === 'retrograde') {
    return {
      en: `${p.en} turns retrograde in ${s.en} on the ${day}${ordinalSuffix(+day)}: review ${area.en} rather than start anew there.`,
      hi: `${day} तारीख़ को ${p.hi} ${s.hi} में वक्री होगा: ${area.hi} से जुड़े कामों की समीक्षा करें, नई शुरुआत टालें।`,
    };
  }
  return {
    en: `${p.en} turns direct in ${s.en} on the ${day}${ordinalSuffix(+day)}, and delayed ${area.en} matters move again.`,
    hi: `${day} तारीख़ को ${p.hi} ${s.hi} में मार्गी होगा, और ${area.hi} के रुके काम फिर चलेंगे।`,
  };
}

function ordinalSuffix(n: number) {
  if (n % 100 >= 11 && n % 100 <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}

/** Small deterministic hash (FNV-1a) for choosing among wordings. */
export function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Colours of the weekday's lord, the traditional pairing. */
const VARA_COLOURS: Bilingual[] = [
  { en: 'orange', hi: 'नारंगी' }, { en: 'white', hi: 'सफ़ेद' }, { en: 'red', hi: 'लाल' }, { en: 'green', hi: 'हरा' },
  { en: 'yellow', hi: 'पीला' }, { en: 'pink', hi: 'गुलाबी' }, { en: 'dark blue', hi: 'गहरा नीला' },
];

export interface Lucky { colour: Bilingual; number: number; time: { start: number; end: number } | null }

/** Lucky colour from the weekday, number from the nakshatra and sign, time from the day's abhijit muhurta. */
export function luckyFor(sign: Sign, date: string, nakshatraNumber: number, abhijit: { start: number; end: number } | null): Lucky {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return { colour: VARA_COLOURS[weekday]!, number: ((nakshatraNumber + SIGNS.indexOf(sign)) % 9) + 1, time: abhijit };
}

export interface ComposedHoroscope { text: Bilingual; moonHouse: number; events: TransitEvent[] }

export function composeHoroscope(sign: Sign, period: Period, sky: PeriodSky): ComposedHoroscope {
  const first = sky.moonDays[0]!;
  const moonHouse = houseFrom(sign, first.sign);
  const events = sky.events.map((e) => ({ ...e, house: houseFrom(sign, e.sign) }));
  const name = SIGN_NAMES[sign];
  const pick = hash(`${sign}|${period}|${sky.start}`) % 2;
  const en: string[] = [];
  const hi: string[] = [];
  if (period === 'daily') {
    const line = MOON_HOUSE[moonHouse - 1]![pick]!;
    en.push(`${name.en}: ${line.en}`, `The Moon is in ${first.nakshatra} nakshatra today.`);
    hi.push(`${name.hi}: ${line.hi}`, `आज चंद्रमा ${first.nakshatra} नक्षत्र में है।`);
  } else {
    const sunHouse = houseFrom(sign, sky.sunSign);
    const area = AREA[sunHouse - 1]!;
    const span = period === 'weekly' ? { en: 'this week', hi: 'इस सप्ताह' } : { en: 'this month', hi: 'इस महीने' };
    en.push(`${name.en}: ${span.en} the Sun lights up your ${ORDINAL_EN[sunHouse - 1]} house, so ${area.en} take the lead.`);
    hi.push(`${name.hi}: ${span.hi} सूर्य आपके ${sunHouse}वें भाव (${area.hi}) को प्रकाशित कर रहा है, इसलिए ये विषय प्रमुख रहेंगे।`);
    const good = sky.moonDays.filter((d) => GOOD_MOON_HOUSES.has(houseFrom(sign, d.sign))).map((d) => +d.date.slice(8, 10));
    const careful = sky.moonDays.filter((d) => houseFrom(sign, d.sign) === 8).map((d) => +d.date.slice(8, 10));
    if (good.length) {
      en.push(`Your best days, with the Moon in a favourable house: ${good.join(', ')}.`);
      hi.push(`चंद्रमा के शुभ गोचर वाले आपके सबसे अच्छे दिन: ${good.join(', ')}।`);
    }
    if (careful.length) {
      en.push(`Go carefully on ${careful.join(', ')}, when the Moon passes your 8th house.`);
      hi.push(`${careful.join(', ')} तारीख़ को सावधानी रखें, जब चंद्रमा आठवें भाव से गुज़रेगा।`);
    }
  }
  for (const e of events.slice(0, 4)) {
    const t = eventText(e);
    en.push(t.en);
    hi.push(t.hi);
  }
  if (!events.length) {
    const line = MOON_HOUSE[moonHouse - 1]![1 - pick]!;
    if (period !== 'daily') {
      en.push(`No planet changes sign or direction in this period; the Moon starts it in your ${ORDINAL_EN[moonHouse - 1]} house. ${line.en}`);
      hi.push(`इस अवधि में कोई ग्रह राशि या चाल नहीं बदलता; शुरुआत में चंद्रमा आपके ${moonHouse}वें भाव में है। ${line.hi}`);
    }
  }
  return { text: { en: en.join(' '), hi: hi.join(' ') }, moonHouse, events };
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The zone's UTC offset at t (ms). @ap/core's offsetAt reads it with formatToParts, ~5× slower than this one
 * formatted field; a chart prints 82 dasha dates, which made offsetAt cost more than the whole chart.
 */
function offsetMs(t: number, zone: string): number {
  let f = offsetFormats.get(zone);
  if (!f) offsetFormats.set(zone, (f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })));
  const m = /GMT(?:([+-])(\d\d):(\d\d)(?::(\d\d))?)?$/.exec(f.format(t));
  if (!m) throw new Error(`no offset for ${zone} at ${t}`);
  if (!m[1]) return 0;
  return (m[1] === '-' ? -1 : 1) * ((+m[2]! * 60 + +m[3]!) * 60 + +(m[4] ?? 0)) * 1000;
}

/**
 * Dasha periods as instants written in the birth's zone as it is at each date, so the date part is the local day a
 * period begins: a dasha starting in a New York winter is written at −05:00 even for a summer birth, and one after
 * 1945 at +05:30 for a birth in India's war time (+06:30). That date part is what the web prints.
 */
export function datedDasha(d: Vimshottari, zone: string) {
  const at = (t: number) => formatWithOffset(t, offsetMs(t, zone));
  return {
    balance: d.balance,
    mahadashas: d.mahadashas.map((m, i) => {
      const antardashas = m.antardashas.map((a) => ({ lord: a.lord, start: at(a.start), end: '' }));
      antardashas.forEach((a, j) => { a.end = antardashas[j + 1]?.start ?? at(m.end); });
      return { lord: m.lord, start: antardashas[0]!.start, end: antardashas.at(-1)!.end, antardashas };
    }),
  };
}
