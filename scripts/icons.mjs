#!/usr/bin/env node
// Renders the web app's icons (web/public/icon-*.png, for the manifest and iOS) from the two SVG
// sources next to them, in headless Chromium: no ImageMagick or rsvg needed. Run after editing an SVG:
//
//   (cd web && npm ci) && node scripts/icons.mjs
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pub = join(repo, 'web/public');
const { chromium } = createRequire(join(repo, 'web/package.json'))('playwright-core');

const icons = [
  { svg: 'icon.svg', png: 'icon-192.png', size: 192, transparent: true },
  { svg: 'icon.svg', png: 'icon-512.png', size: 512, transparent: true },
  { svg: 'icon-maskable.svg', png: 'icon-maskable-512.png', size: 512, transparent: false },
  { svg: 'icon-maskable.svg', png: 'apple-touch-icon.png', size: 180, transparent: false },
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
try {
  for (const icon of icons) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    const svg = readFileSync(join(pub, icon.svg), 'utf8').replace('<svg ', `<svg width="${icon.size}" height="${icon.size}" `);
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block}</style>${svg}`);
    await page.screenshot({ path: join(pub, icon.png), omitBackground: icon.transparent });
    await page.close();
  }
} finally {
  await browser.close();
}
