'use client';

import { useTranslations } from 'next-intl';
// Loaded only in the browser (next/dynamic with ssr: false): Leaflet touches `window` as soon as it is imported.
import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import { useEffect, useMemo, useRef, type RefObject } from 'react';
import { Circle, MapContainer, Marker, Popup, TileLayer, useMap } from 'react-leaflet';
import type { NearbyAstrologer } from '../lib/types';

export interface MapOrigin {
  lat: number;
  lon: number;
  label: string;
}

// Markers are drawn with CSS (no marker PNGs from a CDN or the leaflet package).
const pinIcon = (active: boolean) =>
  L.divIcon({
    className: `map-pin${active ? ' map-pin--active' : ''}`,
    html: '<span class="map-pin__dot"></span>',
    iconSize: [30, 38],
    iconAnchor: [15, 37],
    popupAnchor: [0, -34],
  });

const originIcon = L.divIcon({ className: 'map-origin', html: '<span class="map-origin__dot"></span>', iconSize: [22, 22], iconAnchor: [11, 11] });

function FitToSearch({ origin, radiusKm }: { origin: MapOrigin; radiusKm: number }) {
  const map = useMap();
  useEffect(() => {
    map.fitBounds(L.latLng(origin.lat, origin.lon).toBounds(radiusKm * 2000), { padding: [16, 16], animate: false });
  }, [map, origin.lat, origin.lon, radiusKm]);
  return null;
}

function FocusSelected({ item, markers }: { item: NearbyAstrologer | null; markers: RefObject<Map<string, L.Marker>> }) {
  const map = useMap();
  useEffect(() => {
    if (!item) return;
    map.setView([item.lat, item.lon], Math.max(map.getZoom(), 11), { animate: true });
    markers.current?.get(item.id)?.openPopup();
  }, [map, item, markers]);
  return null;
}

export default function NearbyMap({
  origin,
  radiusKm,
  items,
  selectedId,
  onSelect,
  tileUrl,
  attribution,
  onTilesFailed,
}: {
  origin: MapOrigin;
  radiusKm: number;
  items: NearbyAstrologer[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  tileUrl: string;
  attribution: string;
  onTilesFailed: () => void;
}) {
  const t = useTranslations('nearby');
  const markers = useRef(new Map<string, L.Marker>());
  const failed = useRef(false);
  const selected = useMemo(() => items.find((i) => i.id === selectedId) ?? null, [items, selectedId]);
  const tileEvents = useMemo(
    () => ({
      // Tiles may be unreachable (offline, blocked host): the map keeps working on a plain background.
      tileerror: () => {
        if (failed.current) return;
        failed.current = true;
        onTilesFailed();
      },
    }),
    [onTilesFailed],
  );

  return (
    <MapContainer
      center={[origin.lat, origin.lon]}
      zoom={10}
      scrollWheelZoom={false}
      className="nearby-map__leaflet"
      attributionControl
      aria-label={t('mapLabel')}
    >
      <TileLayer url={tileUrl} attribution={attribution} eventHandlers={tileEvents} />
      <FitToSearch origin={origin} radiusKm={radiusKm} />
      <FocusSelected item={selected} markers={markers} />
      <Circle
        center={[origin.lat, origin.lon]}
        radius={radiusKm * 1000}
        pathOptions={{ color: '#922a43', weight: 1.5, fillColor: '#f6a93b', fillOpacity: 0.08, dashArray: '4 6' }}
        interactive={false}
      />
      <Marker position={[origin.lat, origin.lon]} icon={originIcon} title={t('centre', { place: origin.label })} keyboard={false} interactive={false} />
      {items.map((a) => (
        <Marker
          key={a.id}
          position={[a.lat, a.lon]}
          icon={pinIcon(a.id === selectedId)}
          title={`${a.displayName}, ${t('away', { km: a.distanceKm.toFixed(1) })}`}
          eventHandlers={{ click: () => onSelect(a.id) }}
          ref={(m) => {
            if (m) markers.current.set(a.id, m);
            else markers.current.delete(a.id);
          }}
        >
          <Popup>
            <strong>{a.displayName}</strong>
            <br />
            {t('away', { km: a.distanceKm.toFixed(1) })}{a.city ? ` · ${a.city}` : ''}
            <br />
            <a href={`/astrologers/${encodeURIComponent(a.id)}`}>{t('viewProfile')}</a>
          </Popup>
        </Marker>
      ))}
    </MapContainer>
  );
}
