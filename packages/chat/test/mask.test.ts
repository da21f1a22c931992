import { describe, expect, it } from 'vitest';
import { maskContactDetails, sniffAttachment } from '../src/index.js';

describe('contact details in a customer\'s message', () => {
  it.each([
    ['call me on 9876543210', 'call me on [number hidden]'],
    ['+91 98765 43210 after 6', '[number hidden] after 6'],
    ['whatsapp: 98765-43210.', 'whatsapp: [number hidden].'],
    ['(022) 2345 6789 office', '([number hidden] office'],
    ['mail asha.verma+astro@gmail.com please', 'mail [email hidden] please'],
    ['asha (at) gmail (dot) com', '[email hidden]'],
    ['919876543210', '[number hidden]'],
    ['+1 415 555 2671 (US)', '[number hidden] (US)'],
  ])('hides %j', (text, expected) => {
    expect(maskContactDetails(text)).toEqual({ text: expected, masked: true });
  });

  it.each([
    'Born 12/08/1990 at 10:45 in Pune',
    'My lucky numbers are 3, 7 and 9',
    'Rs 500 for 15 minutes',
    'Is 2027 good for marriage?',
    'Born 1990-08-12 10:45 in Pune',
    'DOB 12-08-1990 09:45, TOB 10.45',
    'Order id 2026112512345',
  ])('keeps birth details, prices and years: %j', (text) => {
    expect(maskContactDetails(text)).toEqual({ text, masked: false });
  });
});

describe('attachment types', () => {
  it('are recognised by their bytes, not their names', () => {
    expect(sniffAttachment(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))?.type).toBe('image/jpeg');
    expect(sniffAttachment(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'))?.type).toBe('image/webp');
    expect(sniffAttachment(Buffer.from('%PDF-1.7\n', 'latin1'))?.kind).toBe('file');
    expect(sniffAttachment(Buffer.from('<html><script>', 'latin1'))).toBeNull();
    expect(sniffAttachment(Buffer.from('GIF89a', 'latin1'))).toBeNull();
  });
});
