// The portal as a newcomer sees it after `npm start`: the real start script, the real
// back end on SQLite and the dev server, driven in Debian's Chromium.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { launchBrowser, screenshotPath } from './lib/browser.mjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ROOT, freePort, start, waitForUrl } from './lib/processes.mjs';

// The catalog table shows titles; read them from the demo catalog so the test follows it.
const DEMO_COMPONENTS = parseAllDocuments(
  readFileSync(path.join(ROOT, 'examples/components.yaml'), 'utf8'),
)
  .map(doc => doc.toJS())
  .filter(entity => entity?.kind === 'Component')
  .map(entity => entity.metadata.title ?? entity.metadata.name);

describe(
  'portal smoke test (npm start, Chromium)',
  { timeout: 600_000 },
  () => {
    let portal;
    let browser;
    let page;
    let appUrl;

    before(async () => {
      // Other ports than the defaults, so a portal a developer left running does not interfere.
      const backendPort = await freePort();
      const frontendPort = await freePort();
      appUrl = `http://localhost:${frontendPort}`;
      portal = start('portal', 'bash', ['scripts/start.sh'], {
        env: {
          BACKEND_PORT: String(backendPort),
          FRONTEND_PORT: String(frontendPort),
          BROWSER: 'none',
        },
      });
      await waitForUrl(
        `http://localhost:${backendPort}/.backstage/health/v1/readiness`,
        { proc: portal },
      );
      await waitForUrl(appUrl, { proc: portal });
      browser = await launchBrowser();
      page = await browser.newPage();
      page.setDefaultTimeout(60_000);
    });

    afterEach(async context => {
      // A failing step leaves a picture of what the user would have seen.
      if (page && context.passed === false) {
        await page
          .screenshot({
            path: screenshotPath(`failed-${context.name.replace(/\W+/g, '-')}`),
          })
          .catch(() => {});
      }
    });

    after(async () => {
      await browser?.close();
      await portal?.stop();
    });

    it('signs in as guest and lists every demo component in the catalog', async () => {
      assert.ok(
        DEMO_COMPONENTS.length >= 4,
        'the demo catalog should hold at least four components',
      );
      await page.goto(appUrl);
      await page.getByRole('button', { name: /enter/i }).click();
      // Signed in once the app shell replaces the sign-in page; then browse as a user would.
      await page.getByRole('link', { name: 'Catalog' }).first().click();
      await page.waitForURL(/\/catalog/);
      for (const name of DEMO_COMPONENTS) {
        await page.getByRole('link', { name, exact: true }).first().waitFor();
      }
      await page.screenshot({
        path: screenshotPath('catalog'),
        fullPage: true,
      });
    });

    it('opens an entity page', async () => {
      await page
        .getByRole('link', { name: 'Payments API', exact: true })
        .first()
        .click();
      await page.waitForURL(/\/catalog\/default\/component\/payments-api/);
      await page
        .getByRole('heading', { name: /payments-api|Payments API/ })
        .first()
        .waitFor();
      await page
        .getByText('Accepts card and wallet payments and emits payment events')
        .first()
        .waitFor();
      await page.screenshot({
        path: screenshotPath('entity-page'),
        fullPage: true,
      });
    });

    it('lists the registered templates on the Create page', async () => {
      await page.getByRole('link', { name: 'Create' }).first().click();
      await page.waitForURL(/\/create/);
      await page.getByText('Register an existing component').first().waitFor();
      await page.screenshot({
        path: screenshotPath('create-page'),
        fullPage: true,
      });
      const choose = await page
        .getByRole('button', { name: /choose/i })
        .count();
      assert.ok(
        choose >= 1,
        `expected at least one template card with a Choose button, saw ${choose}`,
      );
    });
  },
);
