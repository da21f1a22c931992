'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useId, useState } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { rupees } from '../lib/format';
import { addDays, dayLong, dayShort, daysBetween, localDateOf, localTimeOf, rangeLabel, todayIn, zoneCity, zoneOffsetLabel } from '../lib/time';
import type { Slot, SlotList } from '../lib/types';
import type { Mode } from '../lib/bookings';
import { BookingReview, SlotTakenNotice } from './booking-review';
import { ErrorAlert } from './error-alert';
import { CalendarIcon, ChevronIcon } from './icons';

const WEEK = 7;
/** How far ahead the week view goes (the API's longest booking horizon is 90 days). */
const MAX_AHEAD_DAYS = 91;

/**
 * An astrologer's free slots a week at a time, grouped by the viewer's local day and shown in the viewer's
 * time zone (the API writes each time with that zone's offset). Picking a slot opens the booking review.
 */
export function SlotWeek({
  astrologerId,
  name,
  zone,
  nextSlots,
  modes = [],
}: {
  astrologerId: string;
  name: string;
  zone: string;
  nextSlots: Slot[];
  modes?: Mode[];
}) {
  const ids = useId();
  const t = useTranslations('slots');
  const tc = useTranslations('common');
  const today = todayIn(zone);
  const [start, setStart] = useState(today);
  const [data, setData] = useState<SlotList | null>(null);
  const [loadedStart, setLoadedStart] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [picked, setPicked] = useState<Slot | null>(null);
  const [taken, setTaken] = useState(false);
  const end = addDays(start, WEEK - 1);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      setError(null);
      try {
        const q = new URLSearchParams({ from: start, to: end, tz: zone });
        const res = await api<SlotList>(`/api/user/astrologers/${encodeURIComponent(astrologerId)}/slots?${q}`, { signal });
        setData(res);
        setLoadedStart(start);
      } catch (err) {
        if (err instanceof DOMException && err.name === 'AbortError') return;
        if (!isApiError(err)) throw err;
        setError(err);
        setLoadedStart(start);
      }
    },
    [astrologerId, start, end, zone],
  );

  useEffect(() => {
    const ctrl = new AbortController();
    void load(ctrl.signal);
    return () => ctrl.abort();
  }, [load]);

  const loading = loadedStart !== start;
  const slots = !loading && data ? data.slots : [];
  const byDay = new Map<string, Slot[]>();
  for (const s of slots) {
    const day = localDateOf(s.start);
    byDay.set(day, [...(byDay.get(day) ?? []), s]);
  }
  const days = Array.from({ length: WEEK }, (_, i) => addDays(start, i));
  const first = slots[0] ?? nextSlots[0];
  const laterSlot = nextSlots.find((s) => localDateOf(s.start) > end);
  const offset = zoneOffsetLabel(zone);

  return (
    <div className="slots">
      <div className="slots__head">
        <div>
          <h2 className="h3 slots__title">
            <CalendarIcon width={20} height={20} />
            {t('title')}
          </h2>
          <p className="muted small">
            {t('zone')} <strong className="slots__zone">{zone}</strong>
            {offset && ` (${zoneCity(zone)}, ${offset})`}
          </p>
        </div>
        {first && (
          <p className="slots__price">
            <strong>{rupees(first.pricePaise)}</strong>
            {first.durationMinutes ? <span className="muted"> / {t('minutes', { minutes: first.durationMinutes })}</span> : null}
          </p>
        )}
      </div>

      <div className="week-nav">
        <button
          type="button"
          className="btn btn--ghost btn--sm week-nav__btn"
          onClick={() => setStart((s) => (daysBetween(today, addDays(s, -WEEK)) < 0 ? today : addDays(s, -WEEK)))}
          disabled={start <= today}
          aria-label={t('previousWeek')}
        >
          <ChevronIcon direction="left" />
          <span className="week-nav__text">{t('previous')}</span>
        </button>
        <p className="week-nav__label" aria-live="polite" id={`${ids}-range`}>
          {rangeLabel(start, end)}
        </p>
        <button
          type="button"
          className="btn btn--ghost btn--sm week-nav__btn"
          onClick={() => setStart((s) => addDays(s, WEEK))}
          disabled={daysBetween(today, addDays(start, WEEK)) > MAX_AHEAD_DAYS}
          aria-label={t('nextWeek')}
        >
          <span className="week-nav__text">{t('next')}</span>
          <ChevronIcon direction="right" />
        </button>
      </div>

      {error && (
        <ErrorAlert error={error} title={t('loadError')}>
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load()}>
            {tc('retry')}
          </button>
        </ErrorAlert>
      )}

      {!error && (
        <div className={`week${loading ? ' is-stale' : ''}`} aria-busy={loading || undefined} aria-describedby={`${ids}-range`}>
          {days.map((day) => {
            const list = byDay.get(day) ?? [];
            const headId = `${ids}-${day}`;
            return (
              <div key={day} className={`week__day${list.length ? '' : ' week__day--empty'}`} role="group" aria-label={dayLong(day)}>
                <p className="week__date" id={headId}>
                  <span className="week__wd">{dayShort(day).split(' ')[0]}</span>
                  <span>{dayShort(day).split(' ').slice(1).join(' ')}</span>
                  {day === today && <span className="week__tag">{t('today')}</span>}
                  {day === addDays(today, 1) && <span className="week__tag">{t('tomorrow')}</span>}
                </p>
                {list.length > 0 ? (
                  <ul className="week__slots">
                    {list.map((s) => (
                      <li key={s.start}>
                        <button
                          type="button"
                          className={`slot${picked?.start === s.start ? ' slot--picked' : ''}`}
                          aria-pressed={picked?.start === s.start}
                          onClick={() => {
                            setPicked(s);
                            setTaken(false);
                          }}
                        >
                          {localTimeOf(s.start)}
                        </button>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="week__none">{loading ? '…' : t('none')}</p>
                )}
              </div>
            );
          })}
        </div>
      )}

      {!loading && !error && slots.length === 0 && (
        <div className="slots__empty">
          <p className="muted">{t('noneThisWeek')}</p>
          {laterSlot && (
            <button type="button" className="btn btn--outline btn--sm" onClick={() => setStart(localDateOf(laterSlot.start))}>
              {t('nextFree', { when: `${dayShort(localDateOf(laterSlot.start))}, ${localTimeOf(laterSlot.start)}` })}
            </button>
          )}
        </div>
      )}

      {taken && <SlotTakenNotice />}

      {picked && (
        <BookingReview
          key={picked.start}
          astrologerId={astrologerId}
          name={name}
          slot={picked}
          zone={zone}
          modes={modes}
          onClose={() => setPicked(null)}
          onTaken={() => {
            setPicked(null);
            setTaken(true);
            void load();
          }}
        />
      )}
    </div>
  );
}
