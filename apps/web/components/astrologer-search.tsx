'use client';

import { useTranslations } from 'next-intl';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { rupees, paiseFromRupees } from '../lib/format';
import {
  GENDERS, LANGUAGES, MODES, RATINGS, SORTS, activeFilterCount, effectiveSort, parseSearch, priceProblem, searchToApi, searchToUrl,
  type SearchState,
} from '../lib/search';
import { useLanguageName, useSpecialtyName } from '../lib/i18n';
import { useSession } from '../lib/session';
import type { AstrologerCard as Card, Page, Specialty } from '../lib/types';
import { AstrologerCard, AstrologerCardSkeleton, profileHref } from './astrologer-card';
import { ErrorAlert } from './error-alert';
import { FavoriteButton } from './favorite-button';
import { HomeHero } from './home-hero';
import { CloseIcon, FilterIcon, SearchIcon } from './icons';

const PAGE_SIZE = 24;

/** Search box, filters and results; everything that decides the results lives in the URL. */
export function AstrologerSearch() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const ids = useId();
  const id = (k: string) => `${ids}-${k}`;
  const customer = useSession('customer');
  const signedIn = !!customer;
  const t = useTranslations('search');
  const tc = useTranslations('common');
  const languageName = useLanguageName();
  const specialtyName = useSpecialtyName();

  const query = params.toString();
  const state = useMemo(() => parseSearch(new URLSearchParams(query)), [query]);

  // What is being typed; the URL changes on submit (words) or after a pause (prices).
  const [text, setText] = useState(state.q);
  const [minPrice, setMinPrice] = useState(state.minPrice);
  const [maxPrice, setMaxPrice] = useState(state.maxPrice);
  useEffect(() => setText(state.q), [state.q]);
  useEffect(() => setMinPrice(state.minPrice), [state.minPrice]);
  useEffect(() => setMaxPrice(state.maxPrice), [state.maxPrice]);

  const [specialties, setSpecialties] = useState<Specialty[]>([]);
  const [filtersOpen, setFiltersOpen] = useState(false);

  const [items, setItems] = useState<Card[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadedQuery, setLoadedQuery] = useState<string | null>(null);
  const [loading, setLoading] = useState<'first' | 'more' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const request = useRef<AbortController | null>(null);

  useEffect(() => {
    api<Page<Specialty>>('/api/user/specialties')
      .then((s) => setSpecialties(s.items))
      .catch(() => setSpecialties([]));
  }, []);

  // The newest search asked for, so changes made before the URL catches up build on each other.
  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  }, [state]);

  const navigate = useCallback(
    (patch: Partial<SearchState>, how: 'push' | 'replace' = 'push') => {
      const next = { ...latest.current, ...patch };
      latest.current = next;
      const qs = searchToUrl(next);
      const url = qs ? `${pathname}?${qs}` : pathname;
      if (how === 'push') router.push(url, { scroll: false });
      else router.replace(url, { scroll: false });
    },
    [pathname, router],
  );

  const rangeProblemKey = priceProblem(state);
  const rangeProblem = rangeProblemKey && t(`priceProblem.${rangeProblemKey}`);

  const load = useCallback(
    async (after: string | null) => {
      request.current?.abort();
      const ctrl = new AbortController();
      request.current = ctrl;
      setLoading(after ? 'more' : 'first');
      setError(null);
      try {
        const page = await api<Page<Card>>(`/api/user/astrologers?${searchToApi(state, PAGE_SIZE, after)}`, { auth: 'customer', signal: ctrl.signal });
        setItems((prev) => {
          if (!after) return page.items;
          const seen = new Set(prev.map((a) => a.id));
          return [...prev, ...page.items.filter((a) => !seen.has(a.id))];
        });
        setCursor(page.nextCursor ?? null);
        setLoadedQuery(query);
      } catch (err) {
        if (err instanceof DOMException && err.name === 'AbortError') return;
        if (!isApiError(err)) throw err;
        setError(err);
        if (!after) {
          setItems([]);
          setCursor(null);
          setLoadedQuery(query);
        }
      } finally {
        if (request.current === ctrl) setLoading(null);
      }
    },
    [state, query],
  );

  useEffect(() => {
    if (rangeProblem) return;
    void load(null);
    return () => request.current?.abort();
    // A customer signing in or out changes the hearts, so the first page is fetched again.
  }, [load, rangeProblem, signedIn]);

  // Prices apply after a short pause in typing.
  useEffect(() => {
    if (minPrice === state.minPrice && maxPrice === state.maxPrice) return;
    const t = setTimeout(() => navigate({ minPrice: minPrice.trim(), maxPrice: maxPrice.trim() }, 'replace'), 600);
    return () => clearTimeout(t);
  }, [minPrice, maxPrice, state, navigate]);

  const set = <K extends keyof SearchState>(key: K, value: SearchState[K]) => navigate({ [key]: value } as Partial<SearchState>);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const q = text.trim();
    navigate({ q, minPrice: minPrice.trim(), maxPrice: maxPrice.trim(), sort: q || latest.current.sort !== 'relevance' ? latest.current.sort : '' });
  }

  const clearAll = () => navigate({ specialty: '', language: '', mode: '', minPrice: '', maxPrice: '', minRating: '', gender: '', online: false });

  const sort = effectiveSort(state);
  const filterCount = activeFilterCount(state);
  const modeName = tc(`modes.${state.mode || 'chat'}`);
  const settled = loadedQuery === query && !loading;
  const onlineCount = items.filter((a) => a.presence === 'online').length;
  const languages = state.language && !LANGUAGES.some((l) => l.toLowerCase() === state.language.toLowerCase()) ? [state.language, ...LANGUAGES] : LANGUAGES;
  const localProblemKey = priceProblem({ minPrice, maxPrice });
  const localPriceProblem = localProblemKey && t(`priceProblem.${localProblemKey}`);

  const chips: { key: string; label: string; clear: Partial<SearchState> }[] = [];
  if (state.specialty) {
    for (const slug of state.specialty.split(',')) {
      const rest = state.specialty.split(',').filter((s) => s !== slug).join(',');
      chips.push({ key: `s-${slug}`, label: specialtyName(specialties.find((s) => s.slug === slug) ?? { slug, name: slug }), clear: { specialty: rest } });
    }
  }
  if (state.language) chips.push({ key: 'lang', label: languageName(state.language), clear: { language: '' } });
  if (state.mode) chips.push({ key: 'mode', label: t('modeOnly', { mode: modeName }), clear: { mode: '' } });
  if (state.minPrice || state.maxPrice) {
    const min = paiseFromRupees(state.minPrice);
    const max = paiseFromRupees(state.maxPrice);
    const label = min && max ? t('priceBetween', { min: rupees(min), max: rupees(max) }) : min ? t('priceFrom', { min: rupees(min) }) : t('priceUpTo', { max: rupees(max) });
    chips.push({ key: 'price', label, clear: { minPrice: '', maxPrice: '' } });
  }
  if (state.minRating) chips.push({ key: 'rating', label: t('ratingUp', { rating: state.minRating }), clear: { minRating: '' } });
  if (state.gender) chips.push({ key: 'gender', label: GENDERS.some(([g]) => g === state.gender) ? t(`genders.${state.gender as 'female'}`) : state.gender, clear: { gender: '' } });
  if (state.online) chips.push({ key: 'online', label: t('onlineNow'), clear: { online: false } });

  return (
    <>
      <HomeHero compact={!!state.q || filterCount > 0} />
      <section className="search-bar container" aria-label={t('searchAstrologers')}>
        <form className="search-bar__form" role="search" onSubmit={onSubmit}>
          <div className="search-box">
            <SearchIcon className="search-box__icon" width={20} height={20} />
            <input
              id={id('q')}
              type="search"
              className="input search-box__input"
              aria-label={t('searchAstrologers')}
              placeholder={t('placeholder')}
              value={text}
              maxLength={100}
              enterKeyHint="search"
              onChange={(e) => setText(e.target.value)}
            />
          </div>
          <button type="submit" className="btn btn--primary search-bar__submit">
            {t('search')}
          </button>
          <button
            type="button"
            className="btn btn--ghost search-bar__filters-toggle"
            aria-expanded={filtersOpen}
            aria-controls={id('filters')}
            onClick={() => setFiltersOpen((o) => !o)}
          >
            <FilterIcon width={18} height={18} />
            {t('filters')}{filterCount > 0 ? ` (${filterCount})` : ''}
          </button>
        </form>

        <div id={id('filters')} className={`filters${filtersOpen ? ' filters--open' : ''}`}>
          <div className="field">
            <label htmlFor={id('specialty')}>{t('specialty')}</label>
            <select id={id('specialty')} className="input" value={state.specialty.includes(',') ? '' : state.specialty} onChange={(e) => set('specialty', e.target.value)}>
              <option value="">{t('any')}</option>
              {specialties.map((s) => (
                <option key={s.slug} value={s.slug}>
                  {specialtyName(s)}
                </option>
              ))}
              {state.specialty && !state.specialty.includes(',') && !specialties.some((s) => s.slug === state.specialty) && (
                <option value={state.specialty}>{state.specialty}</option>
              )}
            </select>
          </div>
          <div className="field">
            <label htmlFor={id('language')}>{t('language')}</label>
            <select id={id('language')} className="input" value={languages.find((l) => l.toLowerCase() === state.language.toLowerCase()) ?? ''} onChange={(e) => set('language', e.target.value)}>
              <option value="">{t('any')}</option>
              {languages.map((l) => (
                <option key={l} value={l}>
                  {languageName(l)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={id('mode')}>{t('consultation')}</label>
            <select id={id('mode')} className="input" value={state.mode} onChange={(e) => set('mode', e.target.value as SearchState['mode'])}>
              <option value="">{t('any')}</option>
              {MODES.map(([m]) => (
                <option key={m} value={m}>
                  {tc(`modes.${m}`)}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="field filters__price">
            <legend>{t('priceLegend', { mode: modeName })}</legend>
            <div className="price-range">
              <input
                className="input"
                inputMode="decimal"
                aria-label={t('minPrice')}
                placeholder={t('min')}
                value={minPrice}
                aria-invalid={localPriceProblem ? true : undefined}
                onChange={(e) => setMinPrice(e.target.value)}
                onBlur={() => minPrice !== state.minPrice && navigate({ minPrice: minPrice.trim(), maxPrice: maxPrice.trim() }, 'replace')}
              />
              <span aria-hidden>–</span>
              <input
                className="input"
                inputMode="decimal"
                aria-label={t('maxPrice')}
                placeholder={t('max')}
                value={maxPrice}
                aria-invalid={localPriceProblem ? true : undefined}
                onChange={(e) => setMaxPrice(e.target.value)}
                onBlur={() => maxPrice !== state.maxPrice && navigate({ minPrice: minPrice.trim(), maxPrice: maxPrice.trim() }, 'replace')}
              />
            </div>
            {localPriceProblem && <p className="field__error">{localPriceProblem}</p>}
          </fieldset>
          <div className="field">
            <label htmlFor={id('rating')}>{t('rating')}</label>
            <select id={id('rating')} className="input" value={RATINGS.includes(state.minRating as (typeof RATINGS)[number]) ? state.minRating : ''} onChange={(e) => set('minRating', e.target.value)}>
              <option value="">{t('any')}</option>
              {RATINGS.map((r) => (
                <option key={r} value={r}>
                  {t('ratingUp', { rating: r })}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={id('gender')}>{t('gender')}</label>
            <select id={id('gender')} className="input" value={state.gender} onChange={(e) => set('gender', e.target.value as SearchState['gender'])}>
              <option value="">{t('any')}</option>
              {GENDERS.map(([g]) => (
                <option key={g} value={g}>
                  {t(`genders.${g}`)}
                </option>
              ))}
            </select>
          </div>
          <label className={`chip filters__online${state.online ? ' chip--on' : ''}`}>
            <input type="checkbox" checked={state.online} onChange={(e) => set('online', e.target.checked)} />
            <span className="presence-dot presence-dot--inline presence-dot--online" aria-hidden />
            {t('onlineNow')}
          </label>
        </div>
      </section>

      <section className="container section" aria-labelledby={id('heading')}>
        <div className="results-head">
          <div className="results-head__title">
            <h2 id={id('heading')} className="h2">
              {state.q ? t('resultsFor', { q: state.q }) : t('astrologers')}
            </h2>
            <p className="muted small" aria-live="polite">
              {settled && !error ? (items.length ? `${onlineCount > 0 ? `${t('onlineCount', { count: onlineCount })} · ` : ''}${t('showing', { count: `${items.length}${cursor ? '+' : ''}` })}` : t('noMatches')) : loading ? t('searching') : ''}
            </p>
          </div>
          <div className="results-head__sort field field--inline">
            <label htmlFor={id('sort')}>{t('sortBy')}</label>
            <select
              id={id('sort')}
              className="input input--sm"
              value={sort}
              onChange={(e) => set('sort', e.target.value as SearchState['sort'])}
            >
              {SORTS.filter(([s]) => s !== 'relevance' || state.q).map(([s]) => (
                <option key={s} value={s}>
                  {s === 'price' ? t('sortPrice', { mode: modeName }) : t(`sorts.${s}`)}
                </option>
              ))}
            </select>
          </div>
        </div>

        {chips.length > 0 && (
          <ul className="filter-chips" aria-label={t('activeFilters')}>
            {chips.map((c) => (
              <li key={c.key}>
                <button type="button" className="filter-chip" aria-label={t('removeFilter', { label: c.label })} onClick={() => navigate(c.clear)}>
                  {c.label}
                  <CloseIcon width={14} height={14} />
                </button>
              </li>
            ))}
            {chips.length > 1 && (
              <li>
                <button type="button" className="link-button small" onClick={clearAll}>
                  {t('clearAll')}
                </button>
              </li>
            )}
          </ul>
        )}

        {rangeProblem && (
          <div className="alert alert--warning" role="status">
            {rangeProblem}
          </div>
        )}

        {error && (
          <ErrorAlert error={error} title={t('loadError')} fieldLabels={{ maxPricePaise: t('maxPrice'), minPricePaise: t('minPrice'), sort: t('sortBy') }}>
            <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load(items.length ? cursor : null)}>
              {tc('retry')}
            </button>
          </ErrorAlert>
        )}

        {loadedQuery === null && !error && !rangeProblem && (
          <div className="astro-grid" aria-busy="true" aria-label={t('loadingAstrologers')}>
            {Array.from({ length: 6 }, (_, i) => (
              <AstrologerCardSkeleton key={i} />
            ))}
          </div>
        )}

        {settled && !error && items.length === 0 && (
          <div className="panel center empty">
            <h3 className="h3">{state.q || filterCount ? t('noneMatch') : t('noneYet')}</h3>
            <p className="muted">
              {state.q || filterCount ? t('noneMatchHint') : t('noneYetHint')}
            </p>
            {filterCount > 0 && (
              <button type="button" className="btn btn--outline btn--sm empty__action" onClick={clearAll}>
                {t('clearFilters')}
              </button>
            )}
          </div>
        )}

        {items.length > 0 && (
          <div className={`astro-grid${loading === 'first' ? ' is-stale' : ''}`} aria-busy={!!loading || undefined}>
            {items.map((a) => (
              <AstrologerCard
                key={a.id}
                astrologer={a}
                href={profileHref(a.id)}
                action={signedIn ? <FavoriteButton compact astrologerId={a.id} name={a.displayName} initial={!!a.isFavorite} /> : undefined}
              />
            ))}
          </div>
        )}

        {cursor && loadedQuery === query && (
          <div className="center load-more">
            <button type="button" className="btn btn--outline" onClick={() => void load(cursor)} disabled={!!loading}>
              {loading === 'more' ? tc('loading') : t('loadMore')}
            </button>
          </div>
        )}
      </section>
    </>
  );
}
