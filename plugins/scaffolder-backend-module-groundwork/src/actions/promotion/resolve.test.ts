import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readGroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import yaml from 'yaml';
import { createResolvePromotionAction } from './resolve';
import { examples } from './resolve.examples';

const environments = readGroundworkEnvironments(
  new ConfigReader({
    groundwork: {
      environments: [
        { name: 'dev' },
        { name: 'staging' },
        { name: 'prod', production: true, argocdInstance: 'prod' },
        { name: 'qa' },
      ],
    },
  }),
);

const LEDGER = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ledger',
    namespace: 'default',
    annotations: {
      'github.com/project-slug': 'acme/ledger',
      'groundwork.dev/environments': 'dev,staging,prod',
    },
  },
  spec: { owner: 'group:default/payments' },
};

/** What new-service renders into deploy/overlays/<env>/kustomization.yaml. */
const overlay = (env: string, tag = 'unreleased') => `# ledger in ${env}
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: ledger
resources:
  - namespace.yaml
  - ../../base
images:
  - name: app
    newName: 111111111111.dkr.ecr.us-east-1.amazonaws.com/ledger
    # Set by CI on every merge to main.
    newTag: ${tag}
`;

const SHA = '3f786850e387550fdab836ed7e6dc881de23001b';
const blob = (env: string) =>
  `https://github.com/acme/ledger/blob/main/deploy/overlays/${env}/kustomization.yaml`;

function setup(options: {
  files?: Record<string, string>;
  deny?: string[];
  entities?: object[];
}) {
  const files: Record<string, string> = options.files ?? {
    [blob('dev')]: overlay('dev', SHA),
    [blob('staging')]: overlay('staging'),
    [blob('prod')]: overlay('prod'),
  };
  const reads: string[] = [];
  const reader = {
    async readUrl(url: string) {
      reads.push(url);
      if (!(url in files)) throw new NotFoundError(`${url} not found`);
      return { buffer: async () => Buffer.from(files[url]) };
    },
  } as unknown as UrlReaderService;
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({
        result: options.deny?.includes(r.permission.name)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      })),
  });
  const action = createResolvePromotionAction({
    permissions,
    catalog: catalogServiceMock({
      entities: (options.entities ?? [LEDGER]) as any,
    }),
    auth: mockServices.auth(),
    reader,
    environments,
    teamProjectPattern: '{team}-{environment}',
  });
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'promote-'));
  const run = async (input: object) => {
    const ctx = createMockActionContext({
      input: { targetPath: 'promotion', ...input } as any,
      workspacePath: workspace,
    });
    ctx.getInitiatorCredentials = async () =>
      mockCredentials.user('user:default/maria');
    await action.handler(ctx as any);
    return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  };
  const written = (env: string) =>
    fs.readFileSync(
      path.join(
        workspace,
        'promotion',
        `deploy/overlays/${env}/kustomization.yaml`,
      ),
      'utf8',
    );
  return { run, reads, written, workspace };
}

