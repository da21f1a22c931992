import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { HoroscopeView } from '../../../components/horoscope-view';
import { SIGN_INFO, isSign } from '../../../lib/astro';

export async function generateMetadata({ params }: { params: Promise<{ sign: string }> }): Promise<Metadata> {
  const { sign } = await params;
  return { title: isSign(sign) ? `${SIGN_INFO[sign].en} horoscope` : 'Horoscope' };
}

export default async function SignHoroscopePage({ params }: { params: Promise<{ sign: string }> }) {
  const { sign } = await params;
  if (!isSign(sign)) notFound();
  return (
    <section className="container page-top">
      <HoroscopeView sign={sign} />
    </section>
  );
}
