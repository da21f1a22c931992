'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { api, isApiError } from '../lib/api';
import type { City } from '../lib/types';

export const cityLabel = (c: Pick<City, 'name' | 'state'>) => (c.state ? `${c.name}, ${c.state}` : c.name);

/**
 * A text box with suggestions from the offline list of Indian cities (ARIA 1.2 combobox): type, then pick with
 * the mouse or the arrow keys and Enter. Typing after a pick drops it (onPick(null)), so coordinates never
 * belong to a name other than the one shown.
 */
export function CityAutocomplete({
  id,
  value,
  onText,
  onPick,
  onEnter,
  placeholder,
  invalid,
  describedBy,
  display = cityLabel,
}: {
  id?: string;
  value: string;
  onText: (text: string) => void;
  onPick: (city: City | null) => void;
  /** Enter with no suggestion highlighted. */
  onEnter?: (text: string) => void;
  placeholder?: string;
  invalid?: boolean;
  describedBy?: string;
  /** The text shown once a city is picked. */
  display?: (city: City) => string;
}) {
  const auto = useId();
  const t = useTranslations('city');
  const inputId = id ?? `${auto}-input`;
  const listId = `${auto}-list`;
  const [items, setItems] = useState<City[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState<'idle' | 'loading' | 'error'>('idle');
  const typed = useRef(false);

  useEffect(() => {
    const q = value.trim();
    if (!typed.current || q.length < 2) {
      setItems([]);
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(async () => {
      setStatus('loading');
      try {
        const res = await api<{ items: City[] }>(`/api/user/location/cities?${new URLSearchParams({ q, limit: '8' })}`, { signal: ctrl.signal });
        setItems(res.items);
        setActive(-1);
        setStatus('idle');
      } catch (err) {
        if (err instanceof DOMException && err.name === 'AbortError') return;
        if (!isApiError(err)) throw err;
        setItems([]);
        setStatus('error');
      }
    }, 150);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [value]);

  const shown = open && items.length > 0;

  function pick(city: City) {
    typed.current = false;
    onText(display(city));
    onPick(city);
    setOpen(false);
    setItems([]);
    setActive(-1);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown' && items.length) {
      e.preventDefault();
      setOpen(true);
      setActive((i) => (i + 1) % items.length);
    } else if (e.key === 'ArrowUp' && items.length) {
      e.preventDefault();
      setOpen(true);
      setActive((i) => (i <= 0 ? items.length - 1 : i - 1));
    } else if (e.key === 'Enter') {
      const chosen = shown && active >= 0 ? items[active] : undefined;
      if (chosen) {
        e.preventDefault();
        pick(chosen);
      } else if (onEnter) {
        e.preventDefault();
        setOpen(false);
        onEnter(value);
      }
    } else if (e.key === 'Escape' && shown) {
      e.preventDefault();
      setOpen(false);
    }
  }

  return (
    <div className="combo">
      <input
        id={inputId}
        className="input"
        role="combobox"
        aria-expanded={shown}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown && active >= 0 ? `${listId}-${active}` : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        autoComplete="off"
        placeholder={placeholder ?? t('placeholder')}
        value={value}
        maxLength={100}
        onChange={(e) => {
          typed.current = true;
          onText(e.target.value);
          onPick(null);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {status === 'loading' && <span className="combo__spinner spinner" aria-hidden />}
      <ul id={listId} role="listbox" className="combo__list" hidden={!shown} aria-label={t('suggestions')}>
        {items.map((c, i) => (
          <li
            key={`${c.name}-${c.state}-${c.lat}-${c.lon}`}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            aria-label={cityLabel(c)}
            className="combo__option"
            // mousedown, not click: the input's blur would close the list first.
            onMouseDown={(e) => {
              e.preventDefault();
              pick(c);
            }}
          >
            <span className="combo__name">{c.name}</span>
            {c.state && <span className="combo__state">{c.state}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
