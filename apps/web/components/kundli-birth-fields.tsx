'use client';

import { useTranslations } from 'next-intl';
import { useId, useState, type Dispatch, type SetStateAction } from 'react';
import type { City } from '../lib/types';
import { CityAutocomplete } from './city-autocomplete';

export interface BirthForm {
  name: string;
  date: string;
  time: string;
  placeText: string;
  city: City | null;
  /** An IANA zone the person chose; null = the zone of the place, which the server derives from its coordinates. */
  timeZone: string | null;
  /** Set when the person picked how to read an hour the clocks went through twice (or skipped). */
  utcOffsetMinutes?: number;
}

export const emptyBirth = (): BirthForm => ({ name: '', date: '', time: '', placeText: '', city: null, timeZone: null });

/**
 * The zone the birth time is read in: the one chosen, else a picked city's (the suggestions are Indian cities, so
 * India's), else null and the server takes the zone of the place it finds.
 */
export const zoneOf = (f: BirthForm): string | null => f.timeZone ?? (f.city ? PLACE_ZONE : null);

const PLACE_ZONE = 'Asia/Kolkata';

/** Every IANA zone the browser knows, read on demand (after hydration, so server and browser lists never clash). */
const allZones = (): string[] => {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes(PLACE_ZONE) ? zones : [PLACE_ZONE, ...zones];
};

/** The request body: coordinates when a suggestion was picked, else the typed name for the server to look up. */
export function birthBody(f: BirthForm) {
  return {
    name: f.name.trim(),
    date: f.date,
    time: f.time.length === 5 || f.time.length === 8 ? f.time : f.time.slice(0, 5),
    ...(f.placeText.trim() ? { place: f.placeText.trim() } : {}),
    ...(f.city ? { lat: f.city.lat, lon: f.city.lon } : {}),
    ...(zoneOf(f) ? { timeZone: zoneOf(f) } : {}),
    ...(f.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: f.utcOffsetMinutes } : {}),
  };
}

/** Name, date, time and place of birth; `errors` keyed by field name (name, date, time, place, lat, lon). */
export function BirthFields({ value, onChange, errors = {}, legend }: { value: BirthForm; onChange: Dispatch<SetStateAction<BirthForm>>; errors?: Record<string, string>; legend?: string }) {
  const id = useId();
  const t = useTranslations('kundli');
  // Updaters, not values: the place box reports its text and the dropped pick in one event.
  const set = (patch: Partial<BirthForm>) => onChange((v) => ({ ...v, ...patch, utcOffsetMinutes: undefined }));
  const placeError = errors.place ?? errors.lat ?? errors.lon;
  const [choosingZone, setChoosingZone] = useState(false);
  return (
    <fieldset className="form-section stack" style={{ border: 0, padding: 0, margin: 0 }}>
      {legend && <legend className="h3" style={{ marginBottom: 10 }}>{legend}</legend>}
      <div className={`field${errors.name ? ' field--invalid' : ''}`}>
        <label htmlFor={`${id}-name`}>{t('name')}</label>
        <input id={`${id}-name`} className="input" value={value.name} maxLength={100} required autoComplete="off" onChange={(e) => set({ name: e.target.value })} />
        {errors.name && <span className="field__error">{errors.name}</span>}
      </div>
      <div className="form-grid">
        <div className={`field${errors.date ? ' field--invalid' : ''}`}>
          <label htmlFor={`${id}-date`}>{t('date')}</label>
          <input id={`${id}-date`} className="input" type="date" min="1800-01-01" max="2200-12-31" required value={value.date} onChange={(e) => set({ date: e.target.value })} />
          {errors.date && <span className="field__error">{errors.date}</span>}
        </div>
        <div className={`field${errors.time ? ' field--invalid' : ''}`}>
          <label htmlFor={`${id}-time`}>{t('time')}</label>
          <input id={`${id}-time`} className="input" type="time" required value={value.time} onChange={(e) => set({ time: e.target.value })} />
          {errors.time && <span className="field__error">{errors.time}</span>}
        </div>
      </div>
      <div className={`field${placeError ? ' field--invalid' : ''}`}>
        <label htmlFor={`${id}-place`}>{t('place')}</label>
        <CityAutocomplete
          id={`${id}-place`}
          value={value.placeText}
          onText={(placeText) => set({ placeText })}
          onPick={(city) => set({ city })}
          invalid={!!placeError}
        />
        {placeError ? <span className="field__error">{placeError}</span> : <span className="hint small muted">{t('placeHint')}</span>}
      </div>
      <div className={`field${errors.timeZone ? ' field--invalid' : ''}`}>
        {choosingZone ? (
          <>
            <label htmlFor={`${id}-zone`}>{t('zone')}</label>
            <select id={`${id}-zone`} className="input" value={value.timeZone ?? ''} onChange={(e) => set({ timeZone: e.target.value || null })}>
              <option value="">{t('fromPlace')}{value.city ? ` (${PLACE_ZONE})` : ''}</option>
              {allZones().map((z) => <option key={z} value={z}>{z}</option>)}
            </select>
          </>
        ) : (
          <p className="small" data-testid="birth-zone">
            {t('zoneIs')} <strong>{zoneOf(value) ?? t('zoneOfPlace')}</strong>
            {!value.timeZone && value.city ? ` ${t('indiaFromPlace')}` : ''}{' '}
            <button type="button" className="btn btn--ghost btn--sm" onClick={() => setChoosingZone(true)}>{t('changeZone')}</button>
          </p>
        )}
        {errors.timeZone && <span className="field__error">{errors.timeZone}</span>}
      </div>
    </fieldset>
  );
}
