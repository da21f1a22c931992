'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { paiseFromRupees, rupeesInput } from '../lib/format';
import { addDays, allTimeZones, browserTimeZone, dayLong, isDate, todayIn } from '../lib/time';
import { WEEKDAYS, type Availability, type TimeRange, type Weekday } from '../lib/types';
import { ErrorAlert, Notice } from './error-alert';
import { CloseIcon, PlusIcon } from './icons';
import { PageLoading } from './sign-in-prompt';
import { isHindiPage } from '../lib/locale';

const DAY_EN: Record<Weekday, string> = {
  mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday',
};
const DAY_HI: Record<Weekday, string> = {
  mon: 'सोमवार', tue: 'मंगलवार', wed: 'बुधवार', thu: 'गुरुवार', fri: 'शुक्रवार', sat: 'शनिवार', sun: 'रविवार',
};
/** Weekday names in the page's language (the editor renders in the browser, after the availability loads). */
const DAY_NAMES = new Proxy(DAY_EN, { get: (en, day: string) => (isHindiPage() ? DAY_HI : en)[day as Weekday] }) as Record<Weekday, string>;
const SLOT_LENGTHS = [15, 30, 45, 60] as const;
const BUFFERS = [0, 5, 10, 15, 30, 45, 60];
const NOTICES: [minutes: number, label: string][] = [
  [0, 'No minimum'], [30, '30 minutes'], [60, '1 hour'], [120, '2 hours'], [240, '4 hours'], [720, '12 hours'], [1440, '1 day'], [2880, '2 days'], [10080, '1 week'],
];

interface Draft {
  timeZone: string;
  weekly: Record<Weekday, TimeRange[]>;
  overrides: { date: string; ranges: TimeRange[] }[];
  slotMinutes: string;
  price: string;
  buffer: string;
  notice: string;
  horizon: string;
}

// <input type="time"> cannot show 24:00, so midnight at the end of a day is edited as 00:00.
const toInput = (t: string) => (t === '24:00' ? '00:00' : t);
const toApiEnd = (t: string) => (t === '00:00' ? '24:00' : t);
const minutes = (t: string) => {
  const m = /^(\d{2}):(\d{2})$/.exec(t);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
};
const hhmm = (mins: number) => (mins >= 1440 ? '24:00' : `${String(Math.floor(mins / 60)).padStart(2, '0')}:${String(mins % 60).padStart(2, '0')}`);

function toDraft(a: Availability, zone: string): Draft {
  const week = {} as Record<Weekday, TimeRange[]>;
  for (const d of WEEKDAYS) week[d] = (a.weekly[d] ?? []).map((r) => ({ start: r.start, end: toInput(r.end) }));
  return {
    timeZone: zone,
    weekly: week,
    overrides: [...a.overrides].sort((x, y) => x.date.localeCompare(y.date)).map((o) => ({ date: o.date, ranges: o.ranges.map((r) => ({ start: r.start, end: toInput(r.end) })) })),
    slotMinutes: String(a.slotMinutes),
    price: a.pricePaise ? rupeesInput(a.pricePaise) : '',
    buffer: String(a.bufferMinutes),
    notice: String(a.minNoticeMinutes),
    horizon: String(a.horizonDays),
  };
}

/** Problems the browser can spot before sending, keyed like the API's error paths (weekly.mon.1, price…). */
type CheckKey = 'errTimes' | 'errEndAfter' | 'errOverlap' | 'errPrice' | 'errPriceFormat' | 'errHorizon';

function check(d: Draft, msg: (key: CheckKey) => string): Record<string, string> {
  const errors: Record<string, string> = {};
  const ranges = (list: TimeRange[], base: string) => {
    const spans: { i: number; s: number; e: number }[] = [];
    list.forEach((r, i) => {
      const s = minutes(r.start);
      const e0 = minutes(r.end);
      const e = e0 === 0 ? 1440 : e0;
      if (s === null || e === null) errors[`${base}.${i}`] = msg('errTimes');
      else if (e <= s) errors[`${base}.${i}`] = msg('errEndAfter');
      else spans.push({ i, s, e });
    });
    spans.sort((a, b) => a.s - b.s);
    for (let k = 1; k < spans.length; k++) {
      if (spans[k]!.s < spans[k - 1]!.e) errors[`${base}.${spans[k]!.i}`] = msg('errOverlap');
    }
  };
  for (const day of WEEKDAYS) ranges(d.weekly[day], `weekly.${day}`);
  d.overrides.forEach((o, i) => ranges(o.ranges, `overrides.${i}.ranges`));
  const price = paiseFromRupees(d.price);
  if (price === null) errors.pricePaise = msg('errPrice');
  else if (Number.isNaN(price)) errors.pricePaise = msg('errPriceFormat');
  const horizon = Number(d.horizon);
  if (!/^\d+$/.test(d.horizon) || horizon < 1 || horizon > 90) errors.horizonDays = msg('errHorizon');
  return errors;
}

