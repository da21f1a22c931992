'use client';

import { useTranslations } from 'next-intl';
import dynamic from 'next/dynamic';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { api, isApiError, type ApiError } from '../lib/api';
import { useSession } from '../lib/session';
import type { City, NearbyAstrologer, NearbyPage } from '../lib/types';
import { AstrologerCard, AstrologerCardSkeleton, profileHref } from './astrologer-card';
import { CityAutocomplete, cityLabel } from './city-autocomplete';
import { ErrorAlert, Notice } from './error-alert';
import { FavoriteButton } from './favorite-button';
import { LocateIcon, MapPinIcon } from './icons';
import type { MapOrigin } from './nearby-map';

const NearbyMap = dynamic(() => import('./nearby-map'), {
  ssr: false,
  loading: () => <MapLoading />,
});

function MapLoading() {
  const t = useTranslations('nearby');
  return <div className="nearby-map__placeholder">{t('loadingMap')}</div>;
}

export const RADII = [5, 10, 25, 50, 100, 250, 500] as const;
const DEFAULT_RADIUS = 25;
const PAGE_SIZE = 30;

interface Search {
  lat: number | null;
  lon: number | null;
  place: string;
  city: string;
  radius: number;
}

function parse(params: URLSearchParams): Search {
  const num = (k: string, limit: number) => {
    const raw = params.get(k);
    const v = raw === null || raw.trim() === '' ? Number.NaN : Number(raw);
    return Number.isFinite(v) && Math.abs(v) <= limit ? v : null;
  };
  const lat = num('lat', 90);
  const lon = num('lon', 180);
  const radius = Number(params.get('radius'));
  return {
    lat: lat !== null && lon !== null ? lat : null,
    lon: lat !== null && lon !== null ? lon : null,
    place: (params.get('place') ?? '').slice(0, 120),
    city: (params.get('city') ?? '').trim().slice(0, 100),
    radius: RADII.includes(radius as (typeof RADII)[number]) ? radius : DEFAULT_RADIUS,
  };
}

function toQuery(s: Search): string {
  const out = new URLSearchParams();
  if (s.lat !== null && s.lon !== null) {
    out.set('lat', String(s.lat));
    out.set('lon', String(s.lon));
    if (s.place) out.set('place', s.place);
  } else if (s.city) {
    out.set('city', s.city);
  }
  if (s.radius !== DEFAULT_RADIUS) out.set('radius', String(s.radius));
  return out.toString();
}

const km = (d: number) => (d < 10 ? d.toFixed(1) : Math.round(d).toString());

/**
 * Astrologers who meet customers in person, nearest first: a map and the same results as a list. The origin is
 * the browser's position (when allowed) or a city; the tile server comes from the page (runtime configuration).
 */
