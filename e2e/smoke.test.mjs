// The portal as a newcomer sees it after `npm start`: the real start script, the real
// back end on SQLite and the dev server, driven in Debian's Chromium.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { launchBrowser, screenshotPath } from './lib/browser.mjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ROOT, startPortal } from './lib/processes.mjs';

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
      portal = await startPortal();
      appUrl = portal.appUrl;
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

    it('signs in as guest and lands on the Groundwork home page', async () => {
      await page.goto(appUrl);
      await page.getByRole('button', { name: /enter/i }).click();
      // Sign-in lands on `/`, which is the home page (it was a 404: issue 17).
      await page.waitForURL(/\/home$/);
      await page.getByText('Welcome to Groundwork').waitFor();
      assert.equal(await page.getByText(/PAGE NOT FOUND/i).count(), 0);
      // app.title names the tab (pages put their own title before it).
      assert.match(await page.title(), /Groundwork$/);
      assert.doesNotMatch(await page.title(), /Backstage/);
      // Groundwork's logo in the sidebar, not Backstage's.
      const nav = page.getByRole('navigation', { name: 'sidebar nav' });
      await nav.getByRole('img', { name: 'Groundwork' }).first().waitFor();
      assert.equal(
        await nav.locator('svg[viewBox="0 0 2079.95 456.05"]').count(),
        0,
        "Backstage's logo is still in the sidebar",
      );
      // Every card answers: a list, an empty state or an error that says what to do.
      await page
        .getByText(
          /environments? needs? attention|No environment of yours needs attention|Nothing of yours reports platform status yet|Could not load your environments/,
        )
        .first()
        .waitFor();
      await page.getByText('My requests').first().waitFor();
      await page.getByText('Recent template runs').first().waitFor();
    });

    it('lists every demo component in the catalog', async () => {
      assert.ok(
        DEMO_COMPONENTS.length >= 4,
        'the demo catalog should hold at least four components',
      );
      await page.getByRole('link', { name: 'Catalog' }).first().click();
      await page.waitForURL(/\/catalog/);
      // The guest owns payments' services, so the catalog opens on Owned: show all.
      await page.getByTestId('user-picker-all').click();
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

    it('shows the environments of the entity with cost and findings from the demo runs', async () => {
      // Platform status on the embedded default: the demo plans were evaluated by the
      // governance engine and reported through the same ingestion path as terraform:apply.
      const card = page.getByTestId('platform-status-card');
      await card.waitFor();
      for (const env of ['dev', 'staging', 'prod']) {
        await card.getByTestId(`platform-status-card-env-${env}`).waitFor();
        const budget = await card
          .getByTestId(`platform-status-budget-${env}`)
          .innerText();
        assert.match(
          budget,
          /\d+% of \$[\d,]+ budget/,
          `budget of ${env}: ${budget}`,
        );
      }
      assert.match(
        await card.getByTestId('platform-status-failing-findings').innerText(),
        /Failing findings: \d+ critical, \d+ high|No critical or high findings failing/,
      );
      // No Argo CD runs here: delivery must say so, never pass.
      await card
        .getByTestId('platform-status-not-configured')
        .first()
        .waitFor();
      await page.screenshot({
        path: screenshotPath('entity-status-card'),
        fullPage: true,
      });

      // The entity's own tab, not the sidebar's portfolio link of the same name.
      await page
        .locator('a[href$="/component/payments-api/platform-status"]')
        .first()
        .click();
      const matrix = page.getByTestId('platform-status-matrix');
      await matrix.waitFor();
      for (const env of ['dev', 'staging', 'prod']) {
        await matrix.getByTestId(`platform-status-env-${env}`).waitFor();
        assert.match(
          await matrix.getByTestId(`platform-status-cost-${env}`).innerText(),
          /\$[\d,.]+/,
        );
      }
      await page
        .getByTestId('platform-status-compliance')
        .getByText(/GW-AWS-\d+/)
        .first()
        .waitFor();
      await page.screenshot({
        path: screenshotPath('entity-status-tab'),
        fullPage: true,
      });
    });

    it('lists every demo environment on the portfolio page', async () => {
      await page.getByRole('link', { name: 'Platform status' }).first().click();
      await page.getByTestId('platform-status-portfolio').waitFor();
      // The demo runs are fed in while the catalog settles; a user would reload, so do we.
      let rows = 0;
      for (let attempt = 0; attempt < 30 && rows < 10; attempt++) {
        if (attempt > 0) {
          await page.waitForTimeout(2000);
          await page.reload();
        }
        await page
          .getByTestId('platform-status-portfolio-row')
          .first()
          .waitFor();
        rows = await page.getByTestId('platform-status-portfolio-row').count();
      }
      assert.ok(
        rows >= 10,
        `expected a row per demo component and environment, saw ${rows}`,
      );
      await page.screenshot({
        path: screenshotPath('portfolio'),
        fullPage: true,
      });
    });

    it("lists the guest's services with their environments under Needs attention", async () => {
      // Home through the logo, as a user coming back would.
      await page
        .getByRole('navigation', { name: 'sidebar nav' })
        .getByRole('link', { name: 'Home' })
        .first()
        .click();
      await page.waitForURL(/\/home$/);
      // The guest belongs to payments: Payments API is theirs, with every
      // environment. The portfolio above waited for the demo runs and the
      // catalog mirror; reload a little in case the guest's rows lag.
      const widget = page.getByTestId('home-needs-attention');
      let listed = 0;
      for (let attempt = 0; attempt < 15 && listed < 3; attempt++) {
        if (attempt > 0) {
          await page.waitForTimeout(2000);
          await page.reload();
        }
        await page
          .getByText(
            /environments? needs? attention|No environment of yours needs attention|Nothing of yours reports platform status yet|Could not load your environments/,
          )
          .first()
          .waitFor();
        listed = await widget
          .getByTestId(
            /^home-needs-attention-env-payments-api-(dev|staging|prod)$/,
          )
          .count();
      }
      assert.equal(
        listed,
        3,
        'Payments API should be listed with dev, staging and prod',
      );
      const link = widget.getByRole('link', {
        name: 'Payments API',
        exact: true,
      });
      assert.match(
        await link.getAttribute('href'),
        /\/catalog\/default\/component\/payments-api\/platform-status$/,
      );
      await page.screenshot({ path: screenshotPath('home'), fullPage: true });
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
