import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { HoroscopeView } from '../../../components/horoscope-view';
import { SIGN_INFO, isSign } from '../../../lib/astro';

export async function generateMetadata({ params }: { params: Promise<{ sign: string }> }): Promise<Metadata> {
  const { sign } = await params;
  const t = await getTranslations('horoscope');
  if (!isSign(sign)) return { title: t('metaTitle') };
  return { title: t('title', { sign: (await getLocale()) === 'hi' ? SIGN_INFO[sign].hi : SIGN_INFO[sign].en }) };
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
