// The self-service journeys as a person runs them: the real portal (`npm start`) pointed at
// the stand-ins program (GitHub with real Git repositories, Argo CD, the Terraform program),
// driven in Debian's Chromium from the Create page to the page of what was made.
// Screenshots of each key moment go to test-results/screenshots/.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import {
  backstageToken,
  launchBrowser,
  saveScreenshot,
  signInWithGitHub,
} from './lib/browser.mjs';
import {
  fillNewService,
  fillRepository,
  openTemplate,
  pickEntity,
  reloadUntilVisible,
} from './lib/pages.mjs';
import { chromiumSuite } from './lib/suite.mjs';

// The person onboarded: a GitHub account the stand-ins know, not yet in the organisation.
const NEWCOMER = {
  name: 'Mae Jemison',
  email: 'mae.jemison@example.com',
  login: 'mae-jemison',
};
// Onboarded as an IT administrator: an organisation owner, which waits for a second person.
const PRIVILEGED = {
  name: 'Dorothy Vaughan',
  email: 'dorothy.vaughan@example.com',
  login: 'dorothy-vaughan',
};
const SERVICE = 'invoice-api';
// A service that declares what it needs: a secret, a database and an egress destination.
const DECLARING = 'ledger-api';

/** A Kyverno result, as Kyverno v1.16.4 writes it into a PolicyReport. */
const kyvernoResult = (policy, rule, result, severity, message) => ({
  policy,
  rule,
  result,
  severity,
  message,
  source: 'kyverno',
  scored: true,
  timestamp: { seconds: 1796000000, nanos: 0 },
});

/** A PolicyReport Kyverno writes in `namespace` about a Deployment of the same name. */
const deploymentReport = (namespace, results) => ({
  apiVersion: 'wgpolicyk8s.io/v1alpha2',
  kind: 'PolicyReport',
  metadata: {
    name: `deployment-${namespace}`,
    namespace,
    labels: { 'app.kubernetes.io/managed-by': 'kyverno' },
  },
  scope: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: namespace,
    namespace,
  },
  summary: {
    pass: results.filter(r => r.result === 'pass').length,
    fail: results.filter(r => r.result === 'fail').length,
    warn: 0,
    error: 0,
    skip: 0,
  },
  results,
});

// What the dev cluster's Kyverno (Audit in dev) reports once Argo CD has synced the declaring
// service, and about another team's namespace, which must not show on its page.
const POLICY_REPORTS = [
  deploymentReport(DECLARING, [
    kyvernoResult(
      'require-requests-limits',
      'requests-and-limits',
      'pass',
      'medium',
      'validation rule requests-and-limits passed.',
    ),
    kyvernoResult(
      'restrict-image-registries',
      'image-registries',
      'fail',
      'high',
      'validation error: Images come only from the registries this environment trusts. rule image-registries failed at path /spec/containers/0/image/',
    ),
  ]),
  deploymentReport('growth-web', [
    kyvernoResult(
      'disallow-privileged',
      'privileged-containers',
      'fail',
      'critical',
      'validation error: Privileged containers are not allowed.',
    ),
  ]),
];
// Who runs the journeys: an ordinary member of payments, signed in with GitHub (the
// stand-in's login for the catalog's alan.turing); and an approver of the security team.
const MEMBER = 'alan-turing';
const APPROVER = 'radia-perlman';

// What the journeys need sooner than the defaults give it: the catalog reads new
// locations, and platform status mirrors entities and asks Argo CD, every few seconds.
const FAST_REFRESH = `catalog:
  processingInterval: { seconds: 3 }
platformStatus:
  catalogSync:
    schedule: { frequency: { seconds: 5 }, timeout: { minutes: 1 } }
  argocd:
    schedule: { frequency: { seconds: 5 }, timeout: { minutes: 1 } }
  policyReports:
    schedule: { frequency: { seconds: 5 }, timeout: { minutes: 1 } }
  alerts:
    schedule: { frequency: { seconds: 5 }, timeout: { minutes: 1 } }
`;

/** The task page once the run ended: succeeded when every output link is there, else why not. */
async function waitForTaskSuccess(page, outputLinks, timeoutMs = 240_000) {
  const failed = page.getByText(/^Error: /).first();
  const done = page.getByRole('link', { name: outputLinks.at(-1) }).first();
  await Promise.race([
    done.waitFor({ timeout: timeoutMs }),
    failed.waitFor({ timeout: timeoutMs }).then(async () => {
      throw new Error(
        `The task failed: ${await failed.innerText()}\n${await page
          .locator('body')
          .innerText()}`.slice(0, 6000),
      );
    }),
  ]);
  for (const name of outputLinks) {
    await page.getByRole('link', { name }).first().waitFor();
  }
}

/**
 * The Platform status tab's deployment history of an environment, reloaded (the collector
 * reads Argo CD on its own schedule) until `row` (a filter of the table's rows) shows.
 */
