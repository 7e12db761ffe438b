// A policy waiver as a team lives it, in Chromium against the stand-ins: a promotion to
// staging is blocked by a finding; the developer asks for a waiver from the finding on the
// Platform status tab; an approver (a second person) approves it on the Requests page; the
// next promotion passes the gate, and once the waiver expires the gate blocks again.
// Screenshots of each key moment go to test-results/screenshots/.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
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

// A member of payments (catalog alan.turing), and an approver of the security team.
const MEMBER = 'alan-turing';
const APPROVER = 'radia-perlman';
const SERVICE = 'waiver-api';
const ENTITY = `component:default/${SERVICE}`;
const TAG = '3f786850e387550fdab836ed7e6dc881de23001b';
const RULE = 'ACME-001';
// The queue of the plan every Terraform run of the stand-ins shows (examples/plans/payments-api).
const QUEUE = 'aws_sqs_queue.payment_events';
// Long enough for the approval and one promotion; the journey waits it out.
const WAIVER_MINUTES = 4;

// Staging's policy adds a team rule that the stand-ins' plan fails, at a severity
// staging's gate blocks (high) and dev's does not (critical).
const STAGING_POLICY = {
  version: 1,
  customRules: [
    {
      id: RULE,
      title: 'Queues name the data they carry',
      severity: 'high',
      resourceTypes: ['aws_sqs_queue'],
      assert: { attribute: 'tags.DataClassification', exists: true },
      message:
        'Tag the queue with DataClassification (public, internal, confidential or restricted).',
      rationale:
        'Retention and access reviews start from what a queue carries; an unlabelled queue is reviewed as restricted.',
      remediation: {
        text: 'Add the DataClassification tag.',
        terraform: 'tags = { DataClassification = "internal" }',
      },
    },
  ],
};

const overlay = policyFile => `catalog:
  processingInterval: { seconds: 3 }
platformStatus:
  catalogSync:
    schedule: { frequency: { seconds: 5 }, timeout: { minutes: 1 } }
terraform:
  environments:
    staging:
      gateThreshold: high
      policyFile: ${JSON.stringify(policyFile)}
groundwork:
  requests:
    schedule: { frequency: { seconds: 5 }, timeout: { minutes: 1 } }
`;

/** The task page once the run ended: the error it failed with, or undefined when it succeeded. */
async function taskOutcome(page, lastOutputLink, timeoutMs = 240_000) {
  const failed = page.getByText(/^Error: /).first();
  const done = page.getByRole('link', { name: lastOutputLink }).first();
  return Promise.race([
    done.waitFor({ timeout: timeoutMs }).then(() => undefined),
    failed.waitFor({ timeout: timeoutMs }).then(() => failed.innerText()),
  ]);
}

/** Runs Promote a service into staging: its task, and the error it failed with, if any. */
async function promoteToStaging(page, shot) {
  await openTemplate(page, 'Promote a service');
  await pickEntity(page, 'Service', SERVICE, new RegExp(SERVICE));
  await page.getByRole('radio', { name: 'Staging' }).check();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/\/create\/tasks\//);
  const error = await taskOutcome(page, 'Open in catalog');
  await saveScreenshot(page, shot);
  return { error, taskId: page.url().split('/').pop() };
}

