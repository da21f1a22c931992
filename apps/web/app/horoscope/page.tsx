import type { Metadata } from 'next';
import { HoroscopeMine, HoroscopeSignGrid } from '../../components/horoscope-view';
import { PanchangWidget } from '../../components/panchang-widget';

export const metadata: Metadata = { title: 'Horoscopes' };

export default function HoroscopesPage() {
  return (
    <section className="container page-top stack-lg">
      <div>
        <p className="eyebrow">Rashifal</p>
        <h1 className="h2">Daily, weekly and monthly horoscopes</h1>
        <p className="muted">Pick your sign: your moon sign (rashi) if you know it, or your sun sign. Not sure? Draw your free kundli.</p>
      </div>
      <HoroscopeMine />
      <HoroscopeSignGrid />
      <PanchangWidget />
    </section>
  );
}