async function reloadHistoryUntil(page, environment, filter, attempts = 20) {
  const table = page.getByTestId(`platform-status-history-${environment}`);
  const row = table.locator('tbody tr').filter(filter);
  for (let attempt = 0; attempt < attempts; attempt++) {
    const toggle = page
      .getByRole('button', { name: 'Deployment history' })
      .first();
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') {
      await toggle.click();
    }
    try {
      await row.first().waitFor({ timeout: 8000 });
      return { table, row: row.first() };
    } catch {
      await page.reload();
    }
  }
  throw new Error(
    `No deployment of ${environment} matching ${JSON.stringify(
      filter,
    )} after ${attempts} reloads:\n${await page
      .locator('body')
      .innerText()}`.slice(0, 6000),
  );
}

/**
 * Adds an item to an array field of a form: the first "Add Item" button after the field's
 * heading (the buttons carry no field name).
 */
async function addArrayItem(page, title) {
  await page
    .getByRole('heading', { name: title, exact: true })
    .locator(
      'xpath=following::button[@title="Add Item" or @aria-label="Add Item" or normalize-space(.)="Add Item"][1]',
    )
    .click();
}

/** The onboarding form's first page: who the person is, and their manager. */
async function fillWho(page, person, startDate, manager) {
  await page.getByLabel('Full name').fill(person.name);
  await page.getByLabel('Work e-mail').fill(person.email);
  await page.getByLabel('GitHub login').fill(person.login);
  await page.getByLabel('Start date').fill(startDate);
  await pickEntity(page, 'Manager', manager.typed, manager.option);
}

