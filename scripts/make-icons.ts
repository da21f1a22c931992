/**
 * Renders the PWA icons in apps/web/public/icons/ from apps/web/app/icon.svg (run again after changing the SVG):
 * `npx tsx scripts/make-icons.ts`. The maskable ones put the mark inside the central 80% safe zone on the cream
 * background, since launchers crop them to circles or squircles.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

const WEB = path.join(import.meta.dirname, '..', 'apps', 'web');
const OUT = path.join(WEB, 'public', 'icons');
const CREAM = '#fffaf3';

async function main() {
  const svg = await readFile(path.join(WEB, 'app', 'icon.svg'));
  for (const size of [192, 512]) {
    await sharp(svg, { density: 72 * (size / 48) }).resize(size, size).png().toFile(path.join(OUT, `icon-${size}.png`));
    const mark = Math.round(size * 0.7);
    const inner = await sharp(svg, { density: 72 * (mark / 48) }).resize(mark, mark).png().toBuffer();
    await sharp({ create: { width: size, height: size, channels: 4, background: CREAM } })
      .composite([{ input: inner, gravity: 'centre' }])
      .png()
      .toFile(path.join(OUT, `maskable-${size}.png`));
  }
  console.log(`icons written to ${path.relative(process.cwd(), OUT)}`);
}

await main();
