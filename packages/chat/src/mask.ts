/**
 * Contact details typed into a chat by a customer are hidden from the astrologer (the platform rule against
 * taking clients off-platform, as the market apps enforce). Pure; errs on the side of hiding.
 */
const EMAIL = /[A-Za-z0-9._%+-]+\s*(?:@|\(at\)|\[at\])\s*[A-Za-z0-9.-]+\s*(?:\.|\(dot\)|\[dot\])\s*[A-Za-z]{2,}/gi;
// Ten or more digits, however they are spaced or punctuated (+91 98765-43210, 98765 43210, (022) 2345 6789 …).
const PHONE = /\+?\d(?:[\s().-]{0,3}\d){9,}/g;

export const PHONE_MASK = '[number hidden]';
export const EMAIL_MASK = '[email hidden]';

export function maskContactDetails(text: string): { text: string; masked: boolean } {
  const out = text.replace(EMAIL, EMAIL_MASK).replace(PHONE, PHONE_MASK);
  return { text: out, masked: out !== text };
}
