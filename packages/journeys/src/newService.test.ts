import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import yaml from 'yaml';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  governPlan,
  listRules,
  planFromDocument,
} from '@groundwork/governance';
import { gitEnv, planFixturePath } from '@groundwork/stand-in-test-utils';
import {
  APPLIED_RUN,
  commandsOf,
  initializedBackend,
  planOfRenderedCode,
  Portal,
  startPortal,
} from './__testUtils__/portal';
import {
  asUser,
  catalogEntity,
  FinishedTask,
  platformStatus,
  runTemplate,
  until,
} from './__testUtils__/tasks';
import { newServiceForm } from './__testUtils__/forms';
import { approveAndMerge } from './__testUtils__/reviews';

jest.setTimeout(300_000);

/**
 * new-service as a user runs it from the Create page, through the real
 * scaffolder's REST API: the repository is created on the GitHub stand-in
 * (real bare Git), terraform:apply plans the rendered infra/envs/dev with the
 * Terraform stand-in (whose plan is synthesized from that code), gates it
 * and applies it, Argo CD gets the first environment's Application (the
 * others come by promotion, promotion.test.ts), the catalog
 * registers the pushed catalog-info.yaml, and platform status shows the run.
 */

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const CI_ROLE_ARN = 'arn:aws:iam::111111111111:role/ledger-api-ci';
/** TerraGoat (Checkov's test plan): public buckets, open security groups, unencrypted volumes. */
const CRITICAL_PLAN = planFixturePath('01-checkov-terragoat-tfplan.json');

const remediation = (ruleId: string) =>
  listRules().find(r => r.id === ruleId)!.remediation.text;

const form = (name: string) => newServiceForm(name);

const FROM_CODE = planOfRenderedCode('dev');

