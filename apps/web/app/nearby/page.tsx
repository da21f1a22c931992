import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { connection } from 'next/server';
import { Suspense } from 'react';
import { NearbyView } from '../../components/nearby-view';
import { PageLoading } from '../../components/sign-in-prompt';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('nearby') };
}

const DEFAULT_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
const DEFAULT_TILE_ATTRIBUTION = '&copy; OpenStreetMap contributors';

/**
 * The tile server is deployment configuration: read from the environment on every request (connection() makes
 * this page dynamic), so one build can point at OpenStreetMap, a paid provider or a self-hosted tile server.
 */
export default async function NearbyPage() {
  await connection();
  // Indexed access keeps the bundler from inlining a build-time value.
  const env = process.env;
  const tileUrl = env['MAP_TILE_URL']?.trim() || DEFAULT_TILE_URL;
  const attribution = env['MAP_TILE_ATTRIBUTION']?.trim() || DEFAULT_TILE_ATTRIBUTION;
  return (
    <Suspense
      fallback={
        <section className="container page-top">
          <PageLoading />
        </section>
      }
    >
      <NearbyView tileUrl={tileUrl} attribution={attribution} />
    </Suspense>
  );
}