function toBody(d: Draft): Availability {
  const ranges = (list: TimeRange[]) => list.map((r) => ({ start: r.start, end: toApiEnd(r.end) }));
  const weekly = {} as Record<Weekday, TimeRange[]>;
  for (const day of WEEKDAYS) weekly[day] = ranges(d.weekly[day]);
  return {
    timeZone: d.timeZone,
    weekly,
    overrides: d.overrides.map((o) => ({ date: o.date, ranges: ranges(o.ranges) })),
    slotMinutes: Number(d.slotMinutes) as Availability['slotMinutes'],
    pricePaise: paiseFromRupees(d.price) ?? 0,
    bufferMinutes: Number(d.buffer),
    minNoticeMinutes: Number(d.notice),
    horizonDays: Number(d.horizon),
  };
}

/** A new range after the day's last one, or office hours on an empty day. */
function nextRange(list: TimeRange[]): TimeRange {
  const last = list.reduce((max, r) => Math.max(max, minutes(r.end) === 0 ? 1440 : (minutes(r.end) ?? 0)), 0);
  if (!list.length) return { start: '09:00', end: '17:00' };
  const start = Math.min(last + 60, 1380);
  return { start: hhmm(start), end: toInput(hhmm(Math.min(start + 120, 1440))) };
}

function RangeList({
  label,
  ranges,
  errorFor,
  onChange,
}: {
  label: string;
  ranges: TimeRange[];
  errorFor: (i: number) => string | undefined;
  onChange: (ranges: TimeRange[]) => void;
}) {
  const t = useTranslations('availability');
  return (
    <>
      {ranges.map((r, i) => {
        const n = ranges.length > 1 ? ` ${i + 1}` : '';
        const error = errorFor(i);
        return (
          <div key={i} className={`range${error ? ' range--invalid' : ''}`}>
            <div className="range__inputs">
              <input
                type="time"
                className="input input--time"
                aria-label={t('rangeStart', { label, n })}
                value={r.start}
                step={300}
                required
                onChange={(e) => onChange(ranges.map((x, j) => (j === i ? { ...x, start: e.target.value } : x)))}
              />
              <span className="range__dash" aria-hidden>
                –
              </span>
              <input
                type="time"
                className="input input--time"
                aria-label={t('rangeEnd', { label, n })}
                value={r.end}
                step={300}
                required
                onChange={(e) => onChange(ranges.map((x, j) => (j === i ? { ...x, end: e.target.value } : x)))}
              />
              <button type="button" className="icon-button" aria-label={t('removeRange', { label, n })} onClick={() => onChange(ranges.filter((_, j) => j !== i))}>
                <CloseIcon width={16} height={16} />
              </button>
            </div>
            {error && <p className="field__error">{error}</p>}
          </div>
        );
      })}
    </>
  );
}

