/**
 * Contact details typed into a chat by a customer are hidden from the astrologer (the platform rule against
 * taking clients off-platform, as the market apps enforce). Pure; errs on the side of hiding.
 */
const EMAIL = /[A-Za-z0-9._%+-]+\s*(?:@|\(at\)|\[at\])\s*[A-Za-z0-9.-]+\s*(?:\.|\(dot\)|\[dot\])\s*[A-Za-z]{2,}/gi;
// Candidates: ten or more digits, however they are spaced or punctuated (+91 98765-43210, (022) 2345 6789 …) …
const DIGIT_RUN = /\+?\d(?:[\s().-]{0,3}\d){9,}/g;
// … that are really phone numbers once the punctuation is gone: an Indian mobile (6–9 and nine more digits, with or
// without +91/91/0), a landline with its trunk 0, or any number written with a + country code. Birth details such
// as "1990-08-12 10:45" are digit runs too, and must stay readable: astrology chats are full of them.
const PHONE = /^(?:(?:\+?91|0)?[6-9]\d{9}|0\d{9,10}|\+\d{10,14})$/;

export const PHONE_MASK = '[number hidden]';
export const EMAIL_MASK = '[email hidden]';

export function maskContactDetails(text: string): { text: string; masked: boolean } {
  const out = text.replace(EMAIL, EMAIL_MASK).replace(DIGIT_RUN, (run) => (PHONE.test(run.replace(/[\s().-]/g, '')) ? PHONE_MASK : run));
  return { text: out, masked: out !== text };
}
