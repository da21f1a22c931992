import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedNominatimRequest {
  at: number;
  path: string;
  params: Record<string, string>;
  userAgent: string | undefined;
  accept: string | undefined;
}

export interface FakeNominatim {
  baseUrl: string;
  requests: ReceivedNominatimRequest[];
  /** The next `times` requests are answered with `status` (an HTML error page, as nginx in front of Nominatim does). */
  failNext(status: number, times?: number): void;
  /** Answer the next request after this many ms. */
  delayNext(ms: number): void;
  close(): Promise<void>;
}

// A few real Nominatim jsonv2 answers, trimmed.
const PLACES: Record<string, object[]> = {
  jaipur: [{
    place_id: 228397418, licence: 'Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright', osm_type: 'relation', osm_id: 1956170,
    lat: '26.9154576', lon: '75.8189817', category: 'boundary', type: 'administrative', place_rank: 16, importance: 0.6712, addresstype: 'city',
    name: 'Jaipur', display_name: 'Jaipur, Jaipur Tehsil, Jaipur District, Rajasthan, India',
    address: { city: 'Jaipur', county: 'Jaipur Tehsil', state_district: 'Jaipur District', state: 'Rajasthan', 'ISO3166-2-lvl4': 'IN-RJ', country: 'India', country_code: 'in' },
    boundingbox: ['26.7654576', '27.0654576', '75.6689817', '75.9689817'],
  }],
  pune: [{
    place_id: 229085264, osm_type: 'relation', osm_id: 1901838, lat: '18.5213738', lon: '73.8545071', category: 'boundary', type: 'administrative',
    place_rank: 12, importance: 0.7005, addresstype: 'city', name: 'Pune', display_name: 'Pune, Pune District, Maharashtra, India',
    address: { city: 'Pune', state_district: 'Pune District', state: 'Maharashtra', country: 'India', country_code: 'in' },
  }],
  nashik: [{
    place_id: 229090001, osm_type: 'relation', osm_id: 1928811, lat: '19.9977557', lon: '73.7899458', category: 'boundary', type: 'administrative',
    place_rank: 16, importance: 0.58, addresstype: 'city', name: 'Nashik', display_name: 'Nashik, Nashik District, Maharashtra, India',
  }],
  ujjain: [{
    place_id: 229090002, osm_type: 'node', osm_id: 245685741, lat: '23.1767', lon: '75.7885', category: 'place', type: 'city',
    place_rank: 16, importance: 0.55, addresstype: 'city', name: '', display_name: 'Ujjain, Ujjain Tahsil, Madhya Pradesh, India',
    address: { city: 'Ujjain', state: 'Madhya Pradesh', country: 'India', country_code: 'in' },
  }],
};

/** A local stand-in for Nominatim's /search (format=jsonv2) that records when and how it was called. */
export async function startFakeNominatim(): Promise<FakeNominatim> {
  const requests: ReceivedNominatimRequest[] = [];
  const failures: number[] = [];
  let delay = 0;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({
      at: Date.now(), path: url.pathname, params: Object.fromEntries(url.searchParams),
      userAgent: req.headers['user-agent'], accept: req.headers.accept,
    });
    const failure = failures.shift();
    const wait = delay;
    delay = 0;
    setTimeout(() => {
      if (failure) {
        res.writeHead(failure, { 'Content-Type': 'text/html' });
        return res.end(`<html><body><h1>${failure}</h1></body></html>`);
      }
      if (url.pathname !== '/search') {
        res.writeHead(404, { 'Content-Type': 'text/html' });
        return res.end('<html><body>Not Found</body></html>');
      }
      const format = url.searchParams.get('format');
      if (format !== 'jsonv2') {
        res.writeHead(400, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ error: { code: 400, message: 'Parameter "format" must be one of: xml, json, jsonv2, geojson, geocodejson' } }));
      }
      const q = (url.searchParams.get('q') ?? '').toLowerCase().split(',')[0]!.trim();
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(PLACES[q] ?? []));
    }, wait);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    delayNext(ms) {
      delay = ms;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
