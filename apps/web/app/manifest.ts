import type { MetadataRoute } from 'next';

/** Installable app: colours from globals.css (:root --maroon-800 and --cream); icons from scripts/make-icons.ts. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: '/',
    name: 'Anytime Pooja · Talk to trusted astrologers',
    short_name: 'Anytime Pooja',
    description: 'Chat, call or video with verified Vedic astrologers, tarot readers and numerologists.',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    theme_color: '#5e1427',
    background_color: '#fffaf3',
    lang: 'en-IN',
    categories: ['lifestyle'],
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
      { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
}