describe('groundwork:promotion:resolve', () => {
  it("promotes dev's image into staging: the overlay pins it, everything else as written", async () => {
    const { run, written } = setup({});
    const out = await run({
      entityRef: 'component:default/ledger',
      environment: 'staging',
    });
    expect(out).toEqual({
      entityRef: 'component:default/ledger',
      name: 'ledger',
      environment: 'staging',
      previousEnvironment: 'dev',
      production: false,
      imageTag: SHA,
      repoUrl: 'github.com?owner=acme&repo=ledger',
      gitUrl: 'https://github.com/acme/ledger.git',
      infraUrl: 'https://github.com/acme/ledger/tree/main/infra/envs/staging',
      overlayPath: 'deploy/overlays/staging/kustomization.yaml',
      branch: 'main',
      branchName: `promote/staging/${SHA}`,
      // As new-service places it: the namespace on staging's registered
      // cluster, in the owning team's project of staging.
      destination: { name: 'platform-staging', namespace: 'ledger' },
      project: 'payments-staging',
      projectDestinations: [{ name: 'platform-staging', namespace: 'ledger' }],
    });
    expect(written('staging')).toBe(overlay('staging', SHA));
  });

  it("takes prod's image from staging, and names prod's Argo CD instance", async () => {
    const { run } = setup({
      files: {
        [blob('dev')]: overlay('dev', 'newer'),
        [blob('staging')]: overlay('staging', SHA),
        [blob('prod')]: overlay('prod', 'older'),
      },
    });
    expect(
      await run({ entityRef: 'component:default/ledger', environment: 'prod' }),
    ).toMatchObject({
      previousEnvironment: 'staging',
      imageTag: SHA,
      currentTag: 'older',
      production: true,
      argocdInstance: 'prod',
      destination: { name: 'platform-prod', namespace: 'ledger' },
      project: 'payments-prod',
      projectDestinations: [{ name: 'platform-prod', namespace: 'ledger' }],
    });
  });

  it('refuses a service no Group owns: it has no team project to go in', async () => {
    const { run } = setup({
      entities: [
        { ...LEDGER, spec: { ...LEDGER.spec, owner: 'user:default/ada' } },
      ],
    });
    await expect(
      run({ entityRef: 'component:default/ledger', environment: 'staging' }),
    ).rejects.toThrow(/is owned by "user:default\/ada", not a Group/);
  });

  it.each(['2026-12-08T15:00:00Z', 'next week'])(
    'refuses a preview service (expires-at %j) before reading anything',
    async value => {
      const { run, reads, written } = setup({
        entities: [
          {
            ...LEDGER,
            metadata: {
              ...LEDGER.metadata,
              annotations: {
                ...LEDGER.metadata.annotations,
                'groundwork.dev/expires-at': value,
              },
            },
          },
        ],
      });
      const error = await run({
        entityRef: 'component:default/ledger',
        environment: 'staging',
      }).catch(e => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.message).toBe(
        `component:default/ledger is a preview service (groundwork.dev/expires-at: ${value}), and a preview is never promoted: it is destroyed when it expires. To keep the service, create it again with New service without a time to live and promote that one; or, if it should never have expired, remove the annotation from its catalog-info.yaml first.`,
      );
      expect(reads).toEqual([]);
      expect(() => written('staging')).toThrow();
    },
  );

  it('refuses to skip an environment: prod while staging runs nothing released', async () => {
    const { run, written } = setup({});
    const error = await run({
      entityRef: 'component:default/ledger',
      environment: 'prod',
    }).catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(
      'component:default/ledger runs no released image in staging yet (deploy/overlays/staging/kustomization.yaml pins "unreleased"), so there is nothing to promote to prod: environments are promoted in order. Promote it to staging first and merge that pull request, then run this again.',
    );
    expect(() => written('prod')).toThrow();
  });

  it('refuses the first environment: CI deploys it', async () => {
    const { run } = setup({});
    await expect(
      run({ entityRef: 'component:default/ledger', environment: 'dev' }),
    ).rejects.toThrow(
      new InputError(
        "dev is component:default/ledger's first environment: its CI deploys every merge to main there. Promote into staging instead.",
      ),
    );
  });

  it('refuses an environment the service does not declare', async () => {
    const { run } = setup({});
    await expect(
      run({ entityRef: 'component:default/ledger', environment: 'qa' }),
    ).rejects.toThrow(/does not declare qa; it runs in dev, staging, prod/);
  });

  it("refuses someone else's service before reading anything", async () => {
    const { run, reads } = setup({ deny: ['groundwork.entity.change'] });
    const error = await run({
      entityRef: 'component:default/ledger',
      environment: 'staging',
    }).catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toContain(
      'user:default/maria may not promote to staging for component:default/ledger: only its owners and the platform administrators may',
    );
    expect(reads).toEqual([]);
  });

  it('refuses production to someone outside the production groups', async () => {
    const { run, reads } = setup({
      deny: ['groundwork.environment.production.change'],
      files: {
        [blob('staging')]: overlay('staging', SHA),
        [blob('prod')]: overlay('prod'),
      },
    });
    await expect(
      run({ entityRef: 'component:default/ledger', environment: 'prod' }),
    ).rejects.toThrow(NotAllowedError);
    expect(reads).toEqual([]);
  });

  it('refuses a service the catalog does not hold', async () => {
    const { run } = setup({});
    await expect(
      run({ entityRef: 'component:default/ghost', environment: 'staging' }),
    ).rejects.toThrow(NotFoundError);
  });

  it.each([
    ['a YAML line break', 'v1\n  - name: evil'],
    ['a flow mapping', '{ newName: evil.example.com/x }'],
    ['a quote', `v1" newName: "evil`],
    ['a template expression', '${{ secrets.x }}'],
  ])(
    'refuses an overlay tag with %s rather than carry it on',
    async (_what, tag) => {
      const doc = yaml.parseDocument(overlay('dev'));
      (doc.get('images') as any).items[0].set('newTag', tag);
      const { run, written } = setup({
        files: {
          [blob('dev')]: doc.toString(),
          [blob('staging')]: overlay('staging'),
        },
      });
      const error = await run({
        entityRef: 'component:default/ledger',
        environment: 'staging',
      }).catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain('is not a container image tag');
      expect(() => written('staging')).toThrow();
    },
  );

  it('refuses an overlay that is not YAML', async () => {
    const { run } = setup({
      files: {
        [blob('dev')]: 'images: [unclosed',
        [blob('staging')]: overlay('staging'),
      },
    });
    await expect(
      run({ entityRef: 'component:default/ledger', environment: 'staging' }),
    ).rejects.toThrow(/is not a Kustomization YAML mapping/);
  });

  it('says which overlay is missing', async () => {
    const { run } = setup({ files: { [blob('dev')]: overlay('dev', SHA) } });
    await expect(
      run({ entityRef: 'component:default/ledger', environment: 'staging' }),
    ).rejects.toThrow(
      new NotFoundError(
        'acme/ledger has no deploy/overlays/staging/kustomization.yaml on main; new-service renders one overlay per declared environment. Restore it and run the promotion again.',
      ),
    );
  });

  it('keeps the written overlay inside the workspace', async () => {
    const { run } = setup({});
    await expect(
      run({
        entityRef: 'component:default/ledger',
        environment: 'staging',
        targetPath: '../../elsewhere',
      }),
    ).rejects.toThrow(/leaves the workspace/);
  });

  it.each(examples.map(e => [e.description, e]))(
    'runs its example: %s',
    async (_description, example) => {
      const [step] = yaml.parse(example.example).steps;
      expect(step.action).toBe('groundwork:promotion:resolve');
      const { run } = setup({});
      await expect(
        run({
          ...step.input,
          entityRef: 'component:default/ledger',
        }),
      ).resolves.toMatchObject({ environment: 'staging', imageTag: SHA });
    },
  );
});