export function AvailabilityEditor() {
  const ids = useId();
  const t = useTranslations('availability');
  const tc = useTranslations('common');
  const id = (k: string) => `${ids}-${k}`;
  const [saved, setSaved] = useState<Availability | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [fresh, setFresh] = useState(false);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState(false);
  const [newDate, setNewDate] = useState('');
  const [newKind, setNewKind] = useState<'off' | 'hours'>('off');
  const [dateError, setDateError] = useState('');

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const a = await api<Availability>('/api/astrologer/availability', { auth: 'astrologer' });
      // Never saved: the API answers its defaults; start from this browser's time zone instead.
      const never = WEEKDAYS.every((d) => !a.weekly[d]?.length) && a.overrides.length === 0 && a.pricePaise === 0;
      setFresh(never);
      setSaved(a);
      setDraft(toDraft(a, never ? browserTimeZone() : a.timeZone));
    } catch (err) {
      if (!isApiError(err)) throw err;
      setLoadError(err);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const zones = useMemo(() => allTimeZones(draft?.timeZone ?? '', browserTimeZone()), [draft?.timeZone]);

  if (loadError) {
    return (
      <ErrorAlert error={loadError} title={t('loadError')}>
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load()}>
          {tc('retry')}
        </button>
      </ErrorAlert>
    );
  }
  if (!draft || !saved) return <PageLoading label={t('loading')} />;

  const change = (patch: Partial<Draft>) => {
    setDraft((d) => (d ? { ...d, ...patch } : d));
    setDone(false);
  };
  const setDay = (day: Weekday, ranges: TimeRange[]) => change({ weekly: { ...draft.weekly, [day]: ranges } });
  const copyToAll = (day: Weekday) => {
    const week = {} as Record<Weekday, TimeRange[]>;
    for (const d of WEEKDAYS) week[d] = draft.weekly[day].map((r) => ({ ...r }));
    change({ weekly: week });
  };

  const serverErrors: Record<string, string> = {};
  for (const e of saveError?.errors ?? []) {
    // "weekly.mon.1.start" belongs to range weekly.mon.1; top-level fields keep their own name.
    const m = /^(weekly\.[a-z]{3}\.\d+|overrides\.\d+\.ranges\.\d+|overrides\.\d+)/.exec(e.path);
    const key = m?.[1] ?? e.path.split('.')[0] ?? '';
    if (key && !serverErrors[key]) serverErrors[key] = e.message;
  }
  const errors = { ...serverErrors, ...localErrors };
  const fieldLabel = (path: string): string => {
    const w = /^weekly\.([a-z]{3})(?:\.(\d+))?/.exec(path);
    if (w) return `${DAY_NAMES[w[1] as Weekday] ?? w[1]}${w[2] !== undefined ? `, ${t('hoursN', { n: Number(w[2]) + 1 })}` : ''}`;
    const o = /^overrides\.(\d+)(?:\.ranges\.(\d+))?/.exec(path);
    if (o) {
      const date = draft.overrides[Number(o[1])]?.date;
      return `${date ? dayLong(date) : t('date')}${o[2] !== undefined ? `, ${t('hoursN', { n: Number(o[2]) + 1 })}` : ''}`;
    }
    return (
      ({ timeZone: t('timeZone'), slotMinutes: t('slotLength'), pricePaise: t('pricePerSlot'), bufferMinutes: t('break'), minNoticeMinutes: t('notice'), horizonDays: t('bookableAhead') } as Record<string, string>)[path] ??
      path
    );
  };

  function addOverride() {
    setDateError('');
    if (!isDate(newDate)) {
      setDateError(t('chooseDate'));
      return;
    }
    if (draft!.overrides.some((o) => o.date === newDate)) {
      setDateError(t('dateTaken'));
      return;
    }
    const weekday = WEEKDAYS[(new Date(`${newDate}T00:00:00Z`).getUTCDay() + 6) % 7]!;
    const ranges = newKind === 'off' ? [] : draft!.weekly[weekday].length ? draft!.weekly[weekday].map((r) => ({ ...r })) : [nextRange([])];
    change({ overrides: [...draft!.overrides, { date: newDate, ranges }].sort((a, b) => a.date.localeCompare(b.date)) });
    setNewDate('');
  }

  async function onSave(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    setSaveError(null);
    setDone(false);
    const problems = check(draft, (key) => t(key));
    setLocalErrors(problems);
    if (Object.keys(problems).length) return;
    setSaving(true);
    try {
      const a = await api<Availability>('/api/astrologer/availability', { method: 'PUT', auth: 'astrologer', body: toBody(draft) });
      setSaved(a);
      setDraft(toDraft(a, a.timeZone));
      setFresh(false);
      setDone(true);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setSaveError(err);
    } finally {
      setSaving(false);
    }
  }

  const today = todayIn(draft.timeZone);
  const pastOverrides = draft.overrides.filter((o) => o.date < today).length;
  const hasHours = WEEKDAYS.some((d) => draft.weekly[d].length > 0);

  return (
    <form className="stack-lg availability" onSubmit={onSave} noValidate aria-labelledby={id('title')}>
      <div className="section-title">
        <h2 id={id('title')} className="h2">
          {t('title')}
        </h2>
        <p className="muted">{t('lead')}</p>
      </div>
      {fresh && <Notice tone="info">{t('fresh')}</Notice>}

      <fieldset className="panel form-section">
        <legend className="form-section__title">{t('slotsAndPrice')}</legend>
        <div className="form-grid form-grid--3">
          <div className={`field form-grid__wide${errors.timeZone ? ' field--invalid' : ''}`}>
            <label htmlFor={id('zone')}>{t('timeZone')}</label>
            <select id={id('zone')} className="input" value={draft.timeZone} onChange={(e) => change({ timeZone: e.target.value })}>
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
            {errors.timeZone ? <p className="field__error">{errors.timeZone}</p> : <p className="hint">{t('zoneHint')}</p>}
          </div>
          <div className={`field${errors.slotMinutes ? ' field--invalid' : ''}`}>
            <label htmlFor={id('slot')}>{t('slotLength')}</label>
            <select id={id('slot')} className="input" value={draft.slotMinutes} onChange={(e) => change({ slotMinutes: e.target.value })}>
              {SLOT_LENGTHS.map((m) => (
                <option key={m} value={m}>
                  {t('minutes', { minutes: m })}
                </option>
              ))}
            </select>
          </div>
          <div className={`field${errors.pricePaise ? ' field--invalid' : ''}`}>
            <label htmlFor={id('price')}>{t('price')}</label>
            <div className="money-input money-input--plain">
              <span className="money-input__symbol" aria-hidden>
                ₹
              </span>
              <input id={id('price')} className="input" inputMode="decimal" value={draft.price} onChange={(e) => change({ price: e.target.value })} placeholder="500" />
            </div>
            {errors.pricePaise && <p className="field__error">{errors.pricePaise}</p>}
          </div>
          <div className={`field${errors.bufferMinutes ? ' field--invalid' : ''}`}>
            <label htmlFor={id('buffer')}>{t('break')}</label>
            <select id={id('buffer')} className="input" value={draft.buffer} onChange={(e) => change({ buffer: e.target.value })}>
              {[...new Set([...BUFFERS, Number(draft.buffer)])].sort((a, b) => a - b).map((m) => (
                <option key={m} value={m}>
                  {m === 0 ? t('noBreak') : t('minutes', { minutes: m })}
                </option>
              ))}
            </select>
          </div>
          <div className={`field${errors.minNoticeMinutes ? ' field--invalid' : ''}`}>
            <label htmlFor={id('notice')}>{t('notice')}</label>
            <select id={id('notice')} className="input" value={draft.notice} onChange={(e) => change({ notice: e.target.value })}>
              {NOTICES.some(([m]) => String(m) === draft.notice) ? null : <option value={draft.notice}>{t('minutes', { minutes: Number(draft.notice) })}</option>}
              {NOTICES.map(([m]) => (
                <option key={m} value={m}>
                  {t(`notices.${m as 0}`)}
                </option>
              ))}
            </select>
          </div>
          <div className={`field${errors.horizonDays ? ' field--invalid' : ''}`}>
            <label htmlFor={id('horizon')}>{t('horizon')}</label>
            <input id={id('horizon')} className="input" inputMode="numeric" value={draft.horizon} onChange={(e) => change({ horizon: e.target.value.replace(/\D/g, '').slice(0, 2) })} />
            {errors.horizonDays && <p className="field__error">{errors.horizonDays}</p>}
          </div>
        </div>
      </fieldset>

      <fieldset className="panel form-section">
        <legend className="form-section__title">{t('weekly')}</legend>
        <p className="muted small form-section__lead">{t('weeklyLead')}</p>
        <div className="week-hours">
          {WEEKDAYS.map((day) => {
            const ranges = draft.weekly[day];
            return (
              <div key={day} className="day-row" role="group" aria-label={DAY_NAMES[day]}>
                <p className="day-row__name">{DAY_NAMES[day]}</p>
                <div className="day-row__ranges">
                  {ranges.length === 0 && <p className="day-row__closed">{t('closed')}</p>}
                  <RangeList label={DAY_NAMES[day]} ranges={ranges} errorFor={(i) => errors[`weekly.${day}.${i}`]} onChange={(r) => setDay(day, r)} />
                </div>
                <div className="day-row__actions">
                  <button type="button" className="btn btn--ghost btn--sm" aria-label={t('addHoursOn', { day: DAY_NAMES[day] })} onClick={() => setDay(day, [...ranges, nextRange(ranges)])}>
                    <PlusIcon />
                    {t('hours')}
                  </button>
                  {ranges.length > 0 && (
                    <button type="button" className="link-button small" onClick={() => copyToAll(day)} aria-label={t('copyAllFrom', { day: DAY_NAMES[day] })}>
                      {t('copyAll')}
                    </button>
                  )}
                </div>
              </div>
            );
          })}
        </div>
      </fieldset>

      <fieldset className="panel form-section">
        <legend className="form-section__title">{t('daysOff')}</legend>
        <p className="muted small form-section__lead">{t('daysOffLead')}</p>
        {draft.overrides.length > 0 && (
          <ul className="overrides">
            {draft.overrides.map((o, i) => {
              const label = dayLong(o.date);
              const past = o.date < today;
              return (
                <li key={o.date} className={`override${past ? ' override--past' : ''}`} aria-label={`${label} ${o.date.slice(0, 4)}`}>
                  <div className="override__head">
                    <p className="override__date">
                      <strong>{label}</strong> <span className="muted">{o.date.slice(0, 4)}</span>
                      {o.ranges.length === 0 ? <span className="badge badge--maroon">{t('dayOff')}</span> : <span className="badge badge--count">{t('special')}</span>}
                      {past && <span className="muted small"> · {t('past')}</span>}
                    </p>
                    <div className="override__actions">
                      {o.ranges.length === 0 ? (
                        <button
                          type="button"
                          className="link-button small"
                          onClick={() => change({ overrides: draft.overrides.map((x, j) => (j === i ? { ...x, ranges: [nextRange([])] } : x)) })}
                        >
                          {t('setHours')}
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="link-button small"
                          onClick={() => change({ overrides: draft.overrides.map((x, j) => (j === i ? { ...x, ranges: [...x.ranges, nextRange(x.ranges)] } : x)) })}
                        >
                          {t('addHours')}
                        </button>
                      )}
                      <button type="button" className="icon-button" aria-label={t('removeDate', { label })} onClick={() => change({ overrides: draft.overrides.filter((_, j) => j !== i) })}>
                        <CloseIcon width={16} height={16} />
                      </button>
                    </div>
                  </div>
                  {o.ranges.length > 0 && (
                    <div className="override__ranges">
                      <RangeList
                        label={label}
                        ranges={o.ranges}
                        errorFor={(k) => errors[`overrides.${i}.ranges.${k}`]}
                        onChange={(r) => change({ overrides: draft.overrides.map((x, j) => (j === i ? { ...x, ranges: r } : x)) })}
                      />
                    </div>
                  )}
                  {errors[`overrides.${i}`] && <p className="field__error">{errors[`overrides.${i}`]}</p>}
                </li>
              );
            })}
          </ul>
        )}
        {pastOverrides > 0 && <p className="hint">{t('pastHint')}</p>}
        <div className="override-add">
          <div className={`field${dateError ? ' field--invalid' : ''}`}>
            <label htmlFor={id('date')}>{t('date')}</label>
            <input
              id={id('date')}
              type="date"
              className="input"
              min={today}
              max={addDays(today, 366)}
              value={newDate}
              onChange={(e) => {
                setNewDate(e.target.value);
                setDateError('');
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={id('kind')}>{t('onThatDate')}</label>
            <select id={id('kind')} className="input" value={newKind} onChange={(e) => setNewKind(e.target.value as 'off' | 'hours')}>
              <option value="off">{t('dayOff')}</option>
              <option value="hours">{t('special')}</option>
            </select>
          </div>
          <button type="button" className="btn btn--outline override-add__btn" onClick={addOverride}>
            <PlusIcon />
            {t('addDate')}
          </button>
          {dateError && <p className="field__error override-add__error">{dateError}</p>}
        </div>
      </fieldset>

      {Object.keys(localErrors).length > 0 && (
        <div className="alert alert--error" role="alert">
          <strong className="alert__title">{t('checkHours')}</strong>
          <ul className="alert__list">
            {Object.entries(localErrors).map(([k, v]) => (
              <li key={k}>
                <strong>{fieldLabel(k)}: </strong>
                {v}
              </li>
            ))}
          </ul>
        </div>
      )}
      {saveError && <ErrorAlert error={saveError} title={t('saveError')} labelFor={fieldLabel} />}
      {done && <Notice tone="success">{t('saved')}{hasHours ? ` ${t('savedHint')}` : ''}</Notice>}
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" disabled={saving}>
          {saving ? t('saving') : t('save')}
        </button>
      </div>
    </form>
  );
}
