import { acceptedFor } from '@groundwork/terraform-modules';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { parseMapAnnotation } from '@groundwork/plugin-groundwork-common';
import { parseWorkload } from '@groundwork/workload';
import {
  groupOf,
  isClusterScoped,
  syncPermissionError,
} from '@groundwork/stand-in-test-utils';
import { actionInputValidator } from './__testUtils__/actionSchemas';
import {
  buildOverlay,
  governRendered,
  parseTerraformDir,
  validateCatalogEntity,
  workflowActions,
  yamlDocuments,
} from './__testUtils__/checks';
import { cloudOf } from './testing/cloud';
import { ENVIRONMENTS } from './testing/portal';
import { validateKubernetesObjects } from './__testUtils__/kubernetes';
import { createDoubleState } from './__testUtils__/pendingActions';
import {
  DryRunResult,
  dryRun,
  loggedInputs,
  startScaffolder,
} from './__testUtils__/scaffolder';

jest.setTimeout(180_000);

/**
 * new-service through the real scaffolder's dry run (real fetch:template,
 * module-factory:resolve and publish:github:* steps; terraform:apply and
 * argocd:create-app are TEST DOUBLES that record their inputs, and the
 * terraform double plans the rendered Terraform with the synthesizer).
 * Every language, and every combination of exposure, database and bucket;
 * the four language cases also ask for a queue.
 */

type Case = {
  language: 'nodejs' | 'python' | 'go' | 'java';
  exposure: 'internal' | 'public';
  database: boolean;
  bucket: boolean;
  /** An SQS queue (aws-queue), declared in workload.yaml as type queue. */
  queue?: boolean;
  environments: string[];
  /** workload.yaml: secrets and egress declared; metrics and traces unless false. */
  secrets?: boolean;
  observability?: false;
};

const FULL = {
  exposure: 'public' as const,
  database: true,
  bucket: true,
  queue: true,
  environments: ['dev', 'staging', 'prod'],
  secrets: true,
};
const CASES: Case[] = [
  ...(['nodejs', 'python', 'go', 'java'] as const).map(language => ({
    language,
    ...FULL,
  })),
  ...[false, true].flatMap(database =>
    [false, true].flatMap(bucket =>
      (['internal', 'public'] as const).map(exposure => ({
        language: 'go' as const,
        exposure,
        database,
        bucket,
        environments: database ? ['prod'] : ['dev'],
      })),
    ),
  ),
  {
    language: 'go',
    exposure: 'internal',
    database: false,
    bucket: false,
    environments: ['dev'],
    observability: false,
  },
];

const LANGUAGE_FILES: Record<Case['language'], string[]> = {
  nodejs: [
    'package.json',
    'package-lock.json',
    '.nvmrc',
    'src/app.js',
    'src/server.js',
    'test/app.test.js',
  ],
  python: [
    '.python-version',
    'app/server.py',
    'app/healthcheck.py',
    'tests/test_server.py',
  ],
  go: ['go.mod', 'main.go', 'server.go', 'server_test.go'],
  java: [
    'pom.xml',
    'src/main/java/service/paymentsapi/Main.java',
    'src/test/java/service/paymentsapi/MainTest.java',
  ],
};

const valuesOf = (c: Case) => ({
  name: 'payments-api',
  description: 'Takes payments',
  owner: 'group:default/payments',
  system: 'system:default/payments',
  language: c.language,
  costCenter: 'cc-1042',
  environments: c.environments,
  exposure: c.exposure,
  ...(c.exposure === 'public' ? { hostname: 'payments.example.com' } : {}),
  monthlyBudget: 150,
  productionBudget: 900,
  alertEmail: 'payments@example.com',
  database: c.database,
  bucket: c.bucket,
  queue: c.queue ?? false,
  dataClassification: 'confidential',
  repoUrl: 'github.com?owner=acme&repo=payments-api',
  ...(c.secrets
    ? {
        secretNames: ['stripe-api-key', 'webhook-signing-key'],
        egress: [
          { destination: 'api.stripe.com', port: 443 },
          { destination: '203.0.113.0/24', port: 8443 },
        ],
      }
    : {}),
  ...(c.observability === false ? { metrics: false, traces: false } : {}),
});

/**
 * What each `git push` in a shell script pushes to: its refspecs, or
 * `(current branch)` for a push that names none (on main, that is main).
 */
function gitPushTargets(script: string): string[] {
  const out: string[] = [];
  for (const line of script.split('\n')) {
    const m = /\bgit\s+push\b(.*)$/.exec(line);
    if (!m) continue;
    const args = m[1]
      .trim()
      .split(/\s+/)
      .filter(a => a && !a.startsWith('-'))
      .map(a => a.replace(/^"(.*)"$/, '$1'));
    // git push [<remote> [<refspec>...]]
    const refspecs = args.slice(1);
    out.push(...(refspecs.length ? refspecs : ['(current branch)']));
  }
  return out;
}

