// Renders packages/app/public/favicon.svg (Groundwork's mark) into the PNG and ICO icons
// public/index.html and manifest.json name, with Debian's Chromium (the same
// browser the e2e tests drive). Run after changing the mark:
//   node scripts/render-app-icons.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../e2e/lib/browser.mjs';

const PUBLIC = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../packages/app/public',
);
const svg = readFileSync(path.join(PUBLIC, 'favicon.svg'), 'utf8');

/** Home-screen icons are shown on any background: give them the sidebar's. */
const TILE = '#171717';

async function render(page, size, tile) {
  const pad = tile ? Math.round(size * 0.18) : 0;
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:${tile ?? 'transparent'}">
       <div style="padding:${pad}px;width:${size - 2 * pad}px;height:${
      size - 2 * pad
    }px">
         ${svg.replace('<svg ', '<svg width="100%" height="100%" ')}
       </div></body></html>`,
  );
  return page.screenshot({ omitBackground: !tile, type: 'png' });
}

/** An ICO file holding PNG images (supported by every current browser). */
function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, entry);
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map(i => i.png)]);
}

const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  const out = (name, data) => writeFileSync(path.join(PUBLIC, name), data);
  const icons = {};
  for (const size of [16, 32, 48]) icons[size] = await render(page, size);
  out('favicon-16x16.png', icons[16]);
  out('favicon-32x32.png', icons[32]);
  out(
    'favicon.ico',
    ico([16, 32, 48].map(size => ({ size, png: icons[size] }))),
  );
  out('apple-touch-icon.png', await render(page, 180, TILE));
  out('android-chrome-192x192.png', await render(page, 192, TILE));
} finally {
  await browser.close();
}
