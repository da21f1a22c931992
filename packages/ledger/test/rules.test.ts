import { describe, expect, it } from 'vitest';
import { DomainError } from '@ap/core';
import { affordableMinutes, gstOn, minutesToCapture, sessionCharge, splitCapture } from '../src/index.js';

const at = (iso: string) => new Date(iso);

describe('gstOn', () => {
  it('charges 18 % by default', () => {
    expect(gstOn(10_000)).toBe(1_800);
    expect(gstOn(0)).toBe(0);
  });

  it('rounds half up to the paisa', () => {
    expect(gstOn(25)).toBe(5);   // 4.5 p
    expect(gstOn(24)).toBe(4);   // 4.32 p
    expect(gstOn(125, 1200)).toBe(15); // 15.0 p exactly
    expect(gstOn(1, 5000)).toBe(1); // 0.5 p
    expect(gstOn(1, 4999)).toBe(0);
  });

  it('takes the rate in basis points', () => {
    expect(gstOn(10_000, 500)).toBe(500);
    expect(gstOn(10_000, 0)).toBe(0);
  });

  it('stays exact for amounts whose product exceeds 2^53', () => {
    expect(gstOn(9_000_000_000_001)).toBe(1_620_000_000_000);  // 1 620 000 000 000.18
  });

  it('refuses fractional or negative amounts and rates outside 0–100 %', () => {
    for (const bad of [() => gstOn(10.5), () => gstOn(-1), () => gstOn(100, 10_001), () => gstOn(100, 18.5)]) {
      expect(bad).toThrow(DomainError);
    }
  });
});

describe('splitCapture', () => {
  it('gives the platform its commission and the astrologer the rest', () => {
    expect(splitCapture(10_000, 3000)).toEqual({ earningsPaise: 7_000, platformPaise: 3_000 });
  });

  it('always sums exactly to the price', () => {
    for (let price = 0; price < 2_000; price += 7) {
      for (const bps of [0, 1, 1500, 2999, 3333, 5000, 9999, 10_000]) {
        const { earningsPaise, platformPaise } = splitCapture(price, bps);
        expect(earningsPaise + platformPaise).toBe(price);
        expect(earningsPaise).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('rounds the commission half up', () => {
    expect(splitCapture(5, 3000)).toEqual({ earningsPaise: 3, platformPaise: 2 });  // 1.5 p → 2
    expect(splitCapture(1, 3000)).toEqual({ earningsPaise: 1, platformPaise: 0 });  // 0.3 p → 0
  });
});

describe('minutesToCapture', () => {
  it('bills every started minute', () => {
    expect(minutesToCapture(at('2026-01-01T10:00:00Z'), at('2026-01-01T10:00:00.001Z'))).toBe(1);
    expect(minutesToCapture(at('2026-01-01T10:00:00Z'), at('2026-01-01T10:01:00Z'))).toBe(1);
    expect(minutesToCapture(at('2026-01-01T10:00:00Z'), at('2026-01-01T10:01:00.001Z'))).toBe(2);
    expect(minutesToCapture(at('2026-01-01T10:00:00Z'), at('2026-01-01T10:12:30Z'))).toBe(13);
  });

  it('bills nothing for a session that never ran', () => {
    expect(minutesToCapture(at('2026-01-01T10:00:00Z'), at('2026-01-01T10:00:00Z'))).toBe(0);
    expect(minutesToCapture(at('2026-01-01T10:00:00Z'), at('2026-01-01T09:59:00Z'))).toBe(0);
  });
});

describe('affordableMinutes', () => {
  it('counts whole minutes a balance pays for', () => {
    expect(affordableMinutes(10_000, 2_500)).toBe(4);
    expect(affordableMinutes(9_999, 2_500)).toBe(3);
    expect(affordableMinutes(0, 2_500)).toBe(0);
  });

  it('refuses a zero rate', () => {
    expect(() => affordableMinutes(100, 0)).toThrow(DomainError);
  });
});

describe('sessionCharge', () => {
  it('captures started minutes and releases the rest of the hold', () => {
    expect(sessionCharge({ startedAt: at('2026-01-01T10:00:00Z'), endedAt: at('2026-01-01T10:02:10Z'), ratePaise: 1_000, heldPaise: 5_000 }))
      .toEqual({ minutes: 3, capturePaise: 3_000, releasePaise: 2_000 });
  });

  it('never captures more than was held', () => {
    expect(sessionCharge({ startedAt: at('2026-01-01T10:00:00Z'), endedAt: at('2026-01-01T10:05:01Z'), ratePaise: 1_000, heldPaise: 5_000 }))
      .toEqual({ minutes: 6, capturePaise: 5_000, releasePaise: 0 });
  });
});