describe(
  'a policy waiver asked for, approved and expired, in Chromium (npm start)',
  { timeout: 900_000 },
  () => {
    const suite = chromiumSuite({
      name: 'requests',
      configs: dir => {
        const policyFile = path.join(dir, 'staging-policy.yaml');
        writeFileSync(policyFile, stringify(STAGING_POLICY));
        const fast = path.join(dir, 'requests.app-config.yaml');
        writeFileSync(fast, overlay(policyFile));
        return [fast];
      },
      signInAs: MEMBER,
    });

    it('blocks, waives on approval, passes, and blocks again once the waiver expires', async () => {
      const { page, portal, standIns } = suite;
      const org = standIns.organization;

      // A service in dev and staging; dev's gate (critical) lets the team rule's high finding pass.
      await openTemplate(page, 'New service');
      await fillNewService(page, {
        name: SERVICE,
        description: 'Keeps the ledger of waivers',
        environments: ['Development', 'Staging'],
      });
      await page.getByRole('button', { name: 'Next' }).click();
      await fillRepository(page, org, SERVICE);
      await page.getByRole('button', { name: 'Review' }).click();
      await page.getByRole('button', { name: 'Create' }).click();
      await page.waitForURL(/\/create\/tasks\//);
      assert.equal(await taskOutcome(page, 'Open in catalog'), undefined);

      // CI's publish job pins the first released image in the dev overlay.
      const overlayPath = 'deploy/overlays/dev/kustomization.yaml';
      const current = await standIns.github(
        'GET',
        `/repos/${org}/${SERVICE}/contents/${overlayPath}`,
      );
      assert.equal(current.status, 200, JSON.stringify(current.body));
      const kustomization = parse(
        Buffer.from(current.body.content, 'base64').toString('utf8'),
      );
      kustomization.images[0].newTag = TAG;
      const pushed = await standIns.control(
        'POST',
        `/github/repos/${org}/${SERVICE}/push`,
        {
          branch: 'main',
          files: { [overlayPath]: stringify(kustomization) },
          message: `deploy: ${SERVICE} to dev`,
        },
      );
      assert.equal(pushed.status, 200, JSON.stringify(pushed.body));

      // 1. Staging's gate blocks the promotion on the team rule.
      const blocked = await promoteToStaging(page, 'waiver-1-blocked');
      assert.match(blocked.error ?? '', /governance gate blocked/);
      assert.match(blocked.error ?? '', new RegExp(RULE));

      // 2. The finding on the Platform status tab, and a waiver asked for from it.
      await page.goto(
        `${portal.appUrl}/catalog/default/component/${SERVICE}/platform-status`,
      );
      const finding = page
        .getByTestId('platform-status-compliance')
        .locator('tr')
        .filter({ hasText: RULE })
        .filter({ hasText: QUEUE })
        .filter({ hasText: 'Staging' });
      await reloadUntilVisible(page, finding.first());
      await finding
        .first()
        .getByRole('button', { name: 'Request a waiver' })
        .click();
      const ask = page.getByRole('dialog');
      assert.equal(await ask.getByLabel(/^Rule/).inputValue(), RULE);
      assert.equal(await ask.getByLabel(/^Resource/).inputValue(), QUEUE);
      const expires = new Date(Date.now() + WAIVER_MINUTES * 60_000);
      await ask.getByLabel(/^Expires/).fill(toUtcInput(expires));
      await ask
        .getByLabel(/^Reason/)
        .fill('The classification tag ships with the next module release.');
      await saveScreenshot(page, 'waiver-2-request');
      await ask.getByRole('button', { name: 'Send request' }).click();
      await ask.getByRole('link', { name: 'Open the request' }).click();
      await page.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
      const requestId = page.url().split('/').pop();
      await page.getByText('Waiting for approval').first().waitFor();
      await saveScreenshot(page, 'waiver-3-waiting');

      // The requester cannot approve their own request, whatever the page offers.
      const token = await backstageToken(page, portal.backendUrl);
      const api = (route, init = {}) =>
        fetch(`${portal.backendUrl}/api${route}`, {
          ...init,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
          },
        });
      const request = await api(`/requests/requests/${requestId}`).then(r =>
        r.json(),
      );
      assert.deepEqual(
        [request.kind, request.state, request.entityRef, request.environment],
        ['waiver', 'requested', ENTITY, 'staging'],
      );
      assert.equal(request.payload.rule, RULE);
      const self = await api(`/requests/requests/${requestId}/approve`, {
        method: 'POST',
        body: '{}',
      });
      assert.equal(self.status, 403);

      // 3. A second person approves it on the Requests page.
      const approverBrowser = await launchBrowser();
      try {
        const approver = await approverBrowser.newPage();
        approver.setDefaultTimeout(60_000);
        await signInWithGitHub(approver, portal.appUrl, APPROVER);
        await approver.goto(`${portal.appUrl}/requests/${requestId}`);
        await approver.getByText(RULE).first().waitFor();
        await approver.getByRole('button', { name: 'Approve' }).click();
        const dialog = approver.getByRole('dialog');
        await dialog.getByRole('textbox').fill('Until the module release.');
        await dialog.getByRole('button', { name: 'Approve' }).click();
        await approver.getByText('Approved and applied').first().waitFor();
        await saveScreenshot(approver, 'waiver-3-approved');
      } finally {
        await approverBrowser.close();
      }

      // 4. The waiver shows in force on the entity, and the next promotion passes the gate.
      await page.goto(
        `${portal.appUrl}/catalog/default/component/${SERVICE}/platform-status`,
      );
      await reloadUntilVisible(
        page,
        page.getByRole('table', { name: 'Waivers in Staging' }).getByText(RULE),
      );
      await saveScreenshot(page, 'waiver-5-in-force');
      const passed = await promoteToStaging(page, 'waiver-6-promoted');
      assert.equal(passed.error, undefined);
      const events = await api(
        `/scaffolder/v2/tasks/${passed.taskId}/events`,
      ).then(r => r.json());
      const log = events
        .filter(e => e.type === 'log')
        .map(e => e.body.message)
        .join('\n');
      assert.match(log, new RegExp(`Waived by request ${requestId}`));

      // 5. Once it expires the request says so, and the gate blocks again.
      const wait = expires.getTime() - Date.now() + 2_000;
      if (wait > 0) await new Promise(r => setTimeout(r, wait));
      await page.goto(`${portal.appUrl}/requests/${requestId}`);
      await reloadUntilVisible(page, page.getByText('Expired').first());
      await saveScreenshot(page, 'waiver-7-expired');
      const again = await promoteToStaging(page, 'waiver-8-blocked-again');
      assert.match(again.error ?? '', new RegExp(RULE));
    });
  },
);

/** A `datetime-local` value for an instant in UTC, as the request form reads it. */
function toUtcInput(date) {
  return date.toISOString().slice(0, 16);
}