describe('new-service', () => {
  const state = createDoubleState(cloudOf);
  let backend: Awaited<ReturnType<typeof startScaffolder>>;
  let schemas: Awaited<ReturnType<typeof actionInputValidator>>;
  beforeAll(async () => {
    backend = await startScaffolder(state);
    schemas = await actionInputValidator(backend.server);
  });
  afterAll(() => backend?.stop());

  describe.each(
    CASES.map(
      c =>
        [
          `${c.language}, ${c.exposure}, database ${c.database}, bucket ${
            c.bucket
          }${c.queue ? ', queue' : ''}, ${c.environments.join('+')}`,
          c,
        ] as const,
    ),
  )(
    '%s (terraform:apply and argocd:create-app are test doubles)',
    (_label, c) => {
      let result: DryRunResult;
      let calls: typeof state.calls;
      beforeAll(async () => {
        state.calls.length = 0;
        result = await dryRun(backend.server, 'new-service', valuesOf(c));
        calls = [...state.calls];
      });

      it('runs every step of the dry run', () => {
        expect([result.status, result.body?.error?.message]).toEqual([
          200,
          undefined,
        ]);
        expect(result.log.filter(l => /error/i.test(l))).toEqual([]);
      });

      it('renders the service with /health and /ready, a hardened Dockerfile and its tests', () => {
        for (const f of LANGUAGE_FILES[c.language])
          expect([...result.files.keys()]).toContain(f);
        const code = [...result.files.entries()]
          .filter(([f]) => /\.(js|py|go|java)$/.test(f) && !/test/i.test(f))
          .map(([, t]) => t)
          .join('\n');
        expect(code).toContain('/health');
        expect(code).toContain('/ready');
        const dockerfile = result.files.get('Dockerfile')!;
        const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map(m => m[1]);
        expect(froms.length).toBeGreaterThan(0);
        for (const image of froms) {
          expect(image === 'scratch' || /:\d+\.\d+\.\d+/.test(image)).toBe(
            true,
          );
        }
        expect(dockerfile).toMatch(/^USER 10001:10001$/m);
        expect(dockerfile).toMatch(/^HEALTHCHECK .*CMD \[/m);
        for (const [f, text] of result.files) {
          expect([f, /\$\{\{\s*values|\{%/.test(text)]).toEqual([f, false]);
        }
      });

      it('has a CI workflow that builds, tests, scans and pushes with OIDC, actions pinned to SHAs', () => {
        const text = result.files.get('.github/workflows/ci.yaml')!;
        const wf = yaml.parse(text);
        expect(wf.permissions).toEqual({ contents: 'read' });
        expect(Object.keys(wf.jobs)).toEqual([
          'build',
          'publish',
          'roll-forward',
        ]);
        const build = wf.jobs.build;
        const runs = build.steps.map((s: any) => s.run ?? s.uses).join('\n');
        expect(runs).toMatch(
          {
            nodejs: /npm test/,
            python: /unittest/,
            go: /go test/,
            java: /mvn .*verify/,
          }[c.language],
        );
        expect(runs).toMatch(/docker build/);
        expect(
          build.steps.filter((s: any) =>
            String(s.uses).startsWith('aquasecurity/trivy-action@'),
          ),
        ).toHaveLength(2);
        const publish = wf.jobs.publish;
        expect(publish.permissions).toEqual({
          contents: 'read',
          'id-token': 'write',
        });
        expect(publish.environment).toBe(c.environments[0]);
        const creds = publish.steps.find((s: any) =>
          String(s.uses).startsWith('aws-actions/configure-aws-credentials@'),
        );
        expect(creds.with['role-to-assume']).toBe('${{ vars.AWS_ROLE_ARN }}');
        expect(text).not.toMatch(
          /aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/,
        );
        expect(workflowActions(wf).filter(a => !a.pinned)).toEqual([]);
        // GitHub's own expressions survive the scaffolder's templating.
        expect(text).toContain('${{ github.sha }}');
      });

      it('never pushes to main, which the template protects: the deploy is a pull request GitHub merges once build and reviews pass', () => {
        const wf = yaml.parse(result.files.get('.github/workflows/ci.yaml')!);
        const publishInput = loggedInputs(result, 'publish:github')[0];
        expect(publishInput).toMatchObject({
          defaultBranch: 'main',
          protectDefaultBranch: true,
          requireCodeOwnerReviews: true,
          allowAutoMerge: true,
        });
        // The check branch protection requires is the build job's name, and
        // it runs on every pull request, whatever it changes.
        expect(publishInput.requiredStatusCheckContexts).toEqual([
          wf.jobs.build.name,
        ]);
        expect(wf.jobs.build.if).toBeUndefined();
        expect(Object.keys(wf.on.pull_request ?? {})).toEqual([]);
        expect(wf.on.push.branches).toEqual(['main']);
        // A merged roll-forward, or workload.yaml and its rendering, starts
        // no second build and roll-forward.
        expect(wf.on.push['paths-ignore']).toEqual([
          'deploy/overlays/**',
          'workload.yaml',
          'deploy/environments.yaml',
        ]);

        for (const [id, job] of Object.entries<any>(wf.jobs)) {
          // No job may write contents with GITHUB_TOKEN.
          const perms = job.permissions ?? wf.permissions;
          expect([
            id,
            perms === 'write-all' || perms?.contents === 'write',
          ]).toEqual([id, false]);
          for (const step of job.steps) {
            for (const target of gitPushTargets(step.run ?? '')) {
              expect([id, target]).toEqual([
                id,
                expect.stringMatching(/^HEAD:refs\/heads\/\$BRANCH$/),
              ]);
            }
            expect([
              id,
              /gh pr merge(?![^\n]*--auto)/.test(step.run ?? ''),
            ]).toEqual([id, false]);
            expect([
              id,
              /gh api[^\n]*(contents|git\/refs)/.test(step.run ?? ''),
            ]).toEqual([id, false]);
          }
        }

        const roll = wf.jobs['roll-forward'];
        expect(roll).toMatchObject({
          needs: 'publish',
          if: "github.event_name == 'push' && github.ref == 'refs/heads/main'",
          permissions: {},
        });
        const app = roll.steps.find((s: any) =>
          String(s.uses).startsWith('actions/create-github-app-token@'),
        );
        expect(app.with).toEqual({
          'app-id': '${{ vars.GROUNDWORK_DEPLOY_APP_ID }}',
          'private-key': '${{ secrets.GROUNDWORK_DEPLOY_APP_PRIVATE_KEY }}',
          repositories: 'payments-api',
          'permission-contents': 'write',
          'permission-pull-requests': 'write',
        });
        const checkout = roll.steps.find((s: any) =>
          String(s.uses).startsWith('actions/checkout@'),
        );
        expect(checkout.with.token).toBe(
          `\${{ steps.${app.id}.outputs.token }}`,
        );
        const open = roll.steps.find((s: any) => /gh pr create/.test(s.run));
        expect(open.env).toMatchObject({
          GH_TOKEN: `\${{ steps.${app.id}.outputs.token }}`,
          OVERLAY: `deploy/overlays/${c.environments[0]}/kustomization.yaml`,
          BRANCH: `deploy/${c.environments[0]}/\${{ github.sha }}`,
          ENVIRONMENT: c.environments[0],
          SERVICE: 'payments-api',
        });
        expect(open.run).toMatch(/newTag = strenv\(TAG\).*"\$OVERLAY"/);
        expect(open.run).toMatch(/gh pr create --base main --head "\$BRANCH"/);
        expect(open.run).toMatch(/gh pr merge "\$BRANCH" --auto --squash/);
        // No template value is pasted into the script; it reads them from env.
        expect(open.run).not.toContain('payments-api');
      });

      it('gives the owning team write access, and CODEOWNERS names that same team', () => {
        const publishInput = loggedInputs(result, 'publish:github')[0];
        expect(publishInput.collaborators).toEqual([
          { team: 'payments', access: 'push' },
        ]);
        expect(
          result.files
            .get('.github/CODEOWNERS')!
            .split('\n')
            .filter(l => l && !l.startsWith('#')),
        ).toEqual(['* @acme/payments']);
      });

      it('has a catalog-info.yaml the catalog accepts, with the Groundwork annotations', async () => {
        const docs = yamlDocuments(result.files.get('catalog-info.yaml')!);
        for (const d of docs) await validateCatalogEntity(d);
        const [component, ...resources] = docs;
        expect(component).toMatchObject({
          kind: 'Component',
          spec: {
            type: 'service',
            owner: 'group:default/payments',
            system: 'system:default/payments',
          },
        });
        const ann = component.metadata.annotations;
        expect(ann['groundwork.dev/environments']).toBe(
          c.environments.join(','),
        );
        const budgets = parseMapAnnotation(ann['groundwork.dev/budgets']);
        expect(budgets.invalid).toEqual([]);
        expect(budgets.entries).toEqual(
          Object.fromEntries(
            c.environments.map(e => [e, e === 'prod' ? '900' : '150']),
          ),
        );
        expect(ann['github.com/project-slug']).toBe('acme/payments-api');
        expect(resources.map(r => r.metadata.name)).toEqual([
          ...(c.database ? ['payments-api-database'] : []),
          ...(c.bucket ? ['payments-api-bucket'] : []),
          ...(c.queue ? ['payments-api-queue'] : []),
        ]);
        expect(component.spec.dependsOn ?? []).toEqual(
          resources.map(r => `resource:${r.metadata.name}`),
        );
      });

      it('has Terraform per environment that parses, with remote state of its own under the entity', async () => {
        for (const env of c.environments) {
          const tf = await parseTerraformDir(result.files, `infra/envs/${env}`);
          const s3 = tf['backend.tf'].terraform[0].backend.s3[0];
          expect(s3).toEqual({
            // The entity's kind and namespace first: a -backend-config
            // run in CI cannot collide with another entity's state.
            key: `component/default/payments-api/${env}.tfstate`,
            encrypt: true,
          });
          const sources = Object.values<any>(tf['main.tf'].module).map(
            m => m[0].source,
          );
          for (const s of sources)
            expect(s).toMatch(
              /^git::https:\/\/github\.com\/acme\/terraform-modules\.git\/\/aws-[a-z]+\?ref=aws-[a-z]+\/v1\.0\.0$/,
            );
          expect(Object.keys(tf['main.tf'].module).sort()).toEqual(
            [
              'baseline',
              'service',
              ...(c.database ? ['database'] : []),
              ...(c.bucket ? ['bucket'] : []),
              ...(c.queue ? ['queue'] : []),
            ].sort(),
          );
        }
      });

      it('plans Terraform that passes the policy pack in each environment, with its budget', async () => {
        for (const env of c.environments) {
          const g = await governRendered(
            result.files,
            `infra/envs/${env}`,
            env,
            cloudOf(env),
          );
          expect(g.summary.blocking).toBe(false);
          expect(
            g.findings
              .filter(f => f.verdict === 'fail' || f.verdict === 'unknown')
              // The database user's ARN names the instance's resource id,
              // known after apply: every rule that reads the policy answers
              // unknown (the template fixes its one action and resource).
              .filter(
                f =>
                  !(
                    f.verdict === 'unknown' &&
                    (f.address === 'aws_iam_role_policy.database_connect' ||
                      (f.ruleId === 'GW-AWS-409' &&
                        f.address === 'module.service.aws_iam_role.workload'))
                  ),
              )
              .filter(f => !acceptedFor(f))
              .map(f => `${f.ruleId} ${f.address}: ${f.message}`),
          ).toEqual([]);
          const rcs = g.document.resource_changes as any[];
          const budget = rcs.find(r => r.type === 'aws_budgets_budget')!.change
            .after;
          expect(budget.limit_amount).toBe(env === 'prod' ? '900' : '150');
          const dbs = rcs.filter(r => r.type === 'aws_db_instance');
          expect(dbs.map(d => d.change.after.multi_az)).toEqual(
            c.database ? [env === 'prod'] : [],
          );
          // The registry lives in the first environment only.
          expect(rcs.some(r => r.type === 'aws_ecr_repository')).toBe(
            env === c.environments[0],
          );
          // The queue's grant names this queue and this stack's key through
          // SQS only, known in the plan (the pack judged it above).
          const queueAccess = rcs.find(
            r => r.address === 'aws_iam_role_policy.queue_access',
          );
          expect(Boolean(queueAccess)).toBe(!!c.queue);
          const { accountId, region } = cloudOf(env);
          const statements = queueAccess
            ? JSON.parse(queueAccess.change.after.policy).Statement
            : [];
          expect(statements.map((st: any) => [st.Action, st.Resource])).toEqual(
            c.queue
              ? [
                  [
                    [
                      'sqs:SendMessage',
                      'sqs:ReceiveMessage',
                      'sqs:DeleteMessage',
                      'sqs:GetQueueAttributes',
                    ],
                    `arn:aws:sqs:${region}:${accountId}:payments-api-${env}`,
                  ],
                  [
                    ['kms:Decrypt', 'kms:GenerateDataKey'],
                    `arn:aws:kms:${region}:${accountId}:key/*`,
                  ],
                ]
              : [],
          );
          expect(statements[1]?.Condition).toEqual(
            c.queue
              ? {
                  'ForAnyValue:StringEquals': {
                    'kms:ResourceAliases': `alias/payments-api-${env}`,
                  },
                  StringEquals: {
                    'kms:ViaService': `sqs.${region}.amazonaws.com`,
                  },
                }
              : undefined,
          );
          const queues = rcs.filter(r => r.type === 'aws_sqs_queue');
          expect(queues.map(q => q.change.after.name).sort()).toEqual(
            c.queue ? [`payments-api-${env}`, `payments-api-${env}-dlq`] : [],
          );
        }
      });

      it('renders Kubernetes objects that validate against Kubernetes schemas, restricted and limited', () => {
        for (const env of c.environments) {
          const objects = buildOverlay(result.files, `deploy/overlays/${env}`);
          const kinds = objects.map(o => o.kind).sort();
          const observed = c.observability !== false;
          expect(kinds).toEqual(
            [
              'ConfigMap',
              'Deployment',
              'Namespace',
              'NetworkPolicy',
              'PodDisruptionBudget',
              'Service',
              'ServiceAccount',
              // What workload.yaml declares: egress (always), the public
              // route and its admission of the ingress controller, metrics.
              'NetworkPolicy',
              ...(c.exposure === 'public' ? ['Ingress', 'NetworkPolicy'] : []),
              ...(observed ? ['ServiceMonitor', 'ConfigMap'] : []),
              ...(c.secrets ? ['SecretStore', 'ExternalSecret'] : []),
              ...(c.secrets ? ['ExternalSecret'] : []),
              ...(c.database || c.bucket || c.queue ? ['SecretStore'] : []),
              ...(c.database ? ['ExternalSecret'] : []),
              ...(c.bucket ? ['ExternalSecret'] : []),
              ...(c.queue ? ['ExternalSecret'] : []),
            ].sort(),
          );
          expect(validateKubernetesObjects(objects).filter(r => !r.ok)).toEqual(
            [],
          );
          const ns = objects.find(o => o.kind === 'Namespace');
          expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe(
            'restricted',
          );
          // It joins the environment's ambient mesh where there is one, and
          // its NetworkPolicy lets the mesh's tunnel (HBONE, 15008) and the
          // probes the mesh's CNI rewrites (169.254.7.127) reach the pods.
          expect(ns.metadata.labels['istio.io/dataplane-mode']).toBe('ambient');
          const ingress = objects.find(o => o.kind === 'NetworkPolicy').spec
            .ingress;
          expect(ingress[0].ports).toEqual([
            { port: 'http', protocol: 'TCP' },
            { port: 15008, protocol: 'TCP' },
          ]);
          expect(ingress[1]).toEqual({
            from: [{ ipBlock: { cidr: '169.254.7.127/32' } }],
            ports: [{ port: 'http', protocol: 'TCP' }],
          });
          const deploy = objects.find(o => o.kind === 'Deployment');
          expect(deploy.metadata.namespace).toBe('payments-api');
          expect(deploy.spec.replicas).toBe(env === 'prod' ? 3 : 1);
          const pod = deploy.spec.template.spec;
          expect(pod.securityContext).toMatchObject({
            runAsNonRoot: true,
            seccompProfile: { type: 'RuntimeDefault' },
          });
          for (const container of pod.containers) {
            expect(container.securityContext).toEqual({
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              runAsNonRoot: true,
              capabilities: { drop: ['ALL'] },
              seccompProfile: { type: 'RuntimeDefault' },
            });
            expect(Object.keys(container.resources.limits).sort()).toEqual([
              'cpu',
              'memory',
            ]);
            expect(Object.keys(container.resources.requests).sort()).toEqual([
              'cpu',
              'memory',
            ]);
            expect(container.image).toBe(
              '111111111111.dkr.ecr.us-east-1.amazonaws.com/payments-api:unreleased'.replace(
                '111111111111',
                {
                  dev: '111111111111',
                  staging: '222222222222',
                  prod: '333333333333',
                }[c.environments[0]]!,
              ),
            );
          }
          const sa = objects.find(o => o.kind === 'ServiceAccount');
          expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toBe(
            `arn:aws:iam::${
              cloudOf(env).accountId
            }:role/payments-api-${env}-workload`,
          );
          // The ingress controller may reach the pods of a public service only.
          const admitting = objects
            .filter(
              o =>
                o.kind === 'NetworkPolicy' &&
                (o.spec.ingress ?? []).some((r: any) =>
                  r.from.some(
                    (f: any) =>
                      f.namespaceSelector?.matchLabels?.[
                        'kubernetes.io/metadata.name'
                      ] === 'ingress-nginx',
                  ),
                ),
            )
            .map(o => o.metadata.name);
          expect(admitting).toEqual(
            c.exposure === 'public' ? ['payments-api-from-ingress'] : [],
          );
        }
      });

      it('writes workload.yaml from the form and renders, per environment, what it declares, reading only what the infrastructure publishes and grants', () => {
        const workload = parseWorkload(
          result.files.get('workload.yaml')!,
          'payments-api',
        );
        expect(workload.resources.map(r => `${r.id}:${r.type}`)).toEqual([
          ...(c.secrets
            ? ['stripe-api-key:secret', 'webhook-signing-key:secret']
            : []),
          ...(c.database ? ['database:postgres'] : []),
          ...(c.bucket ? ['bucket:s3'] : []),
          ...(c.queue ? ['queue:queue'] : []),
          ...(c.secrets ? ['egress-1:egress', 'egress-2:egress'] : []),
          ...(c.observability === false
            ? []
            : ['metrics:metrics', 'traces:traces']),
          ...(c.exposure === 'public' ? ['route:route'] : []),
        ]);
        const [environments] = yamlDocuments(
          result.files.get('deploy/environments.yaml')!,
        );
        expect(
          environments.environments.map((e: any) => [e.name, e.cloud.account]),
        ).toEqual(c.environments.map(env => [env, cloudOf(env).accountId]));
        for (const env of c.environments) {
          const objects = buildOverlay(result.files, `deploy/overlays/${env}`);
          const hcl = result.files.get(`infra/envs/${env}/main.tf`)!;
          // Every parameter an ExternalSecret reads is one the environment's
          // Terraform writes; every secret lies under the prefix its role may read.
          const keys: string[] = objects
            .filter(o => o.kind === 'ExternalSecret')
            .flatMap(o => o.spec.data.map((d: any) => d.remoteRef.key));
          const parameters = keys.filter(k => k.startsWith('/groundwork/'));
          const written = [
            ...hcl.matchAll(/name\s+= "(\/groundwork\/[^"]+)"/g),
          ].map(m => m[1]);
          expect(parameters.filter(k => !written.includes(k))).toEqual([]);
          expect(parameters).toHaveLength(
            (c.database ? 2 : 0) + (c.bucket ? 1 : 0) + (c.queue ? 2 : 0),
          );
          expect(parameters.filter(k => k.includes('/queue/'))).toEqual(
            c.queue
              ? [
                  `/groundwork/${env}/payments-api/queue/url`,
                  `/groundwork/${env}/payments-api/queue/name`,
                ]
              : [],
          );
          expect(keys.filter(k => !k.startsWith('/groundwork/'))).toEqual(
            c.secrets
              ? [
                  `${env}/payments-api/stripe-api-key`,
                  `${env}/payments-api/webhook-signing-key`,
                ]
              : [],
          );
          expect(hcl).toContain(`:secret:${env}/payments-api/*"`);
          const container = objects.find(o => o.kind === 'Deployment').spec
            .template.spec.containers[0];
          const env_ = Object.fromEntries(
            container.env.map((e: any) => [e.name, e]),
          );
          expect(env_.PORT.value).toBe('8080');
          expect(env_.STRIPE_API_KEY?.valueFrom).toEqual(
            c.secrets
              ? {
                  secretKeyRef: {
                    name: 'payments-api-stripe-api-key',
                    key: 'value',
                  },
                }
              : undefined,
          );
          expect(env_.DATABASE_HOST?.valueFrom).toEqual(
            c.database
              ? { secretKeyRef: { name: 'payments-api-database', key: 'host' } }
              : undefined,
          );
          expect(env_.QUEUE_URL?.valueFrom).toEqual(
            c.queue
              ? { secretKeyRef: { name: 'payments-api-queue', key: 'url' } }
              : undefined,
          );
          expect('OTEL_EXPORTER_OTLP_ENDPOINT' in env_).toBe(
            c.observability !== false,
          );
          const egress = objects.find(
            o =>
              o.kind === 'NetworkPolicy' &&
              o.metadata.name === 'payments-api-egress',
          );
          expect(egress.metadata.namespace).toBe('payments-api');
          const ports = egress.spec.egress.flatMap((r: any) =>
            r.ports.map((p: any) => p.port),
          );
          expect(ports).toEqual(
            expect.arrayContaining([
              53,
              ...(c.database ? [5432] : []),
              ...(c.secrets ? [443, 8443] : []),
            ]),
          );
          expect(ports.includes(8443)).toBe(!!c.secrets);
          const monitor = objects.find(o => o.kind === 'ServiceMonitor');
          expect(Boolean(monitor)).toBe(c.observability !== false);
          // It selects the Service the base renders, by its labels and port.
          const service = objects.find(o => o.kind === 'Service');
          const selects =
            !monitor ||
            (Object.entries(monitor.spec.selector.matchLabels).every(
              ([k, v]) => service.metadata.labels[k] === v,
            ) &&
              service.spec.ports.some(
                (p: any) => p.name === monitor.spec.endpoints[0].port,
              ));
          expect(selects).toBe(true);
        }
      });

      it('has a workload workflow that validates on pull requests and renders on main through a pull request, with the renderer of this repository', () => {
        const wf = yaml.parse(
          result.files.get('.github/workflows/workload.yaml')!,
        );
        const version = require('@groundwork/workload/package.json').version;
        // This repository's renderer, unless the organisation names its own.
        expect(wf.env.GROUNDWORK_WORKLOAD).toBe(
          `\${{ vars.GROUNDWORK_WORKLOAD || '@groundwork/workload@${version}' }}`,
        );
        expect(wf.on.push).toEqual({
          branches: ['main'],
          paths: ['workload.yaml', 'deploy/environments.yaml'],
        });
        expect(wf.permissions).toEqual({ contents: 'read' });
        expect(wf.jobs.render.permissions).toEqual({});
        const script: string = wf.jobs.render.steps.at(-1).run;
        expect(gitPushTargets(script)).toEqual(['HEAD:refs/heads/$BRANCH']);
        expect(script).toContain('gh pr create --base main');
        expect(workflowActions(wf).filter(a => !a.pinned)).toEqual([]);
      });

      it("serves a public service under each environment's own name, in its zone, with the issuer of its kind", () => {
        // Each environment's own name, in the zone its external-dns manages
        // (groundwork.environments[].dnsZone); production serves the form's
        // name, which lies in its zone. Internal services have no Ingress.
        const hostOf = (env: string) =>
          ({
            dev: 'payments-api.dev.example.com',
            staging: 'payments-api.staging.example.com',
            prod: 'payments.example.com',
          }[env]!);
        const routes = Object.fromEntries(
          c.environments.map(env => [
            env,
            buildOverlay(result.files, `deploy/overlays/${env}`)
              .filter(o => o.kind === 'Ingress')
              .map(o => ({
                namespace: o.metadata.namespace,
                annotations: o.metadata.annotations,
                ingressClassName: o.spec.ingressClassName,
                tls: o.spec.tls,
                hosts: o.spec.rules.map((r: any) => r.host),
              })),
          ]),
        );
        expect(routes).toEqual(
          Object.fromEntries(
            c.environments.map(env => [
              env,
              c.exposure === 'internal'
                ? []
                : [
                    {
                      namespace: 'payments-api',
                      annotations: {
                        'cert-manager.io/cluster-issuer':
                          env === 'prod'
                            ? 'letsencrypt-production'
                            : 'letsencrypt-staging',
                        'external-dns.alpha.kubernetes.io/hostname':
                          hostOf(env),
                        'nginx.ingress.kubernetes.io/force-ssl-redirect':
                          'true',
                      },
                      ingressClassName: 'nginx',
                      tls: [
                        {
                          hosts: [hostOf(env)],
                          secretName: 'payments-api-tls',
                        },
                      ],
                      hosts: [hostOf(env)],
                    },
                  ],
            ]),
          ),
        );
        // No two environments claim one DNS record; the base holds no route.
        const hosts = Object.values(routes).flatMap(r =>
          r.map(x => x.hosts[0]),
        );
        expect(new Set(hosts).size).toBe(hosts.length);
        expect(
          [...result.files.keys()].filter(f => f.startsWith('deploy/base/')),
        ).not.toContain('deploy/base/ingress.yaml');
      });

      it('writes infra/DECISIONS.md explaining budget, multi-AZ and privacy for these inputs', () => {
        const text = result.files.get('infra/DECISIONS.md')!;
        for (const heading of [
          '## Why this budget',
          '## Why multi-AZ, and where not',
          '## Why private',
        ]) {
          expect(text).toContain(heading);
        }
        for (const env of c.environments) {
          expect(text).toContain(
            `**${env}: ${env === 'prod' ? 900 : 150} USD a month**`,
          );
        }
        expect(text.includes('synchronous\n  standby')).toBe(c.database);
        expect(text.includes('because it was created as *public*')).toBe(
          c.exposure === 'public',
        );
        expect(
          text.includes('The bucket** blocks every form of public access'),
        ).toBe(c.bucket);
        expect(text.includes('**The queue** (SQS, module `aws-queue`)')).toBe(
          !!c.queue,
        );
      });

      it('hands terraform:apply (test double) the first environment, leaving the state backend to the portal configuration', () => {
        const tf = calls.filter(x => x.action === 'terraform:apply');
        expect(tf.map(x => x.input)).toEqual([
          {
            workingDirectory: `./infra/envs/${c.environments[0]}`,
            entityRef: 'component:default/payments-api',
            environment: c.environments[0],
            // The state backend is the portal's, per environment.
            planOnly: false,
            executor: 'cli',
          },
        ]);
        expect(tf[0].governance!.summary.blocking).toBe(false);
      });

      it('asks argocd:create-app (test double) for a valid Application in the first environment only: the others come by promotion', () => {
        const apps = calls.filter(x => x.action === 'argocd:create-app');
        // Only the first environment has infrastructure (its IRSA role) yet.
        expect(apps.map(a => a.input.environment)).toEqual([c.environments[0]]);
        const manifests = apps.map(a => ({
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          metadata: {
            name: a.input.name,
            namespace: 'argocd',
            labels: a.input.labels,
          },
          spec: {
            project: a.input.project,
            source: a.input.source,
            destination: a.input.destination,
            syncPolicy: a.input.syncPolicy,
          },
        }));
        expect(validateKubernetesObjects(manifests).filter(r => !r.ok)).toEqual(
          [],
        );
        for (const a of apps) {
          expect(
            result.files.has(
              `${(a.input.source as { path: string }).path}/kustomization.yaml`,
            ),
          ).toBe(true);
          expect(a.input).toMatchObject({
            name: `payments-api-${a.input.environment}`,
            entityRef: 'component:default/payments-api',
            waitFor: 'synced',
            destination: { namespace: 'payments-api' },
          });
          // The environment's cluster: registered with the central Argo CD
          // as platform-<env>, or in-cluster for an environment's own Argo CD.
          const delivery = ENVIRONMENTS.find(
            e => e.name === a.input.environment,
          )?.delivery;
          expect(a.input.destination).toEqual(
            delivery?.mode === 'in-cluster'
              ? {
                  server: 'https://kubernetes.default.svc',
                  namespace: 'payments-api',
                }
              : {
                  name: `platform-${a.input.environment}`,
                  namespace: 'payments-api',
                },
          );
        }
        // prod's own Argo CD (groundwork.environments[].argocdInstance).
        expect(apps[0].input.instance).toBe(
          c.environments[0] === 'prod' ? 'prod' : undefined,
        );
      });

      it('creates an AppProject that admits everything its overlay holds, and nothing more', () => {
        // Argo CD refuses at sync a cluster-scoped kind its project does not
        // whitelist ("resource :Namespace is not permitted in project …").
        for (const a of calls.filter(x => x.action === 'argocd:create-app')) {
          const input = a.input as any;
          // The owning team's project of the environment, merged into: the
          // project below is what this service adds to it.
          expect(input.projectMode).toBe('merge');
          expect(input.project).toBe(`payments-${input.environment}`);
          // As argocd:create-app renders it: repos and destinations default
          // to the Application's own source and destination.
          const project = {
            ...input.projectSpec,
            sourceRepos: input.projectSpec?.sourceRepos ?? [
              input.source.repoURL,
            ],
            destinations: input.projectSpec?.destinations ?? [
              input.destination,
            ],
          };
          expect(project.sourceRepos).toEqual([
            'https://github.com/acme/payments-api.git',
          ]);
          // Its own destination only (the environment's registered cluster,
          // or in-cluster where the environment runs its own Argo CD).
          expect(project.destinations).toEqual([input.destination]);
          expect(
            project.destinations.filter(
              (d: { namespace?: string }) => d.namespace !== 'payments-api',
            ),
          ).toEqual([]);
          const objects = buildOverlay(result.files, input.source.path);
          for (const object of objects) {
            expect({
              object: `${object.kind}/${object.metadata?.name}`,
              refused: syncPermissionError(
                input.project,
                project,
                object,
                input.destination,
              ),
            }).toEqual({
              object: `${object.kind}/${object.metadata?.name}`,
              refused: undefined,
            });
          }
          // Exactly the overlay's cluster-scoped kinds are whitelisted.
          const clusterScoped = [
            ...new Set(
              objects
                .filter(o => isClusterScoped(groupOf(o.apiVersion), o.kind))
                .map(o => `${groupOf(o.apiVersion)}/${o.kind}`),
            ),
          ].sort();
          expect(
            (project.clusterResourceWhitelist ?? [])
              .map((e: any) => `${e.group}/${e.kind}`)
              .sort(),
          ).toEqual(clusterScoped);
          expect(clusterScoped).toEqual(['/Namespace']);
        }
      });

      it('gives the stock GitHub and catalog steps inputs their schemas accept', () => {
        for (const id of [
          'publish:github',
          'github:environment:create',
          'catalog:register',
        ]) {
          const inputs = loggedInputs(result, id);
          expect(inputs).toHaveLength(1);
          expect(schemas.problems(id, inputs[0])).toEqual([]);
        }
        const env = loggedInputs(result, 'github:environment:create')[0];
        expect(env).toMatchObject({
          name: c.environments[0],
          environmentVariables: { ECR_REPOSITORY: 'payments-api' },
        });
        expect(loggedInputs(result, 'publish:github')[0]).toMatchObject({
          repoVisibility: 'private',
          protectDefaultBranch: true,
          requiredStatusCheckContexts: ['build'],
        });
      });

      it('links the repository, the Argo CD application and the entity page', () => {
        const links = result.body.output.links;
        expect(links.map((l: any) => l.title)).toEqual([
          'Repository',
          `Argo CD application (${c.environments[0]})`,
          'Open in catalog',
        ]);
        expect(links[1].url).toBe(
          `https://argocd.${c.environments[0]}.example.com/applications/argocd/payments-api-${c.environments[0]}`,
        );
        expect(result.body.output.text[0].content).toMatch(
          /Estimated monthly cost after apply: \*\*[\d.]+ USD\*\*/,
        );
      });
    },
  );

  it('renders with the required answers only, as a REST or MCP caller sends them', async () => {
    state.calls.length = 0;
    const r = await dryRun(backend.server, 'new-service', {
      name: 'ledger',
      owner: 'group:default/payments',
      language: 'nodejs',
      costCenter: 'cc-1',
      environments: ['dev'],
      exposure: 'internal',
      monthlyBudget: 100,
      productionBudget: 500,
      alertEmail: 'ledger@example.com',
      repoUrl: 'github.com?owner=acme&repo=ledger',
    });
    expect([r.status, r.body?.error?.message]).toEqual([200, undefined]);
    expect(r.files.get('infra/envs/dev/main.tf')).toContain(
      'data_classification = "internal"',
    );
    expect(state.calls[0].governance!.summary.blocking).toBe(false);
  });

  it("derives the owning team's GitHub slug from a Group name that is not one, the same in CODEOWNERS and publish:github", async () => {
    const r = await dryRun(backend.server, 'new-service', {
      ...valuesOf(CASES[0]),
      owner: 'group:default/Payments.Core_team',
    });
    expect([r.status, r.body?.error?.message]).toEqual([200, undefined]);
    // GitHub's team slugs are lower case, with '-' for anything else.
    expect(loggedInputs(r, 'publish:github')[0].collaborators).toEqual([
      { team: 'payments-core-team', access: 'push' },
    ]);
    expect(r.files.get('.github/CODEOWNERS')).toContain(
      '\n* @acme/payments-core-team\n',
    );
    // And an Argo CD project name that is an object name.
    expect(loggedInputs(r, 'argocd:create-app')[0].project).toBe(
      'payments-core-team-dev',
    );
  });

  it.each([
    ['nodejs', process.execPath, ['--test']],
    [
      'python',
      'python3',
      ['-m', 'unittest', 'discover', '--start-directory', 'tests'],
    ],
  ] as const)(
    'renders a %s service whose own tests pass (this machine has no Go 1.23 or Java 21 toolchain)',
    async (language, command, args) => {
      const r = await dryRun(backend.server, 'new-service', {
        ...valuesOf(CASES[0]),
        language,
      });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `svc-${language}-`));
      try {
        for (const [f, text] of r.files) {
          fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
          fs.writeFileSync(path.join(dir, f), text);
        }
        const run = spawnSync(command, [...args], {
          cwd: dir,
          encoding: 'utf8',
          timeout: 60_000,
        });
        expect([run.status, `${run.stdout}${run.stderr}`]).toEqual([
          0,
          expect.stringMatching(/pass 3|Ran 3 tests/),
        ]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('refuses environments the portal does not declare, before rendering anything', async () => {
    const r = await dryRun(backend.server, 'new-service', {
      ...valuesOf(CASES[0]),
      environments: ['qa'],
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain(
      'Unknown environment \\"qa\\"; configured environments are dev, staging, prod, lab, azdev',
    );
  });

  it("refuses environments on several clouds, naming each one's, before rendering anything", async () => {
    const r = await dryRun(backend.server, 'new-service', {
      ...valuesOf(CASES[0]),
      environments: ['dev', 'lab'],
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain(
      'The chosen environments must share one cloud, whose modules this template renders: dev (aws), lab (gcp). Choose environments on one cloud.',
    );
    expect(r.files.size).toBe(0);
  });
});
