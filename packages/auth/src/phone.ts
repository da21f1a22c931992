import { invalid } from '@ap/core';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** Parses what a person typed ("98765 43210", "+91-98765-43210") to E.164, or throws 400 invalid_phone. */
export function normalisePhone(input: string, defaultRegion: CountryCode = 'IN'): string {
  const parsed = parsePhoneNumberFromString(input, defaultRegion);
  if (!parsed || !parsed.isValid()) throw invalid('invalid_phone', 'enter a valid mobile number, e.g. +91 98765 43210');
  // Codes go by SMS: a number known to be a landline (or premium-rate, toll-free...) can never receive one.
  const type = parsed.getType();
  if (type !== undefined && type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') {
    throw invalid('invalid_phone', 'enter a mobile number: codes are sent by SMS');
  }
  return parsed.number;
}

/** "+919876543210" → "+91******3210": enough for the person to recognise, useless to anyone else. */
export function maskPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  const cc = parsed ? `+${parsed.countryCallingCode}` : e164.slice(0, 3);
  const rest = e164.slice(cc.length);
  return `${cc}${'*'.repeat(Math.max(0, rest.length - 4))}${rest.slice(-4)}`;
}
