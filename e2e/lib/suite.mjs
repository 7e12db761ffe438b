// The set-up every Chromium journey shares: the stand-ins program, the real portal
// (`npm start`) pointed at it, and a page in Debian's Chromium signed in through GitHub;
// a screenshot when a test fails, and everything stopped and removed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before } from 'node:test';
import { launchBrowser, saveScreenshot, signInWithGitHub } from './browser.mjs';
import { startPortal } from './processes.mjs';
import { startStandIns } from './standIns.mjs';

/**
 * Registers the suite's hooks: call it inside `describe`. What it starts is on the object
 * it returns from the first test on: `dir` (a temporary directory), `standIns`, `portal`
 * and `page`.
 *
 * - `name`: names the temporary directory and the portal's log.
 * - `standIns`: options for startStandIns.
 * - `configs(dir)`: app-config files laid over the stand-ins' overlay (written into `dir`).
 * - `signInAs`: the GitHub login the page signs in with.
 */
export function chromiumSuite({
  name,
  standIns: options,
  configs = () => [],
  signInAs,
}) {
  const suite = {};
  let browser;

  before(async () => {
    suite.dir = mkdtempSync(path.join(os.tmpdir(), `groundwork-${name}-`));
    suite.standIns = await startStandIns(suite.dir, options);
    suite.portal = await startPortal({
      name: `${name}-portal`,
      configs: [suite.standIns.overlayFile, ...(await configs(suite.dir))],
    });
    browser = await launchBrowser();
    suite.page = await browser.newPage();
    suite.page.setDefaultTimeout(60_000);
    await signInWithGitHub(suite.page, suite.portal.appUrl, signInAs);
  });

  afterEach(async context => {
    // A failing step leaves a picture of what the user would have seen.
    if (suite.page && context.passed === false) {
      await saveScreenshot(
        suite.page,
        `failed-${context.name.replace(/\W+/g, '-')}`,
      ).catch(() => {});
    }
  });

  after(async () => {
    await browser?.close();
    await suite.portal?.stop();
    await suite.standIns?.stop();
    if (suite.dir) rmSync(suite.dir, { recursive: true, force: true });
  });

  return suite;
}