describe.each(databases.eachSupportedId())('new-service on %s', databaseId => {
  let portal: Portal;

  beforeAll(async () => {
    portal = await startPortal({
      databases,
      databaseId,
      terraform: {
        plan: FROM_CODE,
        outputs: {
          ci_role_arn: { value: CI_ROLE_ARN },
          aws_region: { value: 'us-east-1' },
        },
      },
    });
  });
  afterAll(() => portal?.stop());
  afterEach(() => portal.assertNoViolations());

  const terraformCalls = (task: FinishedTask) =>
    portal.terraform.calls().filter(c => c.cwd.includes(task.id));

  describe('a service that passes the gate', () => {
    let task: FinishedTask;
    beforeAll(async () => {
      portal.terraform.configure({ plan: FROM_CODE });
      task = await runTemplate(
        portal.server,
        'new-service',
        form('ledger-api'),
      );
    });

    it('completes every step, and its output links what each step made', () => {
      expect([task.status, task.error]).toEqual(['completed', undefined]);
      expect(task.steps).toEqual({
        'require-new': 'completed',
        authorize: 'completed',
        expiry: 'completed',
        resolve: 'completed',
        'fetch-base': 'completed',
        'fetch-code': 'completed',
        'fetch-infra': 'completed',
        'fetch-deploy': 'completed',
        workload: 'completed',
        publish: 'completed',
        terraform: 'completed',
        'github-environment': 'completed',
        // The environments are on AWS: the other clouds' hand-over is skipped.
        'github-environment-gcp': 'skipped',
        'github-environment-azure': 'skipped',
        argocd: 'completed',
        register: 'completed',
      });
      // publish:github's remoteUrl, argocd:create-app's url (first environment),
      // catalog:register's entityRef, terraform:apply's cost.
      expect(task.output.links).toEqual([
        {
          title: 'Repository',
          url: portal.github.cloneUrl('acme', 'ledger-api'),
        },
        {
          title: 'Argo CD application (dev)',
          icon: 'dashboard',
          url: `${portal.argocd.url}/applications/ledger-api-dev`,
        },
        {
          title: 'Open in catalog',
          icon: 'catalog',
          entityRef: 'component:default/ledger-api',
        },
      ]);
      expect(task.output.text[0].content).toContain(
        'Estimated monthly cost after apply: **1 USD**\n(budget 150 USD).',
      );
    });

    it('creates the private, protected repository holding the rendered skeleton', () => {
      const files = portal.github.repos.files('acme', 'ledger-api', 'main');
      expect(Object.keys(files)).toEqual(
        expect.arrayContaining([
          'catalog-info.yaml',
          'Dockerfile',
          'src/server.js',
          'test/app.test.js',
          '.github/workflows/ci.yaml',
          'infra/DECISIONS.md',
          'infra/envs/dev/main.tf',
          'infra/envs/prod/main.tf',
          'deploy/base/deployment.yaml',
          'deploy/overlays/dev/kustomization.yaml',
          'deploy/overlays/prod/kustomization.yaml',
        ]),
      );
      expect(
        Object.keys(files).some(f => f.startsWith('infra/envs/dev/.terraform')),
      ).toBe(false);
      // module-factory:resolve's sources, pinned in the rendered Terraform.
      expect(files['infra/envs/dev/main.tf']).toContain(
        'source = "git::https://github.com/acme/terraform-modules.git//aws-baseline?ref=aws-baseline/v1.0.0"',
      );
      expect(files['src/app.js']).toContain("case '/health':");
      expect(files['src/app.js']).toContain("case '/ready':");
      const repo = portal.github.repos.requireRepo('acme', 'ledger-api');
      expect(repo.visibility).toBe('private');
      expect(repo.settings.delete_branch_on_merge).toBe(true);
      // The roll-forward pull requests of its CI merge themselves once
      // protection's rules are met (auto-merge), and the owning team, whose
      // review CODEOWNERS requires, can write (a code owner's review counts
      // only with write access).
      expect(repo.settings.allow_auto_merge).toBe(true);
      expect([...repo.teams]).toEqual([['payments', 'push']]);
      expect(files['.github/CODEOWNERS']).toMatch(/^\* @acme\/payments$/m);
      expect(task.log.join('\n')).not.toMatch(/Skipping push access/);
      expect(repo.protection.get('main')).toMatchObject({
        required_status_checks: { contexts: ['build'] },
        required_pull_request_reviews: {
          required_approving_review_count: 1,
          require_code_owner_reviews: true,
        },
      });
      expect(
        portal.github.repos.history('acme', 'ledger-api', 'main')[0].message,
      ).toBe('Scaffolded by Groundwork (new-service)');
    });

    it('keeps main as the template protects it: no direct push, a pull request waits for a review and the build check', async () => {
      const { github } = portal;
      const api = (method: string, route: string, body?: unknown) =>
        fetch(`${github.url}${route}`, {
          method,
          headers: {
            authorization: `token ${github.integrationConfig().token}`,
            'content-type': 'application/json',
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      // A direct push to main, as ci.yaml's deploy step does with its
      // workflow token (an app token, no bypass), is refused (GH006).
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-journey-'));
      try {
        const url = github
          .cloneUrl('acme', 'ledger-api')
          .replace(
            'http://',
            `http://x-access-token:${github.integrationConfig().token}@`,
          );
        const git = (...args: string[]) =>
          promisify(execFile)('git', args, {
            cwd: work,
            env: gitEnv({
              GIT_AUTHOR_NAME: 'github-actions[bot]',
              GIT_AUTHOR_EMAIL: 'github-actions[bot]@users.noreply.github.com',
              GIT_COMMITTER_NAME: 'github-actions[bot]',
              GIT_COMMITTER_EMAIL:
                'github-actions[bot]@users.noreply.github.com',
            }),
          });
        await git('clone', '--quiet', url, '.');
        fs.appendFileSync(path.join(work, 'README.md'), '\nDeployed.\n');
        await git('commit', '--quiet', '-am', 'deploy: ledger-api to dev');
        const push = await git('push', 'origin', 'HEAD:main').then(
          () => '',
          (error: { stderr: string }) => error.stderr,
        );
        expect(push).toContain(
          'remote: error: GH006: Protected branch update failed for refs/heads/main.',
        );
        expect(push).toContain('(protected branch hook declined)');
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
      }
      const before = github.repos.branchHead('acme', 'ledger-api', 'main')!;
      expect(
        github.repos.history('acme', 'ledger-api', 'main')[0].message,
      ).toBe('Scaffolded by Groundwork (new-service)');

      // The same change through a pull request merges only once reviewed
      // and built.
      await api('POST', '/repos/acme/ledger-api/git/refs', {
        ref: 'refs/heads/readme',
        sha: before,
      });
      github.repos.push('acme', 'ledger-api', 'readme', {
        'README.md': '# ledger-api\n',
      });
      const created = await api('POST', '/repos/acme/ledger-api/pulls', {
        title: 'Shorter README',
        head: 'readme',
        base: 'main',
      });
      const { number } = await created.json();
      const merge = await api(
        'PUT',
        `/repos/acme/ledger-api/pulls/${number}/merge`,
        {},
      );
      expect(merge.status).toBe(405);
      const { message } = await merge.json();
      expect(message).toContain(
        'At least 1 approving review is required by reviewers with write access.',
      );
      expect(message).toContain('Required status check "build" is expected.');
      expect(github.repos.branchHead('acme', 'ledger-api', 'main')).toBe(
        before,
      );
    });

    // The owning team has push access to the new
    // repository, so a payments member's approval counts, as the code
    // owners' review that CODEOWNERS asks for.
    it('merges a pull request that a member of the owning team approved, once build passes', async () => {
      const pulls = portal.github.repos.pulls('acme', 'ledger-api');
      const merge = await approveAndMerge(
        portal.github,
        { owner: 'acme', name: 'ledger-api' },
        pulls[pulls.length - 1].number,
        'jdoe-gh',
      );
      expect(merge.status).toBe(200);
    });

    it('runs terraform init, validate, plan, show, apply and output in infra/envs/dev with the remote backend', () => {
      const calls = terraformCalls(task).filter(c => c.argv[0] !== 'version');
      expect(commandsOf(calls)).toEqual(APPLIED_RUN);
      expect(calls.every(c => c.cwd.endsWith('/infra/envs/dev'))).toBe(true);
      expect(calls.every(c => c.exitCode === 0)).toBe(true);
      expect(calls[0].backend).toEqual(
        initializedBackend(
          'dev',
          'component/default/ledger-api/dev/infra/envs/dev.tfstate',
        ),
      );
      // apply takes exactly the plan file that plan wrote and show read.
      const planFile = calls[2].argv
        .find(a => a.startsWith('-out='))!
        .slice('-out='.length);
      expect(calls[3].argv).toContain(planFile);
      expect(calls[4].argv).toContain(planFile);
      // What was applied is what the rendered code declares.
      expect(portal.terraform.state().resources).toEqual(
        expect.arrayContaining([
          'module.baseline.aws_kms_key.this',
          'module.baseline.aws_budgets_budget.this',
          'module.baseline.aws_cloudwatch_log_group.this',
          'module.service.aws_ecr_repository.this[0]',
          'module.service.aws_iam_role.ci[0]',
          'module.service.aws_iam_role.workload',
        ]),
      );
    });

    it("hands terraform:apply's outputs to the repository's dev environment", () => {
      const repo = portal.github.repos.requireRepo('acme', 'ledger-api');
      const dev = repo.environments.get('dev');
      expect(dev?.deploymentBranchPolicy).toEqual({
        protected_branches: true,
        custom_branch_policies: false,
      });
      expect(Object.fromEntries(dev!.variables)).toEqual({
        AWS_ROLE_ARN: CI_ROLE_ARN,
        AWS_REGION: 'us-east-1',
        ECR_REPOSITORY: 'ledger-api',
      });
    });

    it("creates the Argo CD Application of the first environment only, labelled for platform status, in its team's project there", () => {
      // prod has no infrastructure (no IRSA role) yet: it comes by promotion
      // (promotion.test.ts), and so does its Application.
      expect(portal.argocd.application('ledger-api-prod')).toBeUndefined();
      expect(portal.argocdProd.application('ledger-api-prod')).toBeUndefined();
      expect(portal.argocdProd.project('payments-prod')).toBeUndefined();
      const app = portal.argocd.application('ledger-api-dev');
      expect(app?.metadata.labels).toEqual({
        'app.kubernetes.io/part-of': 'ledger-api',
        'groundwork.dev/entity-kind': 'component',
        'groundwork.dev/entity-namespace': 'default',
        'groundwork.dev/entity-name': 'ledger-api',
        'groundwork.dev/environment': 'dev',
      });
      expect(app?.spec).toMatchObject({
        // The owning team's project of dev: onboarding grants the team's
        // personas on it, the access reconciler binds them in its namespaces.
        project: 'payments-dev',
        source: {
          repoURL: 'https://github.com/acme/ledger-api.git',
          targetRevision: 'main',
          path: 'deploy/overlays/dev',
        },
        // dev's cluster, registered with the central Argo CD as New
        // environment registers it.
        destination: { name: 'platform-dev', namespace: 'ledger-api' },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      });
      // waitFor: synced. The stand-in built the overlay with kustomize and
      // held its Namespace against the project, as Argo CD's controller does.
      expect(app?.status?.sync?.status).toBe('Synced');
      expect(app?.status?.operationState?.phase).toBe('Succeeded');
      expect(portal.argocd.project('payments-dev')?.spec).toEqual({
        sourceRepos: ['https://github.com/acme/ledger-api.git'],
        // The service's namespace on dev's cluster; the team's next
        // service adds its own next to it.
        destinations: [{ name: 'platform-dev', namespace: 'ledger-api' }],
        // The overlay's only cluster-scoped kind.
        clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
      });
    });

    it('registers the pushed catalog-info.yaml: the Component is in the catalog', async () => {
      const entity = await catalogEntity(
        portal.server,
        'component:default/ledger-api',
      );
      expect(entity.metadata.annotations).toMatchObject({
        'backstage.io/managed-by-location':
          'url:https://github.com/acme/ledger-api/tree/main/catalog-info.yaml',
        'github.com/project-slug': 'acme/ledger-api',
        'groundwork.dev/environments': 'dev,prod',
        'groundwork.dev/budgets': 'dev=150,prod=900',
      });
      expect(entity.spec).toMatchObject({
        owner: 'group:default/payments',
        system: 'system:default/payments',
      });
    });

    it("shows dev in platform status with the run's cost estimate and findings, prod as not yet provisioned", async () => {
      const envs = await platformStatus(
        portal.server,
        'component:default/ledger-api',
      );
      expect(envs.dev.infrastructure).toMatchObject({
        state: 'ok',
        result: 'applied',
        runId: `${task.id}/terraform/dev`,
        summary: { add: 11, change: 0, destroy: 0, replace: 0 },
      });
      expect(envs.dev.cost).toMatchObject({
        estimatedMonthly: 1,
        budgetMonthly: 150,
        currency: 'USD',
        estimateState: 'ok',
      });
      expect(envs.dev.compliance).toMatchObject({
        state: 'ok',
        score: 100,
        blocking: false,
        threshold: 'critical',
        failed: { critical: 0, high: 0, medium: 0, low: 0 },
      });
      expect(envs.dev.compliance.findings).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            ruleId: 'GW-AWS-036',
            verdict: 'pass',
            address: 'module.baseline.aws_budgets_budget.this',
          }),
          expect.objectContaining({
            ruleId: 'GW-AWS-017',
            verdict: 'pass',
            address: 'module.baseline.aws_kms_key.this',
          }),
        ]),
      );
      expect(envs.prod.infrastructure).toEqual({ state: 'no-data' });
      expect(envs.prod.cost.budgetMonthly).toBe(900);
    });

    it('shows what Argo CD delivers once platform status has collected it', async () => {
      const refresh = await request(portal.server)
        .post(
          '/api/platform-status/entities/component/default/ledger-api/refresh',
        )
        .set(asUser());
      expect(refresh.status).toBe(200);
      const envs = await platformStatus(
        portal.server,
        'component:default/ledger-api',
      );
      expect(envs.dev.delivery).toMatchObject({
        state: 'ok',
        instance: 'nonprod',
        appName: 'ledger-api-dev',
        syncStatus: 'Synced',
        healthStatus: 'Healthy',
        revision:
          portal.argocd.application('ledger-api-dev')?.status?.sync?.revision,
      });
      // Not delivered to prod until it is promoted there.
      expect(envs.prod.delivery.state).not.toBe('ok');
    });
  });

  describe('a service that declares a secret, a database and an egress destination', () => {
    let task: FinishedTask;
    let files: Record<string, string>;
    beforeAll(async () => {
      portal.terraform.configure({ plan: FROM_CODE });
      task = await runTemplate(portal.server, 'new-service', {
        ...form('orders-api'),
        database: true,
        secretNames: ['stripe-api-key'],
        egress: [{ destination: 'api.stripe.com', port: 443 }],
      });
      files = portal.github.repos.files('acme', 'orders-api', 'main');
    });

    const objectsIn = (file: string) =>
      yaml
        .parseAllDocuments(files[file])
        .map(d => d.toJS())
        .filter(Boolean);

    it('completes, with workload.yaml stating what the form asked for', () => {
      expect([task.status, task.error]).toEqual(['completed', undefined]);
      expect(task.steps.workload).toBe('completed');
      const workload = yaml.parse(files['workload.yaml']);
      expect(Object.keys(workload.resources)).toEqual([
        'stripe-api-key',
        'database',
        'egress-1',
        'metrics',
        'traces',
      ]);
      expect(workload.containers.app.variables.STRIPE_API_KEY).toBe(
        '${resources.stripe-api-key.value}',
      );
    });

    it('pushes, for each environment, the ExternalSecrets, the egress NetworkPolicy and the ServiceMonitor rendered from it', () => {
      for (const env of ['dev', 'prod']) {
        const dir = `deploy/overlays/${env}/workload`;
        expect(
          yaml.parse(files[`deploy/overlays/${env}/kustomization.yaml`])
            .components,
        ).toEqual(['workload']);
        const secrets = objectsIn(`${dir}/secrets.yaml`);
        expect(
          secrets
            .filter(o => o.kind === 'ExternalSecret')
            .map(o => o.spec.data.map((d: any) => d.remoteRef.key)),
        ).toEqual([
          [`${env}/orders-api/stripe-api-key`],
          [
            `/groundwork/${env}/orders-api/postgres/host`,
            `/groundwork/${env}/orders-api/postgres/name`,
          ],
        ]);
        const [policy] = objectsIn(`${dir}/network-policy.yaml`);
        expect(policy.spec.policyTypes).toEqual(['Egress']);
        expect(files[`${dir}/network-policy.yaml`]).toContain(
          '# egress-1: api.stripe.com',
        );
        const [monitor] = objectsIn(`${dir}/service-monitor.yaml`);
        expect(monitor).toMatchObject({
          kind: 'ServiceMonitor',
          metadata: { name: 'orders-api' },
        });
      }
      // Nothing secret reached the repository: names and places only.
      expect(JSON.stringify(files)).not.toMatch(
        /sk_live_|BEGIN [A-Z ]*PRIVATE KEY/,
      );
    });

    it('grants the service role its own secrets and publishes where its database is, in the Terraform it applied', () => {
      const hcl = files['infra/envs/dev/main.tf'];
      expect(hcl).toContain(':secret:dev/orders-api/*"');
      expect(hcl).toContain(
        'name  = "/groundwork/dev/orders-api/postgres/host"',
      );
      expect(commandsOf(terraformCalls(task))).toContain('apply');
    });
    it("shows the dev cluster's admission findings for its namespace in platform status, apart from the plan-time ones", async () => {
      await catalogEntity(portal.server, 'component:default/orders-api');
      // Platform status learns of the new entity (its kubernetes-id) at its
      // next catalog sync, or now, when its owner refreshes the page.
      const refresh = await request(portal.server)
        .post(
          '/api/platform-status/entities/component/default/orders-api/refresh',
        )
        .set(asUser());
      expect(refresh.status).toBe(200);
      // What Kyverno (Audit in dev) writes for the service's Deployment
      // once Argo CD has synced it: one rule passed, one failed.
      const at = { seconds: 1796000000, nanos: 0 };
      portal.devCluster.put('policyreports', {
        apiVersion: 'wgpolicyk8s.io/v1alpha2',
        kind: 'PolicyReport',
        metadata: {
          name: 'deployment-orders-api',
          namespace: 'orders-api',
          labels: { 'app.kubernetes.io/managed-by': 'kyverno' },
        },
        scope: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'orders-api',
          namespace: 'orders-api',
        },
        summary: { pass: 1, fail: 1, warn: 0, error: 0, skip: 0 },
        results: [
          {
            policy: 'require-requests-limits',
            rule: 'requests-and-limits',
            result: 'pass',
            severity: 'medium',
            message: 'validation rule requests-and-limits passed.',
            source: 'kyverno',
            scored: true,
            timestamp: at,
          },
          {
            policy: 'restrict-image-registries',
            rule: 'image-registries',
            result: 'fail',
            severity: 'high',
            message:
              'validation error: Images come only from the registries this environment trusts. rule image-registries failed at path /spec/containers/0/image/',
            source: 'kyverno',
            scored: true,
            timestamp: at,
          },
        ],
      });
      // The collector's next cycle (every few minutes in a portal).
      await portal.runTask('platform-status-policy-reports');
      const admission = await until(
        'the admission findings of orders-api in dev',
        async () => {
          const envs = await platformStatus(
            portal.server,
            'component:default/orders-api',
          );
          const a = envs.dev.compliance.admission;
          return a?.state === 'ok' && a.findings.length > 0
            ? { envs, a }
            : undefined;
        },
      );
      expect(admission.a).toMatchObject({
        state: 'ok',
        cluster: 'platform-dev',
        failed: { critical: 0, high: 1, medium: 0, low: 0 },
      });
      expect(
        admission.a.findings.map((f: any) => [f.ruleId, f.result, f.address]),
      ).toEqual(
        expect.arrayContaining([
          [
            'restrict-image-registries/image-registries',
            'fail',
            'Deployment orders-api/orders-api',
          ],
          [
            'require-requests-limits/requests-and-limits',
            'pass',
            'Deployment orders-api/orders-api',
          ],
        ]),
      );
      // The plan-time findings stay the Terraform run's; prod, with no
      // cluster configured, says so rather than passing.
      expect(
        admission.envs.dev.compliance.findings.some((f: any) =>
          f.ruleId.startsWith('restrict-image-registries'),
        ),
      ).toBe(false);
      expect(admission.envs.prod.compliance.admission.state).toBe(
        'not-configured',
      );
    });
  });

  describe('a service whose plan violates a critical rule', () => {
    let task: FinishedTask;
    const expected = governPlan(
      planFromDocument(JSON.parse(fs.readFileSync(CRITICAL_PLAN, 'utf8'))),
      { environment: 'dev' },
    );
    const blocking = expected.findings.filter(
      f => f.verdict === 'fail' && f.severity === 'critical',
    );

    beforeAll(async () => {
      // Terraform shows a plan with public buckets and open ports.
      portal.terraform.configure({ plan: { file: CRITICAL_PLAN } });
      task = await runTemplate(portal.server, 'new-service', form('risky-api'));
    });
    afterAll(() => portal.terraform.configure({ plan: FROM_CODE }));

    it('stops at the gate: the task fails at terraform:apply and nothing after it runs', () => {
      expect(blocking.length).toBeGreaterThan(0);
      expect(task.status).toBe('failed');
      expect(task.steps.terraform).toBe('failed');
      expect(task.steps).toMatchObject({
        publish: 'completed',
        terraform: 'failed',
        'github-environment': 'skipped',
        argocd: 'skipped',
        register: 'skipped',
      });
      expect(portal.argocd.application('risky-api-dev')).toBeUndefined();
    });

    it('applies nothing', () => {
      expect(commandsOf(terraformCalls(task))).toEqual([
        'init',
        'validate',
        'plan',
        'show',
      ]);
      expect(portal.terraform.state().resources).not.toContain(
        'aws_s3_bucket.data',
      );
    });

    it('names each blocking rule and how to fix it in the task log', () => {
      const log = task.log.join('\n');
      for (const f of blocking) {
        expect(log).toContain(`critical ${f.ruleId} on ${f.address}`);
        expect(log).toContain(`Fix: ${remediation(f.ruleId)}`);
      }
      expect(task.error).toContain(
        'The governance gate blocked this run in dev; nothing was applied.',
      );
    });

    it('shows the blocked run and its findings in platform status, once the pushed repository is registered', async () => {
      // The template stopped before catalog:register; the user registers
      // the repository it did create, as from "Register existing component".
      const registered = await request(portal.server)
        .post('/api/catalog/locations')
        .set(asUser())
        .send({
          type: 'url',
          target:
            'https://github.com/acme/risky-api/blob/main/catalog-info.yaml',
        });
      expect(registered.status).toBe(201);
      await catalogEntity(portal.server, 'component:default/risky-api');
      const envs = await platformStatus(
        portal.server,
        'component:default/risky-api',
      );
      expect(envs.dev.infrastructure).toMatchObject({
        result: 'blocked',
        runId: `${task.id}/terraform/dev`,
      });
      expect(envs.dev.compliance).toMatchObject({
        blocking: true,
        threshold: 'critical',
      });
      expect(envs.dev.compliance.failed.critical).toBe(
        expected.summary.failed.critical,
      );
      for (const f of blocking) {
        expect(envs.dev.compliance.findings).toContainEqual(
          expect.objectContaining({
            ruleId: f.ruleId,
            verdict: 'fail',
            severity: 'critical',
            address: f.address,
            remediation: remediation(f.ruleId),
          }),
        );
      }
    });
  });
});
