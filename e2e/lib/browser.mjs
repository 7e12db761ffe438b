// Debian's Chromium through playwright-core (playwright's own browser downloads
// cannot work on these machines).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { RESULTS, ROOT } from './processes.mjs';

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
  // Removed with the browser: runs leave no profiles behind in the temp folder.
  // Chromium may still be writing to it as it exits: retry until it is gone.
  const close = context.close.bind(context);
  context.close = async (...args) => {
    await close(...args);
    rmSync(userDataDir, {
      recursive: true,
      force: true,
      maxRetries: 10,
      retryDelay: 200,
    });
  };
  return context;
}

export function screenshotPath(name) {
  return path.join(RESULTS, `${name}.png`);
}

/** Screenshots of the journeys' key moments: the artefacts a reviewer looks at (git-ignored). */
const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

export async function saveScreenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({
    path: path.join(SCREENSHOTS, `${name}.png`),
    fullPage: true,
  });
}

/**
 * Signs in with GitHub as the production portal does: Backstage's GitHub provider
 * opens GitHub's authorize page in a popup; the GitHub stand-in's page lists its
 * people and the test clicks the one it signs in as.
 */
export async function signInWithGitHub(page, appUrl, login) {
  await page.goto(appUrl);
  const github = page
    .locator('li, .MuiGrid-item')
    .filter({ hasText: 'GitHub' });
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    github
      .getByRole('button', { name: /sign in/i })
      .first()
      .click(),
  ]);
  await popup.getByRole('button', { name: login, exact: true }).click();
  await page.getByRole('link', { name: 'Create' }).first().waitFor();
}

/** The signed-in person's Backstage token, as the app holds it, for calls a person could make. */
export async function backstageToken(page, backendUrl, provider = 'github') {
  return page.evaluate(
    async ({ url, provider: p }) => {
      const res = await fetch(`${url}/api/auth/${p}/refresh?env=development`, {
        credentials: 'include',
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      });
      if (!res.ok) throw new Error(`refresh answered ${res.status}`);
      return (await res.json()).backstageIdentity.token;
    },
    { url: backendUrl, provider },
  );
}
