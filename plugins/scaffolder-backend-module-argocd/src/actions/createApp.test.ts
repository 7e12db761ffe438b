import {
  ArgoCdCrds,
  ArgoCdStandIn,
  argoCdContract,
  rollouts,
} from '@groundwork/stand-in-test-utils';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { parse } from 'yaml';
import {
  authorizing,
  configWith,
  paymentsInput,
  run,
  TOKEN,
} from '../__testUtils__/harness';
import { createArgoCdCreateAppAction, CREATE_APP_ACTION_ID } from './createApp';
import { examples } from './createApp.examples';
import { setTimeout as sleep } from 'node:timers/promises';

const LABELS = {
  'groundwork.dev/entity-kind': 'component',
  'groundwork.dev/entity-namespace': 'default',
  'groundwork.dev/entity-name': 'payments',
  'groundwork.dev/environment': 'dev',
};

describe('argocd:create-app in API mode', () => {
  let argocd: ArgoCdStandIn;
  let action: ReturnType<typeof createArgoCdCreateAppAction>;

  const actionFor = (config: ReturnType<typeof configWith>) =>
    createArgoCdCreateAppAction({
      ...authorizing(),
      config,
      wait: { pollIntervalMs: 5, maxPollIntervalMs: 20 },
      client: { backoffMs: 1 },
    });

  // Compiling Argo CD's swagger and CRD schemas takes seconds on a busy
  // machine: pay for it once here, not inside the first test's time budget.
  beforeAll(() => {
    argoCdContract().validate(
      { $ref: 'contract#/definitions/v1alpha1Application' },
      {},
      'warm-up',
    );
    for (const kind of ['Application', 'AppProject']) {
      ArgoCdCrds.get().validateManifest({
        apiVersion: 'argoproj.io/v1alpha1',
        kind,
        metadata: { name: 'warm-up' },
        spec: {},
      });
    }
  }, 60_000);

  beforeEach(async () => {
    argocd = await new ArgoCdStandIn({
      clusters: [
        { name: 'in-cluster', server: 'https://kubernetes.default.svc' },
      ],
      unreachableRepos: ['https://github.com/acme/gone'],
    }).start();
    action = actionFor(
      configWith({ instances: [{ name: 'dev', url: argocd.url }] }),
    );
  });
  afterEach(async () => {
    // Every request any test sent was one a real Argo CD 3.6 accepts.
    argocd.assertNoViolations();
    await argocd.stop();
  });

  it('has an id beside argocd:create-resources and a strict schema', () => {
    expect(action.id).toBe(CREATE_APP_ACTION_ID);
    expect(action.id).not.toBe('argocd:create-resources');
    expect(action.supportsDryRun).toBe(true);
    expect((action.schema?.input as any).additionalProperties).toBe(false);
  });

  it('creates the Application with the platform-status labels and reports it', async () => {
    const { outputs, error, log } = await run(action, paymentsInput());
    expect(error).toBeUndefined();
    const stored = argocd.application('payments-dev')!;
    expect(stored.metadata.labels).toEqual(LABELS);
    expect(stored.metadata.annotations).toMatchObject({
      'groundwork.dev/entity-ref': 'component:default/payments',
    });
    expect(stored.metadata.finalizers).toBeUndefined();
    expect(stored.spec).toEqual({
      project: 'default',
      source: {
        repoURL: 'https://github.com/acme/payments',
        targetRevision: 'main',
        path: 'deploy/overlays/dev',
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'payments-dev',
      },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    });
    expect(argocd.callsTo('ApplicationService_Create')[0].query).toEqual({
      upsert: ['false'],
      validate: ['true'],
    });
    expect(outputs).toEqual({
      appName: 'payments-dev',
      appNamespace: 'argocd',
      project: 'default',
      url: `${argocd.url}/applications/payments-dev`,
      change: 'created',
      syncStatus: 'Unknown',
      healthStatus: 'Unknown',
    });
    expect(log).toContain('Created the Argo CD application payments-dev');
  });

  it('is idempotent: the same step twice gives one Application, reported unchanged', async () => {
    await run(action, paymentsInput());
    const second = await run(action, paymentsInput());
    expect(second.error).toBeUndefined();
    expect(second.outputs.change).toBe('unchanged');
    expect(argocd.applications()).toHaveLength(1);
    expect(argocd.callsTo('ApplicationService_Create')).toHaveLength(1);
    expect(argocd.application('payments-dev')?.metadata.generation).toBe(1);
  });

  it('updates a changed spec with upsert, saying what changed, and keeps what others added', async () => {
    await run(action, paymentsInput({ finalizer: true }));
    // Someone adds a label and a finalizer of their own in Argo CD.
    const seeded = argocd.application('payments-dev')!;
    argocd.seedApplication({
      ...seeded,
      metadata: {
        ...seeded.metadata,
        labels: { ...seeded.metadata.labels, team: 'payments' },
        finalizers: [
          'example.com/keep',
          'resources-finalizer.argocd.argoproj.io',
        ],
      },
    });
    const changed = paymentsInput({
      source: {
        repoURL: 'https://github.com/acme/payments',
        targetRevision: 'v2',
        path: 'deploy/overlays/dev',
      },
    });
    const { outputs, log, error } = await run(action, changed);
    expect(error).toBeUndefined();
    expect(outputs.change).toBe('updated');
    expect(log).toContain(
      '- spec.source.targetRevision: Argo CD "dev" has "main", the template asks for "v2"',
    );
    const stored = argocd.application('payments-dev')!;
    expect(stored.spec.source.targetRevision).toBe('v2');
    expect(stored.metadata.labels).toMatchObject({
      team: 'payments',
      ...LABELS,
    });
    expect(stored.metadata.finalizers).toEqual([
      'example.com/keep',
      'resources-finalizer.argocd.argoproj.io',
    ]);
    expect(
      argocd.callsTo('ApplicationService_Create').map(c => c.query.upsert),
    ).toEqual([['false'], ['true']]);
  });

  it('refuses a changed spec without upsert, with the precise difference, writing nothing', async () => {
    await run(action, paymentsInput());
    const { error } = await run(
      action,
      paymentsInput({
        upsert: false,
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: 'payments',
        },
      }),
    );
    expect(error).toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining(
        '- spec.destination.namespace: Argo CD "dev" has "payments-dev", the template asks for "payments"\nSet upsert: true',
      ),
    });
    expect(argocd.callsTo('ApplicationService_Create')).toHaveLength(1);
  });

  it('never takes over an Application of another entity or one Backstage does not manage', async () => {
    argocd.seedApplication({
      metadata: {
        name: 'payments-dev',
        labels: { ...LABELS, 'groundwork.dev/entity-name': 'ledger' },
      },
      spec: paymentsInputSpec(),
    });
    const { error } = await run(action, paymentsInput());
    expect(error?.message).toContain(
      'belongs to component:default/ledger (dev), not component:default/payments (dev)',
    );
    argocd.seedApplication({
      metadata: { name: 'hand-made' },
      spec: paymentsInputSpec(),
    });
    const other = await run(action, paymentsInput({ name: 'hand-made' }));
    expect(other.error?.message).toContain('is not managed by Backstage');
    expect(argocd.callsTo('ApplicationService_Create')).toHaveLength(0);
  });

  it('reads the app in its project, as real Argo CD needs to tell a new app from a forbidden one', async () => {
    // Without ?project= Argo CD answers 403 for a missing app (CVE-2022-41354).
    const { error } = await run(
      action,
      paymentsInput({ project: 'payments', projectMode: 'create' }),
    );
    expect(error).toBeUndefined();
    expect(argocd.callsTo('ApplicationService_Get')[0].query).toEqual({
      project: ['payments'],
    });
    expect(argocd.application('payments-dev')?.spec.project).toBe('payments');
  });

  it('never moves an Application out of another project: a conflict naming it', async () => {
    argocd.seedProject({
      metadata: { name: 'ledger' },
      spec: {
        sourceRepos: ['*'],
        destinations: [{ server: '*', namespace: '*' }],
      },
    });
    argocd.seedApplication({
      metadata: { name: 'payments-dev', labels: LABELS },
      spec: { ...paymentsInputSpec(), project: 'ledger' },
    });
    const { error } = await run(action, paymentsInput({ upsert: true }));
    expect(error?.name).toBe('ConflictError');
    expect(error?.message).toContain(
      'An Argo CD application named payments-dev already exists on "dev" in the project "ledger", not in "default".',
    );
    expect(error?.message).toContain(
      'Choose another name, or ask an Argo CD admin',
    );
    expect(argocd.application('payments-dev')?.spec.project).toBe('ledger');
    expect(argocd.application('payments-dev')?.metadata.generation).toBe(1);

    // When this account may not read it, it says so without naming a project.
    argocd.deny({
      resource: 'applications',
      action: 'get',
      object: 'ledger/*',
    });
    const hidden = await run(action, paymentsInput({ upsert: true }));
    expect(hidden.error?.name).toBe('ConflictError');
    expect(hidden.error?.message).toContain(
      'in another project (one this account may not read), not in "default"',
    );
    expect(argocd.application('payments-dev')?.spec.project).toBe('ledger');
  });

  describe('projects', () => {
    const projectInput = (spec?: object) =>
      paymentsInput({
        project: 'payments',
        projectMode: 'create',
        ...(spec && { projectSpec: spec }),
      });

    it('creates a least-privilege project, then reuses it when the spec is the same', async () => {
      const first = await run(action, projectInput());
      expect(first.error).toBeUndefined();
      expect(argocd.project('payments')?.spec).toEqual({
        sourceRepos: ['https://github.com/acme/payments'],
        destinations: [
          {
            server: 'https://kubernetes.default.svc',
            namespace: 'payments-dev',
          },
        ],
      });
      expect(argocd.application('payments-dev')?.spec.project).toBe('payments');
      const second = await run(action, projectInput());
      expect(second.error).toBeUndefined();
      expect(second.log).toContain(
        'The Argo CD project payments exists with the same spec; reusing it',
      );
      expect(argocd.callsTo('ProjectService_Create')).toHaveLength(1);
    });

    it('says precisely how an existing project differs, and changes nothing', async () => {
      argocd.seedProject({
        metadata: { name: 'payments' },
        spec: {
          sourceRepos: ['https://github.com/acme/*'],
          destinations: [
            {
              server: 'https://kubernetes.default.svc',
              namespace: 'payments-dev',
            },
          ],
          clusterResourceWhitelist: [{ group: '*', kind: '*' }],
        },
      });
      const { error } = await run(action, projectInput());
      expect(error?.name).toBe('ConflictError');
      expect(error?.message).toContain(
        '- spec.clusterResourceWhitelist: dev has [{"group":"*","kind":"*"}], the template asks for nothing\n' +
          '- spec.sourceRepos: dev has ["https://github.com/acme/*"], the template asks for ["https://github.com/acme/payments"]',
      );
      expect(error?.message).toContain(
        'use projectMode: reuse to use it as it is',
      );
      expect(argocd.callsTo('ProjectService_Create')).toHaveLength(0);
      expect(argocd.callsTo('ProjectService_Update')).toHaveLength(0);
      expect(argocd.callsTo('ApplicationService_Create')).toHaveLength(0);
      // With reuse, the existing project is used as it is.
      const reuse = await run(action, paymentsInput({ project: 'payments' }));
      expect(reuse.error).toBeUndefined();
    });

    describe('projectMode: merge, one project shared by a team', () => {
      const IN_CLUSTER = 'https://kubernetes.default.svc';
      const service = (name: string, spec?: object) =>
        paymentsInput({
          name: `${name}-dev`,
          entityRef: `component:default/${name}`,
          project: 'payments-dev',
          projectMode: 'merge',
          source: {
            repoURL: `https://github.com/acme/${name}`,
            targetRevision: 'main',
            path: 'deploy/overlays/dev',
          },
          destination: { server: IN_CLUSTER, namespace: `${name}-dev` },
          ...(spec && { projectSpec: spec }),
        });
      /** The team project after the payments service, with what admins added. */
      const seedTeamProject = () =>
        argocd.seedProject({
          metadata: {
            name: 'payments-dev',
            annotations: { 'acme.dev/owner': 'team-payments' },
          },
          spec: {
            description: 'Payments team, dev',
            sourceRepos: ['https://github.com/acme/payments'],
            destinations: [{ server: IN_CLUSTER, namespace: 'payments-dev' }],
            clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
            namespaceResourceBlacklist: [{ group: '', kind: 'ResourceQuota' }],
            roles: [
              {
                name: 'deployers',
                policies: [
                  'p, proj:payments-dev:deployers, applications, sync, payments-dev/*, allow',
                ],
                groups: ['acme:payments'],
              },
            ],
          },
        });

      it('creates the project from projectSpec when it is missing', async () => {
        const { error } = await run(action, service('payments'));
        expect(error).toBeUndefined();
        expect(argocd.project('payments-dev')?.spec).toEqual({
          sourceRepos: ['https://github.com/acme/payments'],
          destinations: [{ server: IN_CLUSTER, namespace: 'payments-dev' }],
        });
        expect(argocd.callsTo('ProjectService_Update')).toHaveLength(0);
        expect(argocd.application('payments-dev')?.spec.project).toBe(
          'payments-dev',
        );
      });

      it('adds the next service to it, keeping what the project holds', async () => {
        const before = seedTeamProject();
        const { error, log } = await run(
          action,
          service('ledger', {
            description: 'not applied to a shared project',
            clusterResourceWhitelist: [
              { group: '', kind: 'Namespace' },
              { group: 'cert-manager.io', kind: 'Certificate' },
            ],
          }),
        );
        expect(error).toBeUndefined();
        const after = argocd.project('payments-dev')!;
        expect(after.spec).toEqual({
          ...before.spec,
          sourceRepos: [
            'https://github.com/acme/payments',
            'https://github.com/acme/ledger',
          ],
          destinations: [
            { server: IN_CLUSTER, namespace: 'payments-dev' },
            { server: IN_CLUSTER, namespace: 'ledger-dev' },
          ],
          clusterResourceWhitelist: [
            { group: '', kind: 'Namespace' },
            { group: 'cert-manager.io', kind: 'Certificate' },
          ],
        });
        expect(after.metadata.annotations).toEqual(before.metadata.annotations);
        // Sent with the resourceVersion it was read with.
        const [update] = argocd.callsTo('ProjectService_Update');
        expect((update.body as any).project.metadata.resourceVersion).toBe(
          before.metadata.resourceVersion,
        );
        expect(log).toContain(
          'Added to the Argo CD project payments-dev:\n' +
            '- sourceRepos: https://github.com/acme/ledger\n' +
            `- destinations: server ${IN_CLUSTER} namespace ledger-dev\n` +
            '- clusterResourceWhitelist: cert-manager.io/Certificate',
        );
        expect(argocd.application('ledger-dev')?.spec.project).toBe(
          'payments-dev',
        );
      });

      it('sends no update when the project has everything already', async () => {
        seedTeamProject();
        const first = await run(action, service('ledger'));
        expect(first.error).toBeUndefined();
        const again = await run(action, service('ledger'));
        expect(again.error).toBeUndefined();
        expect(again.log).toContain(
          'The Argo CD project payments-dev already permits what this application needs; unchanged',
        );
        const payments = await run(action, service('payments'));
        expect(payments.error).toBeUndefined();
        expect(argocd.callsTo('ProjectService_Update')).toHaveLength(1);
        expect(argocd.callsTo('ProjectService_Create')).toHaveLength(0);
      });

      it('two services of the team at once: the one that lost the race reads again, and both are added', async () => {
        seedTeamProject();
        // Both steps read the project before either update is answered.
        argocd.inject({
          operationId: 'ProjectService_Update',
          delayMs: 300,
          times: 2,
        });
        const [ledger, refunds] = await Promise.all([
          run(action, service('ledger')),
          run(action, service('refunds')),
        ]);
        expect(ledger.error).toBeUndefined();
        expect(refunds.error).toBeUndefined();
        expect(
          argocd.callsTo('ProjectService_Update').map(c => c.status),
        ).toEqual([200, 409, 200]);
        expect(`${ledger.log}\n${refunds.log}`).toContain(
          'Someone else changed the Argo CD project payments-dev since this step read it; reading it again',
        );
        const spec = argocd.project('payments-dev')?.spec;
        expect([...spec.sourceRepos].sort()).toEqual([
          'https://github.com/acme/ledger',
          'https://github.com/acme/payments',
          'https://github.com/acme/refunds',
        ]);
        expect(spec.destinations).toHaveLength(3);
        expect(argocd.application('ledger-dev')).toBeDefined();
        expect(argocd.application('refunds-dev')).toBeDefined();
      });

      it('runs the merge example against the team project: what it lacks is added', async () => {
        seedTeamProject();
        const example = examples.find(e =>
          e.example.includes('projectMode: merge'),
        )!;
        const { error } = await run(
          action,
          parse(example.example).steps[0].input,
        );
        expect(error).toBeUndefined();
        const spec = argocd.project('payments-dev')?.spec;
        expect(spec.description).toBe('Payments team, dev');
        expect(spec.sourceRepos).toEqual([
          'https://github.com/acme/payments',
          'https://github.com/acme/ledger',
        ]);
        expect(spec.clusterResourceWhitelist).toEqual([
          { group: '', kind: 'Namespace' },
        ]);
        expect(argocd.callsTo('ProjectService_Update')).toHaveLength(1);
      });

      it('dry-run says the project is merged, and calls nothing', async () => {
        seedTeamProject();
        const { log, error } = await run(action, service('ledger'), {
          isDryRun: true,
        });
        expect(error).toBeUndefined();
        expect(log).toContain(
          'in project payments-dev (created if missing, else what it lacks of the AppProject below is added)',
        );
        expect(argocd.calls).toHaveLength(0);
      });

      it('says which Argo CD permission is missing when the project may not gain a repository', async () => {
        seedTeamProject();
        argocd.deny({
          resource: 'repositories',
          action: 'update',
          object: 'https://github.com/acme/*',
        });
        const { error } = await run(action, service('ledger'));
        expect(error).toMatchObject({
          name: 'NotAllowedError',
          message: expect.stringContaining(
            'permission denied: repositories, update, https://github.com/acme/ledger',
          ),
        });
        expect(error?.message).toContain('grant it in argocd-rbac-cm');
        expect(argocd.callsTo('ApplicationService_Create')).toHaveLength(0);
      });

      it('refuses to blacklist a kind for every service of the project, writing nothing', async () => {
        const before = seedTeamProject();
        const { error } = await run(
          action,
          service('ledger', {
            namespaceResourceBlacklist: [
              { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
            ],
          }),
        );
        expect(error).toMatchObject({
          name: 'ConflictError',
          message: expect.stringContaining(
            'projectSpec.namespaceResourceBlacklist asks to blacklist networking.k8s.io/NetworkPolicy in the Argo CD project "payments-dev" on instance "dev"',
          ),
        });
        expect(argocd.callsTo('ProjectService_Update')).toHaveLength(0);
        expect(argocd.callsTo('ApplicationService_Create')).toHaveLength(0);
        expect(argocd.project('payments-dev')).toEqual(before);
      });
    });

    it('requires a reused project to exist', async () => {
      const { error } = await run(action, paymentsInput({ project: 'ghost' }));
      expect(error).toMatchObject({
        name: 'NotFoundError',
        message: expect.stringContaining(
          'The Argo CD project "ghost" does not exist on instance "dev"',
        ),
      });
    });
  });

  describe('waiting', () => {
    it('waits for healthy, logging every sync and health transition', async () => {
      const { outputs, lines, error } = await run(
        action,
        paymentsInput({ waitFor: 'healthy' }),
      );
      expect(error).toBeUndefined();
      expect(lines.filter(l => l.startsWith('info: payments-dev:'))).toEqual([
        'info: payments-dev: sync OutOfSync, health Missing, operation Running (one or more tasks are running)',
        'info: payments-dev: sync OutOfSync → Synced, health Missing → Progressing (Waiting for rollout to finish: 0 of 1 updated replicas are available...), operation Succeeded (successfully synced (all tasks run))',
        'info: payments-dev: health Progressing → Healthy',
      ]);
      expect(outputs).toMatchObject({
        syncStatus: 'Synced',
        healthStatus: 'Healthy',
      });
      expect(outputs.revision).toEqual(
        argocd.application('payments-dev')?.status.sync.revision,
      );
    });

    it('says the project is what to change when it refuses a synced kind', async () => {
      const refusing = await new ArgoCdStandIn({
        manifests: () => [
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'pay' } },
        ],
      }).start();
      try {
        const { error } = await run(
          actionFor(
            configWith({ instances: [{ name: 'dev', url: refusing.url }] }),
          ),
          paymentsInput({
            project: 'payments',
            projectMode: 'create',
            waitFor: 'synced',
          }),
        );
        expect(error?.name).toBe('SyncFailedError');
        expect(error?.message).toContain(
          'Argo CD could not sync payments-dev: one or more synchronization tasks are not valid: resource :Namespace is not permitted in project payments.',
        );
        expect(error?.message).toContain(
          'add what it needs to its AppProject "payments" (projectSpec.clusterResourceWhitelist for a cluster-scoped kind',
        );
        refusing.assertNoViolations();
      } finally {
        await refusing.stop();
      }
    });

    it('does not take the status of the previous spec for the new one', async () => {
      await run(action, paymentsInput({ waitFor: 'healthy' }));
      expect(argocd.application('payments-dev')?.status.health.status).toBe(
        'Healthy',
      );
      // The controller has not looked at the new revision yet when the step first reads.
      argocd.nextRollout([
        { sync: 'OutOfSync', health: 'Healthy', phase: 'Running' },
        ...rollouts.healthy(),
      ]);
      const changed = paymentsInput({
        waitFor: 'synced',
        source: {
          repoURL: 'https://github.com/acme/payments',
          targetRevision: 'v2',
          path: 'deploy/overlays/dev',
        },
      });
      const { outputs, error } = await run(action, changed);
      expect(error).toBeUndefined();
      expect(outputs).toMatchObject({
        change: 'updated',
        syncStatus: 'Synced',
      });
      expect(argocd.callsTo('ApplicationService_Get').length).toBeGreaterThan(
        3,
      );
    });

    it('fails at once when the sync operation fails, saying where to look', async () => {
      argocd.nextRollout(
        rollouts.syncFailed('Deployment.apps "payments" is invalid'),
      );
      const { error, log } = await run(
        action,
        paymentsInput({ waitFor: 'synced' }),
      );
      expect(error).toMatchObject({
        name: 'SyncFailedError',
        message: expect.stringContaining(
          `Argo CD could not sync payments-dev: Deployment.apps "payments" is invalid. The Application exists; see ${argocd.url}/applications/payments-dev`,
        ),
      });
      expect(log).toContain(
        'Stopped waiting. The Argo CD application payments-dev was created and stays in Argo CD',
      );
    });

    it('times out on degraded health with what it last saw', async () => {
      argocd.nextRollout(
        rollouts.degraded('Back-off restarting failed container'),
      );
      const { error } = await run(
        action,
        paymentsInput({ waitFor: 'healthy', timeoutSeconds: 1 }),
      );
      expect(error).toMatchObject({
        name: 'WaitTimeoutError',
        message: expect.stringMatching(
          /Timed out after 1 s waiting for payments-dev to be Synced and Healthy: last seen sync Synced, health Degraded \(Back-off restarting failed container\).*Raise timeoutSeconds/,
        ),
      });
    });

    it('stops at once when cancelled while waiting, and reports what it created', async () => {
      argocd.nextRollout(rollouts.stuck());
      const controller = new AbortController();
      const slow = createArgoCdCreateAppAction({
        ...authorizing(),
        config: configWith({ instances: [{ name: 'dev', url: argocd.url }] }),
        wait: { pollIntervalMs: 60_000 },
      });
      const pending = run(
        slow,
        paymentsInput({ waitFor: 'healthy', timeoutSeconds: 3600 }),
        {
          signal: controller.signal,
        },
      );
      await until(() => argocd.callsTo('ApplicationService_Get').length >= 2);
      const started = Date.now();
      controller.abort(new Error('The task was cancelled'));
      const { error, log, outputs } = await pending;
      // The next poll was a minute away: stopping within seconds means at once.
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(error?.message).toBe('The task was cancelled');
      expect(log).toContain(
        `warn: Cancelled while waiting. The Argo CD application payments-dev was created and stays in Argo CD: ${argocd.url}/applications/payments-dev`,
      );
      expect(outputs).toMatchObject({
        appName: 'payments-dev',
        change: 'created',
      });
      expect(argocd.application('payments-dev')).toBeDefined();
    });

    it('refuses to wait for an app that never syncs by itself', async () => {
      const { error } = await run(
        action,
        paymentsInput({ waitFor: 'synced', syncPolicy: undefined }),
      );
      expect(error?.message).toContain(
        'waitFor: synced needs syncPolicy.automated',
      );
      expect(argocd.calls).toHaveLength(0);
    });
  });

  describe('errors that say what to do', () => {
    it('401: the token', async () => {
      const stale = actionFor(
        configWith({
          instances: [{ name: 'dev', url: argocd.url, token: 'expired' }],
        }),
      );
      const { error } = await run(stale, paymentsInput());
      expect(error).toMatchObject({
        name: 'AuthenticationError',
        message: expect.stringContaining(
          'create a new one (argocd account generate-token) and set it in argocd.instances[].token',
        ),
      });
    });

    it('403: RBAC', async () => {
      argocd.deny({ resource: 'applications', action: 'create' });
      const { error } = await run(action, paymentsInput());
      expect(error).toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringContaining('grant it in argocd-rbac-cm'),
      });
    });

    it("400: Argo CD's own validation message, passed through", async () => {
      const { error } = await run(
        action,
        paymentsInput({
          source: { repoURL: 'https://github.com/acme/gone', path: '.' },
        }),
      );
      expect(error).toMatchObject({
        name: 'InputError',
        message: expect.stringContaining(
          'application spec for payments-dev is invalid: InvalidSpecError: repository not accessible: repository not found: https://github.com/acme/gone',
        ),
      });
      // validate: false lets Argo CD skip the repository check.
      const skipped = await run(
        action,
        paymentsInput({
          validate: false,
          source: { repoURL: 'https://github.com/acme/gone', path: '.' },
        }),
      );
      expect(skipped.error).toBeUndefined();
    });

    it('409: a race with another writer is read again once', async () => {
      argocd.inject({ operationId: 'ApplicationService_Create', status: 409 });
      const { error, log } = await run(action, paymentsInput());
      expect(error).toBeUndefined();
      expect(log).toContain(
        'Someone else changed the Argo CD application payments-dev at the same time; reading it again',
      );
      argocd.inject({
        operationId: 'ApplicationService_Create',
        status: 409,
        times: 2,
      });
      const again = await run(action, paymentsInput({ name: 'payments-dev2' }));
      expect(again.error).toMatchObject({
        name: 'ConflictError',
        message: expect.stringContaining('run the step again'),
      });
    });

    it('429, 5xx and dropped connections are retried; other errors are not', async () => {
      argocd.inject({ operationId: 'ApplicationService_Get', status: 429 });
      argocd.inject({ operationId: 'ApplicationService_Create', status: 502 });
      argocd.inject({
        operationId: 'ApplicationService_Create',
        dropConnection: true,
      });
      const { error, log } = await run(action, paymentsInput());
      expect(error).toBeUndefined();
      expect(log).toContain('HTTP 429; retrying in');
      expect(log).toContain('HTTP 502; retrying in');
      expect(argocd.applications()).toHaveLength(1);
    });

    it('404: a wrong instance URL', async () => {
      const misdirected = actionFor(
        configWith({
          instances: [{ name: 'dev', url: `${argocd.url}/argocd` }],
        }),
      );
      const { error } = await run(misdirected, paymentsInput());
      expect(error).toMatchObject({
        name: 'NotFoundError',
        message: expect.stringContaining('Check argocd.instances[].url'),
      });
      // The stand-in saw paths outside Argo CD's API, as a real one would.
      expect(argocd.violations.length).toBeGreaterThan(0);
      argocd.violations.length = 0;
    });

    it('slow answers beyond the request timeout are retried, then reported', async () => {
      const impatient = createArgoCdCreateAppAction({
        ...authorizing(),
        config: configWith({
          instances: [
            { name: 'dev', url: argocd.url, requestTimeoutMs: 50 } as any,
          ],
        }),
        client: { backoffMs: 1, maxRetries: 1 },
      });
      argocd.inject({
        operationId: 'ApplicationService_Get',
        delayMs: 300,
        times: 2,
      });
      const { error } = await run(impatient, paymentsInput());
      expect(error).toMatchObject({
        name: 'ServiceUnavailableError',
        message: expect.stringContaining('no answer within 50 ms'),
      });
    });
  });

  describe('where it may send requests', () => {
    let elsewhere: ArgoCdStandIn;
    beforeEach(async () => {
      elsewhere = await new ArgoCdStandIn({ tokens: ['attacker'] }).start();
    });
    afterEach(() => elsewhere.stop());

    it('only to configured instances, with configured credentials', async () => {
      const byUrl = await run(
        action,
        paymentsInput({ instance: elsewhere.url }),
      );
      expect(byUrl.error).toMatchObject({
        name: 'InputError',
        message: expect.stringContaining(
          `No Argo CD instance named "${elsewhere.url}" is configured (configured: dev)`,
        ),
      });
      const withToken = await run(action, {
        ...paymentsInput(),
        token: 'attacker',
        url: elsewhere.url,
      });
      expect(withToken.error).toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(
          /Unrecognized key\(s\) in object: 'token', 'url'/,
        ),
      });
      expect(elsewhere.calls).toHaveLength(0);
      expect(argocd.calls).toHaveLength(0);
      await run(action, paymentsInput());
      expect(
        argocd.calls.every(c => c.headers.authorization === `Bearer ${TOKEN}`),
      ).toBe(true);
    });

    it("uses the environment's argocdInstance when the step names none", async () => {
      const prod = await new ArgoCdStandIn().start();
      try {
        const routed = actionFor(
          configWith({
            instances: [
              { name: 'dev', url: argocd.url },
              { name: 'prod', url: prod.url },
            ],
            environments: [
              { name: 'dev' },
              { name: 'prod', argocdInstance: 'prod' },
            ],
          }),
        );
        await run(
          routed,
          paymentsInput({ name: 'payments-prod', environment: 'prod' }),
        );
        await run(routed, paymentsInput());
        expect(
          prod.application('payments-prod')?.metadata.labels?.[
            'groundwork.dev/environment'
          ],
        ).toBe('prod');
        expect(argocd.application('payments-dev')).toBeDefined();
        expect(argocd.application('payments-prod')).toBeUndefined();
        const unknown = await run(routed, paymentsInput({ environment: 'qa' }));
        expect(unknown.error?.message).toContain(
          'Unknown environment "qa"; configured environments are dev, prod',
        );
        prod.assertNoViolations();
      } finally {
        await prod.stop();
      }
    });
  });

  describe('who may run it', () => {
    const owned = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'payments', namespace: 'default' },
      spec: { type: 'service', owner: 'group:default/payments' },
    };
    const refusing = (entities = [owned]) =>
      createArgoCdCreateAppAction({
        ...authorizing({
          entities,
          permissions: mockServices.permissions({
            result: AuthorizeResult.DENY,
          }),
        }),
        config: configWith({ instances: [{ name: 'dev', url: argocd.url }] }),
      });

    it.each([false, true])(
      'refuses someone the policy does not allow before any request (dry run: %s)',
      async isDryRun => {
        const { error, log } = await run(refusing(), paymentsInput(), {
          isDryRun,
          credentials: mockCredentials.user('user:default/margaret.hamilton'),
        });
        expect(error?.name).toBe('NotAllowedError');
        expect(error?.message).toMatch(
          /^user:default\/margaret\.hamilton may not run argocd:create-app in dev for component:default\/payments: only its owners and the platform administrators may/,
        );
        expect(argocd.calls).toEqual([]);
        // A dry run shows nothing of what it would send either.
        expect(log).not.toContain('Application:');
      },
    );

    it('refuses production to someone the policy keeps out of it, even for a new entity', async () => {
      const { error } = await run(
        refusing([]),
        paymentsInput({ environment: 'prod', name: 'payments-prod' }),
      );
      expect(error?.message).toMatch(
        /prod is a production environment, and changing it is limited to the groups in groundwork\.permissions\.productionGroups/,
      );
      expect(argocd.calls).toEqual([]);
    });
  });

  it('dry-run renders and validates the payload and calls nothing', async () => {
    const { outputs, log, error } = await run(
      action,
      paymentsInput({
        project: 'payments',
        projectMode: 'create',
        finalizer: true,
      }),
      { isDryRun: true },
    );
    expect(error).toBeUndefined();
    expect(argocd.calls).toHaveLength(0);
    expect(log).toContain(
      'Dry run: would create or update the Argo CD application payments-dev on instance "dev"',
    );
    const application = parse(log.split('Application:\n')[1]);
    expect(application).toMatchObject({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
        labels: LABELS,
      },
    });
    expect(outputs).toMatchObject({
      appName: 'payments-dev',
      change: 'unchanged',
    });
    const invalid = await run(
      action,
      paymentsInput({ destination: { namespace: 'x' } }),
      { isDryRun: true },
    );
    expect(invalid.error?.message).toContain(
      'destination needs exactly one of server',
    );
  });

  it('supports apps in any namespace and multiple sources', async () => {
    await argocd.stop();
    argocd = await new ArgoCdStandIn({
      applicationNamespaces: ['team-payments'],
    }).start();
    argocd.seedProject({
      metadata: { name: 'payments' },
      spec: {
        sourceRepos: ['*'],
        destinations: [{ server: '*', namespace: '*' }],
        sourceNamespaces: ['team-payments'],
      },
    });
    const multi = actionFor(
      configWith({ instances: [{ name: 'dev', url: argocd.url }] }),
    );
    const input = paymentsInput({
      appNamespace: 'team-payments',
      project: 'payments',
      source: undefined,
      sources: [
        {
          repoURL: 'https://charts.acme.dev',
          chart: 'payments',
          targetRevision: '1.4.2',
          helm: { valueFiles: ['$values/dev.yaml'] },
        },
        {
          repoURL: 'https://github.com/acme/payments-values',
          targetRevision: 'main',
          ref: 'values',
        },
      ],
      waitFor: 'healthy',
    });
    const { outputs, error } = await run(multi, input);
    expect(error).toBeUndefined();
    expect(outputs).toMatchObject({
      appNamespace: 'team-payments',
      healthStatus: 'Healthy',
      url: `${argocd.url}/applications/team-payments/payments-dev`,
    });
    expect(
      argocd.application('payments-dev', 'team-payments')?.spec.sources,
    ).toHaveLength(2);
    expect(
      argocd
        .callsTo('ApplicationService_Get')
        .every(c => c.query.appNamespace?.[0] === 'team-payments'),
    ).toBe(true);
    const again = await run(multi, input);
    expect(again.outputs.change).toBe('unchanged');
  });

  describe('examples', () => {
    it.each(
      examples
        .filter(e => !e.example.includes('mode: gitops'))
        .map(e => [e.description, e]),
    )('%s', async (_description, example) => {
      await argocd.stop();
      argocd = await new ArgoCdStandIn().start();
      const step = parse(example.example).steps[0];
      const exampleAction = actionFor(
        configWith({
          instances: [
            { name: 'dev', url: argocd.url },
            { name: 'prod', url: argocd.url },
          ],
        }),
      );
      const { error, outputs } = await run(exampleAction, step.input);
      expect(error).toBeUndefined();
      expect(outputs.appName).toBe(step.input.name);
      expect(argocd.application(step.input.name)).toBeDefined();
      expect(outputs.syncStatus).toBe(
        [undefined, 'none'].includes(step.input.waitFor) ? 'Unknown' : 'Synced',
      );
    });
  });
});

function paymentsInputSpec() {
  const { source, destination, syncPolicy } = paymentsInput() as any;
  return { project: 'default', source, destination, syncPolicy };
}

async function until(condition: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}