export function NearbyView({ tileUrl, attribution }: { tileUrl: string; attribution: string }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const ids = useId();
  const t = useTranslations('nearby');
  const signedIn = !!useSession('customer');
  const query = params.toString();
  const search = useMemo(() => parse(new URLSearchParams(query)), [query]);
  const hasOrigin = search.lat !== null || !!search.city;

  const [cityText, setCityText] = useState(search.place || search.city);
  const [locating, setLocating] = useState(false);
  const [geoMessage, setGeoMessage] = useState('');
  const [data, setData] = useState<NearbyPage | null>(null);
  const [items, setItems] = useState<NearbyAstrologer[]>([]);
  const [loadedQuery, setLoadedQuery] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [tilesFailed, setTilesFailed] = useState(false);
  const autoLocated = useRef(false);
  const mapRef = useRef<HTMLDivElement>(null);

  useEffect(() => setCityText(search.place || search.city), [search.place, search.city]);

  // The newest search asked for: quick successive changes (a city, then a distance) build on each other even
  // before the URL has caught up.
  const latest = useRef(search);
  useEffect(() => {
    latest.current = search;
  }, [search]);

  const go = useCallback(
    (patch: Partial<Search>) => {
      const next = { ...latest.current, ...patch };
      latest.current = next;
      const qs = toQuery(next);
      router.push(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [pathname, router],
  );

  const locate = useCallback(() => {
    if (!('geolocation' in navigator)) {
      setGeoMessage(t('geoUnsupported'));
      return;
    }
    setLocating(true);
    setGeoMessage('');
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        // About 100 m is plenty to find astrologers nearby, and keeps the URL from pinpointing a home.
        const round = (v: number) => Math.round(v * 1000) / 1000;
        go({ lat: round(pos.coords.latitude), lon: round(pos.coords.longitude), place: '', city: '' });
      },
      (err) => {
        setLocating(false);
        setGeoMessage(
          err.code === err.PERMISSION_DENIED
            ? t('geoDenied')
            : t('geoFailed'),
        );
      },
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 600_000 },
    );
  }, [go]);

  // With no place chosen yet, use the browser's position if the visitor already allowed it (no prompt).
  useEffect(() => {
    if (hasOrigin || autoLocated.current) return;
    autoLocated.current = true;
    navigator.permissions
      ?.query({ name: 'geolocation' })
      .then((p) => {
        if (p.state === 'granted') locate();
      })
      .catch(() => undefined);
  }, [hasOrigin, locate]);

  const apiQuery = useCallback(
    (cursor: string | null) => {
      const q = new URLSearchParams();
      if (search.lat !== null && search.lon !== null) {
        q.set('lat', String(search.lat));
        q.set('lon', String(search.lon));
      } else {
        q.set('city', search.city);
      }
      q.set('radiusKm', String(search.radius));
      q.set('limit', String(PAGE_SIZE));
      if (cursor) q.set('cursor', cursor);
      return q;
    },
    [search],
  );

  useEffect(() => {
    if (!hasOrigin) return;
    const ctrl = new AbortController();
    setError(null);
    (async () => {
      try {
        const page = await api<NearbyPage>(`/api/user/location/nearby?${apiQuery(null)}`, { auth: 'customer', signal: ctrl.signal });
        setData(page);
        setItems(page.items);
        setSelectedId(null);
        setLoadedQuery(query);
      } catch (err) {
        if (err instanceof DOMException && err.name === 'AbortError') return;
        if (!isApiError(err)) throw err;
        setError(err);
        setData(null);
        setItems([]);
        setLoadedQuery(query);
      }
    })();
    return () => ctrl.abort();
  }, [hasOrigin, apiQuery, query, signedIn]);

  async function loadMore() {
    if (!data?.nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await api<NearbyPage>(`/api/user/location/nearby?${apiQuery(data.nextCursor)}`, { auth: 'customer' });
      setItems((prev) => [...prev, ...page.items.filter((a) => !prev.some((p) => p.id === a.id))]);
      setData(page);
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err);
    } finally {
      setLoadingMore(false);
    }
  }

  function pickCity(city: City | null) {
    if (!city) return;
    go({ lat: city.lat, lon: city.lon, place: cityLabel(city), city: '' });
  }

  const settled = loadedQuery === query;
  const origin: MapOrigin | null = data
    ? { lat: data.origin.lat, lon: data.origin.lon, label: data.origin.name ? cityLabel({ name: data.origin.name, state: data.origin.state }) : search.place || 'your location' }
    : null;
  const placeName = search.place || (search.lat !== null ? t('yourLocation') : (data?.origin.name ?? search.city)) || t('thisPlace');
  const onTilesFailed = useCallback(() => setTilesFailed(true), []);

  function showOnMap(id: string) {
    setSelectedId(id);
    mapRef.current?.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  }

  return (
    <section className="container page-top stack-lg">
      <div className="page-head">
        <p className="eyebrow">{t('eyebrow')}</p>
        <h1 className="h2">{t('title')}</h1>
        <p className="muted">{t('lead')}</p>
      </div>

      <div className="panel nearby-controls">
        <div className="field nearby-controls__city">
          <label htmlFor={`${ids}-city`}>{t('city')}</label>
          <CityAutocomplete
            id={`${ids}-city`}
            value={cityText}
            onText={setCityText}
            onPick={pickCity}
            onEnter={(text) => text.trim().length >= 2 && go({ lat: null, lon: null, place: '', city: text.trim() })}
            placeholder={t('cityPlaceholder')}
          />
        </div>
        <div className="field nearby-controls__radius">
          <label htmlFor={`${ids}-radius`}>{t('distance')}</label>
          <select id={`${ids}-radius`} className="input" value={search.radius} onChange={(e) => go({ radius: Number(e.target.value) })}>
            {RADII.map((r) => (
              <option key={r} value={r}>
                {t('within', { km: r })}
              </option>
            ))}
          </select>
        </div>
        <div className="nearby-controls__or">
          <span className="muted small">{t('or')}</span>
          <button type="button" className="btn btn--outline nearby-controls__locate" onClick={locate} disabled={locating}>
            <LocateIcon width={18} height={18} />
            {locating ? (
              t('finding')
            ) : (
              <>
                <span className="only-wide">{t('useLocation')}</span>
                <span className="only-narrow">{t('nearMe')}</span>
              </>
            )}
          </button>
        </div>
      </div>

      {geoMessage && <Notice tone="warning">{geoMessage}</Notice>}

      {!hasOrigin && !geoMessage && (
        <div className="panel center empty empty--illustrated">
          <span className="empty__icon" aria-hidden>
            <MapPinIcon width={30} height={30} />
          </span>
          <h2 className="h3">{t('where')}</h2>
          <p className="muted">{t('whereHint')}</p>
        </div>
      )}

      {error && (
        <ErrorAlert error={error} title={error.code === 'city_not_found' ? t('cityNotFound') : t('loadError')} fieldLabels={{ lat: t('location'), lon: t('location'), city: t('city') }} />
      )}

      {hasOrigin && !error && (
        <div className="nearby-layout">
          <div className="nearby-map" ref={mapRef}>
            {origin ? (
              <NearbyMap
                origin={origin}
                radiusKm={data?.origin.radiusKm ?? search.radius}
                items={items}
                selectedId={selectedId}
                onSelect={setSelectedId}
                tileUrl={tileUrl}
                attribution={attribution}
                onTilesFailed={onTilesFailed}
              />
            ) : (
              <MapLoading />
            )}
            {tilesFailed && <p className="nearby-map__offline">{t('tilesFailed')}</p>}
          </div>

          <div className="nearby-list" aria-labelledby={`${ids}-results`}>
            <h2 id={`${ids}-results`} className="h3 nearby-list__title" aria-live="polite">
              {!settled || !data
                ? t('searching')
                : items.length
                  ? t('found', { count: items.length, shown: `${items.length}${data.nextCursor ? '+' : ''}`, km: data.origin.radiusKm, place: placeName })
                  : t('noneFound', { km: data.origin.radiusKm, place: placeName })}
            </h2>
            {!settled && (
              <div className="nearby-list__items" aria-busy="true">
                <AstrologerCardSkeleton />
                <AstrologerCardSkeleton />
              </div>
            )}
            {settled && items.length === 0 && (
              <div className="panel center empty">
                <p className="muted">{t('tryLarger')}</p>
                {search.radius < 500 && (
                  <button type="button" className="btn btn--outline btn--sm empty__action" onClick={() => go({ radius: RADII.find((r) => r > search.radius) ?? 500 })}>
                    Search within {RADII.find((r) => r > search.radius) ?? 500} km
                  </button>
                )}
              </div>
            )}
            {settled && items.length > 0 && (
              <ol className="nearby-list__items" aria-label={t('listLabel')}>
                {items.map((a) => (
                  <li key={a.id} className={a.id === selectedId ? 'is-selected' : undefined}>
                    <AstrologerCard
                      astrologer={a}
                      href={profileHref(a.id)}
                      action={signedIn ? <FavoriteButton compact astrologerId={a.id} name={a.displayName} initial={!!a.isFavorite} /> : undefined}
                      note={
                        <p className="distance">
                          <MapPinIcon />
                          <strong>{t('away', { km: km(a.distanceKm) })}</strong>
                          {a.city && <span className="muted"> · {a.city}</span>}
                          <button type="button" className="link-button small distance__map" onClick={() => showOnMap(a.id)} aria-label={t('showOnMapLabel', { name: a.displayName })}>
                            {t('showOnMap')}
                          </button>
                        </p>
                      }
                    />
                  </li>
                ))}
              </ol>
            )}
            {settled && data?.nextCursor && (
              <div className="center">
                <button type="button" className="btn btn--outline" onClick={() => void loadMore()} disabled={loadingMore}>
                  {loadingMore ? t('loading') : t('loadMore')}
                </button>
              </div>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