describe(
  'journeys in Chromium against the stand-ins (npm start)',
  { timeout: 900_000 },
  () => {
    const suite = chromiumSuite({
      name: 'journeys',
      standIns: { policyReports: POLICY_REPORTS },
      configs: dir => {
        const fast = path.join(dir, 'fast-refresh.app-config.yaml');
        writeFileSync(fast, FAST_REFRESH);
        return [fast];
      },
      signInAs: MEMBER,
    });

    it('onboards an employee from the Create page to their catalog page', async () => {
      const { page, standIns } = suite;
      const org = standIns.organization;
      await openTemplate(page, 'Onboard an employee');

      // Who
      await fillWho(page, NEWCOMER, '2027-01-04', {
        typed: 'kath',
        option: 'Katherine Johnson',
      });
      await saveScreenshot(page, 'onboarding-1-who');
      await page.getByRole('button', { name: 'Next' }).click();

      // Role: the persona field shows what each persona grants before anyone chooses.
      await pickEntity(page, 'Team', 'pay', /payments/i);
      await page.getByRole('checkbox', { name: 'Development' }).check();
      await page.getByRole('checkbox', { name: 'Staging' }).check();
      const developer = page.getByRole('table', {
        name: 'What Developer grants',
      });
      await developer.waitFor();
      assert.equal(
        await page.getByRole('radio', { name: 'Developer' }).isChecked(),
        false,
        'no persona should be chosen before the person looks at the grants',
      );
      const grants = await developer.innerText();
      for (const expected of [
        /github\s+organization member, team \{team\} \(member\)/,
        /aws\s+-\s+GroundworkDeveloper\s+GroundworkDeveloper\s+GroundworkReadOnly/,
        /kubernetes\s+-\s+edit in \{team\}\s+edit in \{team\}\s+view in \{team\}/,
        /argocd\s+-\s+applications: get create/,
      ]) {
        assert.match(grants, expected, `Developer's grants table:\n${grants}`);
      }
      // Each persona has its table; a privileged one differs.
      assert.match(
        await page
          .getByRole('table', { name: 'What Site reliability engineer grants' })
          .innerText(),
        /aws\s+-\s+GroundworkDeveloper\s+GroundworkDeveloper\s+GroundworkOperator/,
      );
      await saveScreenshot(page, 'onboarding-2-persona-grants');
      await page.getByRole('radio', { name: 'Developer' }).check();
      await page.getByRole('button', { name: 'Next' }).click();

      // Access repository: the default, in the stand-in organisation.
      await page.getByLabel('Owner').first().waitFor();
      await page.getByRole('button', { name: 'Review' }).click();
      await page.getByText(NEWCOMER.email).first().waitFor();
      await saveScreenshot(page, 'onboarding-3-review');
      await page.getByRole('button', { name: 'Create' }).click();

      await page.waitForURL(/\/create\/tasks\//);
      await waitForTaskSuccess(page, [
        'Access pull request',
        'Their catalog page',
      ]);
      await page.getByText('What was granted').first().waitFor();
      await saveScreenshot(page, 'onboarding-4-task-succeeded');

      // GitHub received the invitation and one pull request with the files for review.
      const membership = await standIns.github(
        'GET',
        `/orgs/${org}/memberships/${NEWCOMER.login}`,
      );
      assert.equal(membership.status, 200, JSON.stringify(membership.body));
      assert.equal(membership.body.state, 'pending');
      const pulls = await standIns.github(
        'GET',
        `/repos/${org}/platform-access/pulls?state=open`,
      );
      const pull = pulls.body.find(
        p => p.head.ref === `onboard/${NEWCOMER.login}`,
      );
      assert.ok(
        pull,
        `no pull request from onboard/${NEWCOMER.login}: ${JSON.stringify(
          pulls.body,
        )}`,
      );
      assert.match(pull.title, /Onboard Mae Jemison \(developer, payments\)/);
      const tree = await standIns.github(
        'GET',
        `/repos/${org}/platform-access/git/trees/${pull.head.sha}?recursive=1`,
      );
      const files = tree.body.tree.map(t => t.path);
      for (const file of [
        `catalog/users/${NEWCOMER.login}.yaml`,
        `iam/aws/${NEWCOMER.login}.dev.tf`,
        // The developer's bindings, for every namespace of the team's services.
        `kubernetes/staging/teams/payments/${NEWCOMER.login}.yaml`,
        'argocd/policy.payments.csv',
      ]) {
        assert.ok(files.includes(file), `${file} not in ${files.join(', ')}`);
      }

      // A reviewer merges it; the catalog picks the User up from the registered location.
      const merge = await standIns.github(
        'PUT',
        `/repos/${org}/platform-access/pulls/${pull.number}/merge`,
        { merge_method: 'squash' },
      );
      assert.equal(merge.status, 200, JSON.stringify(merge.body));

      await page
        .getByRole('link', { name: 'Their catalog page' })
        .first()
        .click();
      await page.waitForURL(
        new RegExp(`/catalog/default/user/${NEWCOMER.login}`),
      );
      await reloadUntilVisible(
        page,
        page.getByRole('heading', { name: NEWCOMER.name }).first(),
      );
      await page.getByText(NEWCOMER.email).first().waitFor();
      await page
        .getByRole('link', { name: /payments/i })
        .first()
        .waitFor();
      await saveScreenshot(page, 'onboarding-5-user-page');
    });

    it('holds an IT administrator onboarding until an approver completes it', async () => {
      const { page, portal, standIns } = suite;
      const org = standIns.organization;
      await openTemplate(page, 'Onboard an employee');
      await fillWho(page, PRIVILEGED, '2027-01-11', {
        typed: 'kath',
        option: 'Katherine Johnson',
      });
      await page.getByRole('button', { name: 'Next' }).click();
      await pickEntity(page, 'Team', 'pay', /payments/i);
      await page.getByRole('checkbox', { name: 'Development' }).check();
      await page.getByRole('radio', { name: 'IT administrator' }).check();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByLabel('Owner').first().waitFor();
      await page.getByRole('button', { name: 'Review' }).click();
      await page.getByRole('button', { name: 'Create' }).click();

      // The task succeeds, and says the grants wait: nothing changed on GitHub.
      await page.waitForURL(/\/create\/tasks\//);
      await waitForTaskSuccess(page, [
        'Access pull request',
        'Their catalog page',
      ]);
      const waiting = page.getByRole('link', { name: /^[0-9a-f-]{36}$/ });
      await waiting.first().waitFor();
      assert.match(
        await page.locator('body').innerText(),
        /waits for a second person in the portal/,
      );
      await saveScreenshot(page, 'security-1-onboarding-waits-for-approval');
      const before = await standIns.github(
        'GET',
        `/orgs/${org}/memberships/${PRIVILEGED.login}`,
      );
      assert.equal(before.status, 404, JSON.stringify(before.body));

      // The request, as its requester sees it: waiting, and not theirs to decide.
      await waiting.first().click();
      await page.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
      const requestUrl = page.url();
      await page.getByText('Waiting for approval').first().waitFor();
      await page
        .getByText(/You asked for this request .* a second\s+person/)
        .waitFor();
      assert.equal(
        await page.getByRole('button', { name: 'Approve' }).count(),
        0,
        'the requester must not be offered the decision',
      );
      await saveScreenshot(page, 'security-2-request-as-requester');

      // The same person cannot take the environment template to production: the form
      // does not offer it, and the back end refuses the run when asked directly.
      await openTemplate(page, 'New environment');
      const prod = page.getByRole('radio', { name: 'Production' });
      await prod.waitFor();
      assert.equal(await prod.isDisabled(), true, 'production offered');
      await page.getByText(/groundwork.permissions.productionGroups/).waitFor();
      await saveScreenshot(page, 'security-3-environment-prod-not-offered');
      const token = await backstageToken(page, portal.backendUrl);
      const created = await fetch(
        `${portal.backendUrl}/api/scaffolder/v2/tasks`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            templateRef: 'template:default/environment',
            values: {
              environment: 'prod',
              cloud: 'aws',
              organization: 'gwdemo',
              owner: 'group:default/payments',
              alertEmail: 'payments@example.com',
              cidrBlock: '10.40.0.0/16',
              addons: ['ingress-nginx', 'cert-manager'],
              domain: 'example.com',
              repoUrl: `github.com?owner=${org}&repo=environment-prod`,
              apply: true,
            },
          }),
        },
      );
      assert.equal(created.status, 201, await created.clone().text());
      const { id } = await created.json();
      let task;
      for (let i = 0; i < 120; i++) {
        task = await (
          await fetch(`${portal.backendUrl}/api/scaffolder/v2/tasks/${id}`, {
            headers: { authorization: `Bearer ${token}` },
          })
        ).json();
        if (['completed', 'failed', 'cancelled'].includes(task.status)) break;
        await new Promise(r => setTimeout(r, 1000));
      }
      assert.equal(task.status, 'failed');
      const events = await (
        await fetch(
          `${portal.backendUrl}/api/scaffolder/v2/tasks/${id}/events`,
          { headers: { authorization: `Bearer ${token}` } },
        )
      ).json();
      const failure = events.find(e => e.type === 'completion')?.body?.error;
      assert.match(
        failure?.message ?? JSON.stringify(events.slice(-3)),
        /production environment.*groundwork\.permissions\.productionGroups/,
      );
      const prodRepo = await standIns.github(
        'GET',
        `/repos/${org}/environment-prod`,
      );
      assert.equal(prodRepo.status, 404, 'a refused run created a repository');

      // A second person, an approver, signs in in their own browser and approves.
      const approverBrowser = await launchBrowser();
      try {
        const approver = await approverBrowser.newPage();
        approver.setDefaultTimeout(60_000);
        await signInWithGitHub(approver, portal.appUrl, APPROVER);
        await approver.getByRole('link', { name: 'Requests' }).first().click();
        await approver
          .getByRole('link', {
            name: `Onboard ${PRIVILEGED.name} as IT administrator in payments`,
          })
          .first()
          .click();
        assert.equal(approver.url(), requestUrl);
        await saveScreenshot(approver, 'security-4-request-as-approver');
        await approver.getByRole('button', { name: 'Approve' }).click();
        const dialog = approver.getByRole('dialog');
        await dialog
          .getByText(`organization ${org} (admin) for @${PRIVILEGED.login}`)
          .waitFor();
        await dialog.getByRole('button', { name: 'Approve and apply' }).click();
        await approver.getByText('Approved and applied').first().waitFor();
        await saveScreenshot(approver, 'security-5-approved-and-applied');
      } finally {
        await approverBrowser.close();
      }
      const after = await standIns.github(
        'GET',
        `/orgs/${org}/memberships/${PRIVILEGED.login}`,
      );
      assert.equal(after.status, 200, JSON.stringify(after.body));
      assert.equal(after.body.role, 'admin');
    });

    it('creates a new service and ends on its entity page with the status card', async () => {
      const { page, standIns } = suite;
      const org = standIns.organization;
      await openTemplate(page, 'New service');

      // The service
      await page.getByLabel('Name').first().fill(SERVICE);
      await page
        .getByLabel('Description')
        .fill('Issues invoices and credit notes');
      await pickEntity(page, 'Owner', 'pay', /payments/i);
      await page.getByLabel('Cost center').fill('CC-4711');
      await saveScreenshot(page, 'new-service-1-service');
      await page.getByRole('button', { name: 'Next' }).click();

      // Where it runs
      await page.getByRole('checkbox', { name: 'Development' }).check();
      await page.getByLabel('Budget alerts to').fill('payments@example.com');
      await saveScreenshot(page, 'new-service-2-environments');
      await page.getByRole('button', { name: 'Next' }).click();

      // What it needs: the defaults (no database, no bucket).
      await page.getByRole('button', { name: 'Next' }).click();

      // Repository
      await fillRepository(page, org, SERVICE);
      await page.getByRole('button', { name: 'Review' }).click();
      await page.getByText(SERVICE).first().waitFor();
      await saveScreenshot(page, 'new-service-3-review');
      await page.getByRole('button', { name: 'Create' }).click();

      await page.waitForURL(/\/create\/tasks\//);
      await waitForTaskSuccess(page, [
        'Repository',
        /Argo CD application/,
        'Open in catalog',
      ]);
      await saveScreenshot(page, 'new-service-4-task-succeeded');

      // GitHub holds the repository with its catalog file; Argo CD the Application.
      const catalogInfo = await standIns.github(
        'GET',
        `/repos/${org}/${SERVICE}/contents/catalog-info.yaml`,
      );
      assert.equal(catalogInfo.status, 200, JSON.stringify(catalogInfo.body));
      const app = await standIns.argocd(
        'GET',
        `/api/v1/applications/${SERVICE}-dev`,
      );
      assert.equal(app.status, 200, JSON.stringify(app.body));
      assert.equal(app.body.spec.source.path, 'deploy/overlays/dev');
      assert.equal(
        app.body.metadata.labels['groundwork.dev/entity-name'],
        SERVICE,
      );

      await page.getByRole('link', { name: 'Open in catalog' }).first().click();
      await page.waitForURL(
        new RegExp(`/catalog/default/component/${SERVICE}`),
      );
      // catalog:register answers before the catalog has processed the new entity.
      const card = page.getByTestId('platform-status-card');
      await reloadUntilVisible(page, card);
      const dev = card.getByTestId('platform-status-card-env-dev');
      await dev.waitFor();
      assert.match(await dev.innerText(), /Development/);
      // The first apply's estimate against the dev budget of the form (100 a month).
      assert.match(
        await card.getByTestId('platform-status-budget-dev').innerText(),
        /\d+% of \$100 budget/,
      );
      await saveScreenshot(page, 'new-service-5-entity-page');

      // Delivery comes from the Argo CD stand-in, through the status collector: the
      // entity's own tab shows the Application's sync state per environment.
      await page
        .locator(`a[href$="/component/${SERVICE}/platform-status"]`)
        .first()
        .click();
      await reloadUntilVisible(
        page,
        page
          .getByTestId('platform-status-delivery-dev')
          .getByText(/Synced/)
          .first(),
      );
      await saveScreenshot(page, 'new-service-6-status-tab');
    });

    it('syncs and rolls back an environment from its Platform status tab, and tells the owners when it degrades', async () => {
      const { page, portal, standIns } = suite;
      const appName = `${SERVICE}-dev`;
      const appRoute = `/api/v1/applications/${appName}`;
      // The platform team turns automated sync off in Argo CD, as Argo CD requires before
      // it rolls back (the next automated sync would undo a rollback). The stand-in
      // resolves a changed spec to a new revision, as if Git had moved on: the app is
      // OutOfSync, its workload still healthy.
      const current = await standIns.argocd('GET', appRoute);
      assert.equal(current.status, 200, JSON.stringify(current.body));
      assert.equal(current.body.status.history.length, 1);
      const [first] = current.body.status.history;
      const { automated, ...manual } = current.body.spec.syncPolicy ?? {};
      assert.ok(automated, 'new-service creates the app with automated sync');
      const next = await standIns.control('POST', '/argocd/next-rollout', {
        steps: [{ sync: 'OutOfSync', health: 'Healthy' }],
      });
      assert.equal(next.status, 200, JSON.stringify(next.body));
      const { status: _status, ...app } = current.body;
      const updated = await standIns.argocd('PUT', appRoute, {
        ...app,
        spec: { ...app.spec, syncPolicy: manual },
      });
      assert.equal(updated.status, 200, JSON.stringify(updated.body));

      // The owner syncs dev from the entity's Platform status tab.
      await page.goto(
        `${portal.appUrl}/catalog/default/component/${SERVICE}/platform-status`,
      );
      const history = page.getByTestId('platform-status-history-dev');
      await reloadHistoryUntil(page, 'dev', {
        hasText: first.revision.slice(0, 7),
      });
      await saveScreenshot(page, 'day-two-1-deployment-history');
      await page.getByRole('button', { name: 'Sync', exact: true }).click();
      const syncDialog = page.getByRole('dialog');
      await syncDialog.getByText('Sync Development?').waitFor();
      await syncDialog.getByRole('button', { name: 'Sync' }).click();
      await page.getByText(/Sync of Development started/).waitFor();
      const { row: synced } = await reloadHistoryUntil(page, 'dev', {
        hasText: /synced by groundwork[\s\S]*Succeeded/,
      });
      const afterSync = await standIns.argocd('GET', appRoute);
      const second = afterSync.body.status.history[1];
      assert.ok(second, JSON.stringify(afterSync.body.status.history));
      assert.notEqual(second.revision, first.revision);
      assert.match(await synced.innerText(), /Succeeded/);

      // ...then rolls it back to the first deployment, through the confirmation dialog.
      const { row: earlier } = await reloadHistoryUntil(page, 'dev', {
        hasText: first.revision.slice(0, 7),
        has: page.getByRole('button', { name: 'Roll back' }),
      });
      await earlier.getByRole('button', { name: 'Roll back' }).click();
      const dialog = page.getByRole('dialog');
      await dialog
        .getByText(`Roll back Development to ${first.revision.slice(0, 7)}?`)
        .waitFor();
      assert.match(
        await dialog.innerText(),
        new RegExp(`sync #${first.id} of ${appName}`),
      );
      await saveScreenshot(page, 'day-two-2-rollback-dialog');
      await dialog.getByRole('button', { name: 'Roll back' }).click();
      await page.getByText(/Roll back of Development started/).waitFor();

      // Argo CD appends an entry for the rollback, as for any successful sync; the
      // collector's next cycle brings it to the tab: newest first, the first revision again.
      const { table } = await reloadHistoryUntil(page, 'dev', {
        hasText: new RegExp(
          `${first.revision.slice(
            0,
            7,
          )}[\\s\\S]*synced by groundwork[\\s\\S]*Succeeded`,
        ),
      });
      const rows = await table.locator('tbody tr').allInnerTexts();
      assert.equal(rows.length, 3, rows.join('\n'));
      assert.match(rows[0], new RegExp(first.revision.slice(0, 7)));
      assert.match(rows[0], /synced by groundwork[\s\S]*Succeeded/);
      assert.match(rows[1], new RegExp(second.revision.slice(0, 7)));
      assert.match(rows[2], /synced by automated/);
      // What runs is the rolled-back revision; Argo CD compares the app with Git's target
      // again, so it is OutOfSync until the next sync.
      assert.match(
        await page.getByTestId('platform-status-delivery-dev').innerText(),
        new RegExp(`OutOfSync[\\s\\S]*@ ${first.revision.slice(0, 7)}`),
      );
      const afterRollback = await standIns.argocd('GET', appRoute);
      assert.deepEqual(
        afterRollback.body.status.history.map(h => [h.id, h.revision]),
        [
          [first.id, first.revision],
          [second.id, second.revision],
          [second.id + 1, first.revision],
        ],
      );
      await history.scrollIntoViewIfNeeded();
      await saveScreenshot(page, 'day-two-3-rolled-back');

      // The old version's pods then fail in the cluster: Argo CD reports the app Degraded,
      // and the owners hear of it in the portal's notifications.
      const degrade = await standIns.control(
        'POST',
        `/argocd/applications/${appName}/rollout`,
        {
          steps: [
            {
              sync: 'OutOfSync',
              health: 'Degraded',
              healthMessage: `Deployment "${SERVICE}" exceeded its progress deadline`,
            },
          ],
        },
      );
      assert.equal(degrade.status, 200, JSON.stringify(degrade.body));
      await page.goto(`${portal.appUrl}/notifications`);
      await reloadUntilVisible(
        page,
        page.getByText(/in Development needs attention: degraded/).first(),
      );
      await page
        .getByText('Argo CD reports the application Degraded.')
        .first()
        .waitFor();
      await saveScreenshot(page, 'day-two-4-degraded-notification');
    });

    it('creates a service that declares a secret, a database and an egress destination, and shows what Kyverno found about it', async () => {
      const { page, standIns } = suite;
      const org = standIns.organization;
      await openTemplate(page, 'New service');
      // Staging too: its cluster's API refuses platform status's token (see below).
      await fillNewService(page, {
        name: DECLARING,
        description: 'Keeps the books',
        environments: ['Development', 'Staging'],
      });

      // What it needs: a database, a secret by name, one outbound connection.
      await page.getByRole('checkbox', { name: 'PostgreSQL database' }).check();
      // The form says where each value goes (placeholders in angle brackets once rendered as
      // nothing: the description is Markdown).
      await page
        .getByText('<environment>/<service>/<name>', { exact: true })
        .waitFor();
      await addArrayItem(page, 'Secrets it reads');
      // RJSF labels an array's untitled item with the field's name and index.
      await page
        .getByRole('textbox', { name: 'secretNames-0' })
        .fill('stripe-api-key');
      await addArrayItem(page, 'Outbound connections');
      await page
        .getByRole('textbox', { name: 'Host name or IPv4 range' })
        .fill('api.stripe.com');
      assert.equal(
        await page.getByRole('spinbutton', { name: 'Port' }).inputValue(),
        '443',
      );
      await saveScreenshot(page, 'workload-1-what-it-needs');
      await page.getByRole('button', { name: 'Next' }).click();

      await fillRepository(page, org, DECLARING);
      await page.getByRole('button', { name: 'Review' }).click();
      await page.getByText('api.stripe.com').first().waitFor();
      await saveScreenshot(page, 'workload-2-review');
      await page.getByRole('button', { name: 'Create' }).click();

      await page.waitForURL(/\/create\/tasks\//);
      await waitForTaskSuccess(page, [
        'Repository',
        /Argo CD application/,
        'Open in catalog',
      ]);
      await saveScreenshot(page, 'workload-3-task-succeeded');

      // The repository holds what the platform rendered from workload.yaml, for each
      // environment chosen.
      const read = async file => {
        const res = await standIns.github(
          'GET',
          `/repos/${org}/${DECLARING}/contents/${file}?ref=main`,
        );
        assert.equal(res.status, 200, `${file}: ${JSON.stringify(res.body)}`);
        return Buffer.from(res.body.content, 'base64').toString('utf8');
      };
      const objectsOf = text =>
        parseAllDocuments(text)
          .map(d => d.toJS())
          .filter(Boolean);
      for (const env of ['dev', 'staging']) {
        const dir = `deploy/overlays/${env}/workload`;
        assert.deepEqual(
          objectsOf(await read(`deploy/overlays/${env}/kustomization.yaml`))[0]
            .components,
          ['workload'],
        );

        // The secret and the database's coordinates: where to find them, never a value.
        const secrets = objectsOf(await read(`${dir}/secrets.yaml`));
        const external = secrets.filter(o => o.kind === 'ExternalSecret');
        assert.deepEqual(
          external.map(o => o.spec.data.map(d => d.remoteRef.key)),
          [
            [`${env}/${DECLARING}/stripe-api-key`],
            [
              `/groundwork/${env}/${DECLARING}/postgres/host`,
              `/groundwork/${env}/${DECLARING}/postgres/name`,
            ],
          ],
        );
        for (const o of external) {
          assert.equal(o.apiVersion, 'external-secrets.io/v1');
          assert.equal(o.spec.secretStoreRef.kind, 'SecretStore');
          const store = secrets.find(
            s =>
              s.kind === 'SecretStore' &&
              s.metadata.name === o.spec.secretStoreRef.name,
          );
          assert.ok(store, `no SecretStore ${o.spec.secretStoreRef.name}`);
          // Read as the service's own ServiceAccount: its secrets, nobody else's.
          assert.equal(
            store.spec.provider.aws.auth.jwt.serviceAccountRef.name,
            DECLARING,
          );
        }
        // No Secret in Git: the operator creates it in the cluster.
        assert.deepEqual([...new Set(secrets.map(o => o.kind))].sort(), [
          'ExternalSecret',
          'SecretStore',
        ]);

        // Default deny, then what it declared: the database and api.stripe.com on 443.
        const policyFile = await read(`${dir}/network-policy.yaml`);
        const [policy] = objectsOf(policyFile);
        assert.equal(policy.kind, 'NetworkPolicy');
        assert.deepEqual(policy.spec.podSelector.matchLabels, {
          'app.kubernetes.io/name': DECLARING,
        });
        assert.deepEqual(policy.spec.policyTypes, ['Egress']);
        const ports = rule => rule.ports.map(p => `${p.port}/${p.protocol}`);
        assert.ok(
          policy.spec.egress.some(
            r => ports(r).join() === '5432/TCP' && r.to.every(t => t.ipBlock),
          ),
          `no database rule: ${JSON.stringify(policy.spec.egress)}`,
        );
        assert.match(policyFile, /# egress-1: api\.stripe\.com/);
        const stripe = policy.spec.egress.at(-1);
        assert.deepEqual(ports(stripe), ['443/TCP']);
        assert.equal(stripe.to[0].ipBlock.cidr, '0.0.0.0/0');
        // A name opens its port to public addresses only: not the instance metadata service.
        for (const closed of ['10.0.0.0/8', '169.254.0.0/16']) {
          assert.ok(stripe.to[0].ipBlock.except.includes(closed), closed);
        }

        // Prometheus (kube-prometheus-stack's release) scrapes /metrics.
        const [monitor] = objectsOf(await read(`${dir}/service-monitor.yaml`));
        assert.equal(monitor.kind, 'ServiceMonitor');
        assert.equal(monitor.metadata.name, DECLARING);
        assert.equal(monitor.metadata.labels.release, 'kube-prometheus-stack');
        assert.deepEqual(monitor.spec.selector.matchLabels, {
          'app.kubernetes.io/name': DECLARING,
        });
        assert.deepEqual(
          monitor.spec.endpoints.map(e => [e.port, e.path]),
          [['http', '/metrics']],
        );
      }

      // The entity's Platform status tab: the dev cluster's findings for the service's
      // namespace, in their own table beside the plan-time findings.
      await page.getByRole('link', { name: 'Open in catalog' }).first().click();
      await page.waitForURL(
        new RegExp(`/catalog/default/component/${DECLARING}`),
      );
      await reloadUntilVisible(
        page,
        page.locator(`a[href$="/component/${DECLARING}/platform-status"]`),
      );
      await page
        .locator(`a[href$="/component/${DECLARING}/platform-status"]`)
        .first()
        .click();
      const admission = page.getByTestId('platform-status-admission');
      const failing = admission
        .getByRole('row')
        .filter({ hasText: 'restrict-image-registries/image-registries' });
      // The collector reads the clusters on its schedule; a person reloads.
      await reloadUntilVisible(page, failing.first());
      const failingText = await failing.first().innerText();
      for (const expected of [
        /Development/,
        /In cluster · kyverno · platform-dev/,
        /high/,
        new RegExp(`Deployment ${DECLARING}/${DECLARING}`),
        /Fail/,
        /Images come only from the registries this environment trusts/,
      ]) {
        assert.match(failingText, expected, failingText);
      }
      // Passing results are one switch away, with their count.
      await admission
        .getByLabel('Show passing in-cluster findings (1)')
        .check();
      const passing = admission
        .getByRole('row')
        .filter({ hasText: 'require-requests-limits/requests-and-limits' });
      await passing.first().waitFor();
      const passingText = await passing.first().innerText();
      assert.match(passingText, new RegExp(`Deployment ${DECLARING}/`));
      assert.match(passingText, /Pass/);
      // Another namespace's report is not this service's.
      assert.equal(
        await admission.getByText('disallow-privileged').count(),
        0,
        "another namespace's finding shows on this service",
      );
      // The plan-time findings of the first apply stay in their own table, apart from the
      // cluster's.
      const planTime = page.getByTestId('platform-status-compliance');
      await planTime
        .getByText('Plan-time compliance findings (Terraform plan)')
        .waitFor();
      await planTime.getByLabel(/Show passing findings/).check();
      const planRows = planTime
        .getByRole('row')
        .filter({ hasText: 'Development' });
      await planRows.first().waitFor();
      assert.doesNotMatch(
        await planTime.innerText(),
        /restrict-image-registries|require-requests-limits/,
      );
      // Staging's API answers 403 to a token whose ServiceAccount has no binding to the
      // reader ClusterRole: the environment says so instead of passing.
      await page
        .getByTestId('platform-status-admission-staging')
        .getByText(
          /cannot list resource "policyreports" in API group "wgpolicyk8s\.io"/,
        )
        .first()
        .waitFor();
      await page
        .getByTestId('platform-status-admission-dev')
        .getByText('Policy reports of platform-dev')
        .waitFor();
      await saveScreenshot(page, 'workload-4-admission-findings');
    });

    it('plans a new environment layer by layer, applying nothing', async () => {
      const { page, standIns } = suite;
      const org = standIns.organization;
      await openTemplate(page, 'New environment');

      await page.getByRole('radio', { name: 'Development' }).check();
      await page.getByLabel('Organisation short name').fill('gwdemo');
      await page.getByLabel('Budget alerts to').fill('platform@example.com');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByLabel('DNS domain').fill('dev.example.com');
      await saveScreenshot(page, 'environment-1-network-and-addons');
      await page.getByRole('button', { name: 'Next' }).click();
      await fillRepository(page, org, 'environment-dev');
      await page.getByRole('button', { name: 'Review' }).click();
      await page.getByText('dev.example.com').first().waitFor();
      await saveScreenshot(page, 'environment-2-review');
      await page.getByRole('button', { name: 'Create' }).click();

      await page.waitForURL(/\/create\/tasks\//);
      await waitForTaskSuccess(page, [
        'Environment repository',
        'Open in catalog',
      ]);
      await page
        .getByText(/Planned only: nothing changed/)
        .first()
        .waitFor();
      await saveScreenshot(page, 'environment-3-planned');
      const repo = await standIns.github(
        'GET',
        `/repos/${org}/environment-dev`,
      );
      assert.equal(repo.status, 200, JSON.stringify(repo.body));
    });

    it('left the stand-ins a record without contract violations', async () => {
      const { standIns } = suite;
      const report = await standIns.stop();
      assert.ok(report, 'the stand-ins program wrote no report');
      assert.deepEqual(report.github.violations, []);
      assert.deepEqual(report.argocd.violations, []);
      const ops = report.github.calls.map(c => c.operationId);
      for (const op of [
        'orgs/set-membership-for-user',
        'pulls/create',
        'repos/create-in-org',
      ]) {
        assert.ok(ops.includes(op), `GitHub never received ${op}`);
      }
      assert.ok(
        report.argocd.calls.some(
          c =>
            c.operationId === 'ApplicationService_Create' && c.status === 200,
        ),
        'Argo CD never created an Application',
      );
      // new-service applies its first environment (two services, both in dev); the
      // environment run only plans.
      const applies = report.terraform.calls.filter(c => c.argv[0] === 'apply');
      assert.equal(
        applies.length,
        2,
        'two terraform applies, each new service in dev',
      );
      assert.ok(applies.every(c => c.exitCode === 0));
      const plans = report.terraform.calls.filter(c => c.argv[0] === 'plan');
      assert.ok(
        plans.length >= 3,
        `a plan for new-service and one per environment layer, saw ${plans.length}`,
      );
      assert.ok(plans.every(c => c.exitCode === 0));
      // Platform status listed dev's policy reports as the reader, and was refused staging's.
      const dev = report.kubernetes['platform-dev'].calls;
      assert.ok(
        dev.some(
          c =>
            c.path === '/apis/wgpolicyk8s.io/v1alpha2/policyreports' &&
            c.status === 200,
        ),
        `dev's policy reports were never listed: ${JSON.stringify(
          dev.slice(-3),
        )}`,
      );
      assert.deepEqual(
        [
          ...new Set(
            report.kubernetes['platform-staging'].calls.map(c => c.status),
          ),
        ],
        [403],
      );
    });
  },
);
