import request from 'supertest';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  AuthorizeResult,
  isPermission,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  actorPreservingMockAuth,
  createTestCatalog,
  userInfoFromMemberships,
} from '@groundwork/backend-test-utils';
import { parse } from '@cdktf/hcl2json';
import groundworkModule from './index';

const ENTITIES = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: payments }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: security }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: payments-api }
spec: { type: service, lifecycle: production, owner: group:default/payments }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: vault-broker }
spec: { type: service, lifecycle: production, owner: group:default/security }
`;

jest.setTimeout(60_000);

const ALAN = 'user:default/alan.turing';

/**
 * A policy under which Alan may do anything but read vault-broker (the
 * catalog applies the condition): the entity he cannot see, whose name he
 * must still not be able to take.
 */
class VaultBrokerHiddenFromAlan implements PermissionPolicy {
  async handle(query: PolicyQuery, user?: PolicyQueryUser) {
    if (
      isPermission(query.permission, catalogEntityReadPermission) &&
      user?.info.userEntityRef === ALAN
    ) {
      return createCatalogConditionalDecision(query.permission, {
        not: catalogConditions.hasMetadata({
          key: 'name',
          value: 'vault-broker',
        }),
      });
    }
    return { result: AuthorizeResult.ALLOW } as const;
  }
}

const testPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'vault-broker-hidden',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new VaultBrokerHiddenFromAlan());
      },
    });
  },
});

const template = (steps: unknown[], output?: object) => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'groundwork-module-test' },
  spec: { owner: 'group:default/payments', type: 'service', steps, output },
});

const requireNew = (entityRef: string, output?: object) =>
  template(
    [
      {
        id: 'require-new',
        name: 'Check that the name is free',
        action: 'groundwork:entity:require-new',
        input: { entityRef },
      },
    ],
    output,
  );

const file = (p: string, text: string) => ({
  path: p,
  base64Content: Buffer.from(text).toString('base64'),
});

describe('the Groundwork scaffolder module in a backend', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const catalog = createTestCatalog(ENTITIES);

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        scaffolderPlugin,
        groundworkModule,
        permissionPlugin,
        testPolicy,
        permissionsServiceFactory,
        userInfoFromMemberships({ [ALAN]: ['group:default/payments'] }),
        actorPreservingMockAuth,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            permission: { enabled: true },
            catalog: catalog.config,
          },
        }),
      ],
    });
    await catalog.ready(backend.server);
  });

  afterAll(async () => {
    await backend?.stop();
    catalog.remove();
  });

  const dryRun = (body: object) =>
    request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header(ALAN))
      .send({ values: {}, directoryContents: [], ...body });

  describe('groundwork:entity:require-new', () => {
    it('refuses an entity the person starting the task cannot even read, naming it and its owner', async () => {
      const hidden = await request(backend.server)
        .get('/api/catalog/entities/by-name/component/default/vault-broker')
        .set('Authorization', mockCredentials.user.header(ALAN));
      expect(hidden.status).toBe(404);

      const res = await dryRun({
        template: requireNew('component:default/vault-broker'),
      });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({
        name: 'ConflictError',
        message:
          'component:default/vault-broker already exists in the catalog, owned by group:default/security. Choose another name; to change component:default/vault-broker itself, ask group:default/security or use a template made for changing it.',
      });
    });

    it('refuses an entity the person can read', async () => {
      const res = await dryRun({
        template: requireNew('component:default/payments-api'),
      });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(
        /^component:default\/payments-api already exists in the catalog, owned by group:default\/payments\./,
      );
    });

    it('lets a new name through, and gives later steps the reference', async () => {
      const res = await dryRun({
        template: requireNew('component:default/ledger-api', {
          ref: "${{ steps['require-new'].output.entityRef }}",
        }),
      });
      expect(res.status).toBe(200);
      expect(res.body.output).toEqual({ ref: 'component:default/ledger-api' });
    });
  });

  describe('the hcl filter', () => {
    it('is what fetch:template renders Terraform values with: the hostile ones parse as the literal they are', async () => {
      const owner =
        'x${file("/etc/hostname")}"\n%{ if true }y%{ endif }\\$${z}';
      const res = await dryRun({
        template: template([
          {
            id: 'render',
            name: 'Render',
            action: 'fetch:template',
            input: {
              url: './skeleton',
              values: {
                owner: '${{ parameters.owner }}',
                tags: '${{ parameters.tags }}',
                budget: '${{ parameters.budget }}',
              },
            },
          },
        ]),
        values: {
          owner,
          // (A __proto__ key never gets this far: the templating engine
          // refuses it. hclLiteral's own tests write one, quoted.)
          tags: { Owner: owner, Team: 'payments', Note: '__proto__' },
          budget: 150,
        },
        directoryContents: [
          file(
            'skeleton/main.tf',
            [
              'locals {',
              '  owner   = ${{ values.owner | hcl }}',
              '  tags    = ${{ values.tags | hcl }}',
              '  budget  = ${{ values.budget | hcl }}',
              '  missing = ${{ values.missing | hcl }}',
              "  key     = ${{ ('component/default/' ~ values.owner ~ '/dev.tfstate') | hcl }}",
              '}',
              '',
            ].join('\n'),
          ),
        ],
      });
      expect([res.status, res.body.error]).toEqual([200, undefined]);
      const main = Buffer.from(
        res.body.directoryContents.find((f: any) => f.path === 'main.tf')
          .base64Content,
        'base64',
      ).toString('utf8');
      // hcl2json writes a literal as Terraform's JSON syntax does: `${`
      // and `%{` doubled. A single one would be an interpolation.
      const asLiteral = (v: string) => v.replace(/([$%])\{/g, '$1$1{');
      const { locals } = await parse('main.tf', main);
      expect(locals[0]).toEqual({
        owner: asLiteral(owner),
        tags: { Owner: asLiteral(owner), Team: 'payments', Note: '__proto__' },
        budget: 150,
        missing: null,
        key: asLiteral(`component/default/${owner}/dev.tfstate`),
      });
    });

    it('is listed, with its description and examples, for the template editor', async () => {
      const res = await request(backend.server)
        .get('/api/scaffolder/v2/templating-extensions')
        .set('Authorization', mockCredentials.user.header(ALAN));
      expect(res.status).toBe(200);
      expect(res.body.filters.hcl).toMatchObject({
        description: expect.stringContaining('Terraform'),
        examples: expect.arrayContaining([
          expect.objectContaining({
            example: 'owner = ${{ values.owner | hcl }}',
          }),
        ]),
      });
    });
  });

  describe('the platform add-on globals', () => {
    it('give a step input and fetch:template the rows, the names for a cloud and the project as values, not strings', async () => {
      const res = await dryRun({
        template: template([
          {
            id: 'render',
            name: 'Render',
            action: 'fetch:template',
            input: {
              url: './skeleton',
              values: {
                rows: '${{ platformAddons(parameters.addons) }}',
                // Velero with its backups and the store, on Azure too.
                azure:
                  "${{ platformAddonNames(['velero', 'external-secrets'], 'azure') }}",
                // Azure's client id, known after apply, as a patch.
                patched:
                  "${{ platformAddonsKustomize('dev', { external_secrets_client_id: '3f0c2a51-8d4e-4c1b-9a7e-2b6d5f8e1c90' }) }}",
                // The form's choice of the mesh: on by default (staging,
                // production), refused here.
                meshed:
                  '${{ platformAddonChoice(parameters.addons, parameters.serviceMesh, true) }}',
                unmeshed:
                  "${{ platformAddonChoice(parameters.addons, 'off', true) }}",
                project:
                  "${{ platformAddonsProject('https://github.com/acme/platform-dev.git', 'https://kubernetes.default.svc', 'dev') }}",
              },
            },
          },
        ]),
        values: { addons: ['kube-prometheus-stack'] },
        directoryContents: [
          file(
            'skeleton/out.txt',
            '${{ values.rows | join(",", "name") }}|${{ values.project.sourceRepos | length }}|${{ values.azure | join(",") }}|${{ values.meshed | join(",") }}|${{ values.unmeshed | join(",") }}|${{ values.patched.patches[0].target.name }}\n',
          ),
        ],
      });
      expect([res.status, res.body.error]).toEqual([200, undefined]);
      const out = Buffer.from(
        res.body.directoryContents.find((f: any) => f.path === 'out.txt')
          .base64Content,
        'base64',
      ).toString('utf8');
      // The GitOps repository and the ten chart repositories of the table
      // (Loki and Tempo share the Grafana community's, Istio's four charts
      // Istio's).
      expect(out).toBe(
        'external-secrets,secret-store,grafana-admin,alertmanager-smtp,kube-prometheus-stack|11|external-secrets,velero,backups,secret-store|kube-prometheus-stack,istiod|kube-prometheus-stack|external-secrets-dev\n',
      );
    });
  });
});
