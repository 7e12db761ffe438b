// Debian's Chromium through playwright-core (playwright's own browser downloads
// cannot work on these machines).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { RESULTS } from './processes.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser() {
  // Chromium keeps a profile; a fresh one per run keeps runs independent.
  const userDataDir = mkdtempSync(
    path.join(os.tmpdir(), 'groundwork-chromium-'),
  );
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return context;
}

export function screenshotPath(name) {
  return path.join(RESULTS, `${name}.png`);
}
