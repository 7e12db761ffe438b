import {
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { parse as parseYaml } from 'yaml';
import { personaConfig } from '../__testUtils__/fixtures';
import { makeSubject } from '../__testUtils__/subject';
import {
  validateWithKubernetesModels,
  yamlObjects,
} from '../__testUtils__/kubernetesModels';
import { addArgoCdPolicies, removeArgoCdPolicies } from './argocd';
import { renderKubernetes } from './kubernetes';
import { renderTerraform } from './terraform';
import {
  buildOffboardedUserEntity,
  buildUserEntity,
  renderUserEntity,
  validateUserEntity,
} from './userEntity';

const catalogPolicies = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

async function hcl(path: string, content: string): Promise<any> {
  return parseHcl(path, content);
}

// The first test loads GitHub's 10 MB OpenAPI description (or spawns Node).
jest.setTimeout(30_000);

describe('renderers', () => {
  describe('catalog User', () => {
    it('is valid by the catalog validators and a member of the team', async () => {
      const subject = makeSubject({ persona: 'developer' });
      subject.manager = 'user:default/grace.hopper';
      const file = parseYaml(renderUserEntity(buildUserEntity(subject)));
      await expect(catalogPolicies.enforce(file)).resolves.toBeDefined();
      await expect(userEntityV1alpha1Validator.check(file)).resolves.toBe(true);
      expect(file).toMatchObject({
        kind: 'User',
        metadata: {
          name: 'Ada-L',
          title: 'Ada Lovelace',
          annotations: {
            'github.com/user-login': 'Ada-L',
            'groundwork.dev/persona': 'developer',
            'groundwork.dev/start-date': '2026-01-05',
            'groundwork.dev/manager': 'user:default/grace.hopper',
          },
        },
        spec: {
          profile: { displayName: 'Ada Lovelace', email: 'ada@acme.dev' },
          memberOf: ['group:default/payments'],
        },
      });
      const marked = buildOffboardedUserEntity(subject, '2026-06-30');
      expect(marked.spec.memberOf).toEqual([]);
      await expect(userEntityV1alpha1Validator.check(marked)).resolves.toBe(
        true,
      );
    });

    it('refuses what the catalog would refuse', async () => {
      const subject = makeSubject({
        persona: 'developer',
        person: { name: 'X', email: 'x@acme.dev', githubLogin: 'x' },
      });
      subject.userName = 'not a name!';
      await expect(
        validateUserEntity(buildUserEntity(subject)),
      ).rejects.toThrow(
        /The User entity for not a name! would not be accepted by the catalog/,
      );
    });
  });

  describe('Terraform', () => {
    it('writes AWS Identity Center, GCP and Azure IAM that parses as HCL', async () => {
      const files = renderTerraform(makeSubject({ persona: 'developer' }));
      expect(files.map(f => f.path)).toEqual([
        'iam/aws/Ada-L.tf',
        'iam/aws/Ada-L.dev.tf',
        'iam/gcp/Ada-L.staging.tf',
        'iam/azure/Ada-L.prod.tf',
      ]);
      const [identity, aws, gcp, azure] = await Promise.all(
        files.map(f => hcl(f.path, f.content)),
      );
      expect(identity.resource.aws_identitystore_user.ada_l[0]).toMatchObject({
        user_name: 'ada@acme.dev',
        display_name: 'Ada Lovelace',
        name: [{ given_name: 'Ada', family_name: 'Lovelace' }],
        emails: [{ value: 'ada@acme.dev', primary: true }],
      });
      expect(
        identity.data.aws_identitystore_group.ada_l_team[0]
          .alternate_identifier,
      ).toEqual([
        {
          unique_attribute: [
            { attribute_path: 'DisplayName', attribute_value: 'payments' },
          ],
        },
      ]);
      expect(
        identity.resource.aws_identitystore_group_membership.ada_l_team[0],
      ).toMatchObject({ member_id: '${local.ada_l_user_id}' });
      expect(
        aws.resource.aws_ssoadmin_account_assignment
          .ada_l_dev_groundworkdeveloper[0],
      ).toEqual({
        instance_arn: '${local.ada_l_instance_arn}',
        permission_set_arn:
          '${data.aws_ssoadmin_permission_set.ada_l_dev_groundworkdeveloper.arn}',
        principal_id: '${local.ada_l_user_id}',
        principal_type: 'USER',
        target_id: '111111111111',
        target_type: 'AWS_ACCOUNT',
      });
      expect(gcp.resource.google_project_iam_member).toEqual({
        ada_l_staging_roles_viewer: [
          {
            project: 'acme-staging',
            role: 'roles/viewer',
            member: 'user:ada@acme.dev',
          },
        ],
        ada_l_staging_roles_container_developer: [
          {
            project: 'acme-staging',
            role: 'roles/container.developer',
            member: 'user:ada@acme.dev',
          },
        ],
      });
      expect(Object.values(azure.resource.azurerm_role_assignment)).toEqual([
        [
          {
            scope: '/subscriptions/00000000-0000-0000-0000-000000000003',
            role_definition_name: 'Reader',
            principal_id: '${data.azuread_user.ada_l_prod.object_id}',
          },
        ],
      ]);
    });

    it('looks users up instead when the identity provider owns them', async () => {
      const [identity] = renderTerraform(
        makeSubject({
          persona: 'developer',
          environments: ['dev'],
          persona_config: { aws: { identityStore: 'lookup' } },
        }),
      );
      const parsed = await hcl(identity.path, identity.content);
      expect(parsed.resource).toBeUndefined();
      expect(parsed.data.aws_identitystore_user.ada_l[0]).toBeDefined();
      expect(identity.grants).toEqual([]);
    });

    it('cannot be made to interpolate or break out of a string', async () => {
      const subject = makeSubject({
        persona: 'developer',
        environments: ['dev'],
        person: {
          name: 'Eve "${file("/etc/passwd")}" %{if true}x%{endif} \\',
          email: 'eve@acme.dev',
          githubLogin: 'eve',
        },
      });
      const [identity] = renderTerraform(subject);
      const parsed = await hcl(identity.path, identity.content);
      // One string, quotes and backslash intact; hcl2json writes template
      // literals back in template syntax, where `$${` is the literal `${`
      // (an interpolation would have come back as `${file(...)}`).
      expect(parsed.resource.aws_identitystore_user.eve[0].display_name).toBe(
        'Eve "$${file("/etc/passwd")}" %%{if true}x%%{endif} \\',
      );
    });
  });

  describe('Kubernetes', () => {
    it("binds the team's services' namespaces in the team's folder, cluster roles in the person's file", async () => {
      const files = renderKubernetes(makeSubject({ persona: 'sre' }));
      expect(files.map(f => f.path)).toEqual([
        'kubernetes/dev/Ada-L.yaml',
        'kubernetes/dev/teams/payments/Ada-L.yaml',
        'kubernetes/staging/Ada-L.yaml',
        'kubernetes/staging/teams/payments/Ada-L.yaml',
        'kubernetes/prod/Ada-L.yaml',
        'kubernetes/prod/teams/payments/Ada-L.yaml',
      ]);
      const objects = files.flatMap(f => yamlObjects(f.content));
      expect(await validateWithKubernetesModels(objects)).toEqual([]);
      const prod = (path: string) =>
        (yamlObjects(files.find(f => f.path === path)!.content) as any[]).map(
          o => `${o.kind} ${o.metadata.namespace ?? '-'} ${o.roleRef.name}`,
        );
      expect(prod('kubernetes/prod/Ada-L.yaml')).toEqual([
        'ClusterRoleBinding - view',
      ]);
      // No namespace: the access reconciler applies it in each of them.
      expect(prod('kubernetes/prod/teams/payments/Ada-L.yaml')).toEqual([
        'RoleBinding - edit',
      ]);
      const [binding] = yamlObjects(files[5].content) as any[];
      expect(binding.subjects).toEqual([
        {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'User',
          name: 'ada@acme.dev',
        },
      ]);
      expect(binding.metadata.labels).toMatchObject({
        'groundwork.dev/persona': 'sre',
        'groundwork.dev/user': 'Ada-L',
        'groundwork.dev/team': 'payments',
      });
      expect(files[5].grants.map(g => g.target)).toEqual([
        "ClusterRole edit in every namespace of the payments team's services",
      ]);
    });

    it('binds in the named namespace when configuration names one', () => {
      const files = renderKubernetes(
        makeSubject({
          persona: 'developer',
          environments: ['dev'],
          persona_config: personaConfig({
            kubernetes: { namespace: 'team-{team}' },
          }),
        }),
      );
      expect(files.map(f => f.path)).toEqual(['kubernetes/dev/Ada-L.yaml']);
      expect(
        (yamlObjects(files[0].content) as any[]).map(
          o => `${o.kind} ${o.metadata.namespace} ${o.roleRef.name}`,
        ),
      ).toEqual(['RoleBinding team-payments edit']);
    });

    it('is checked by a validator that does fail', async () => {
      const [file] = renderKubernetes(
        makeSubject({ persona: 'developer', environments: ['dev'] }),
      );
      const [binding] = yamlObjects(file.content) as any[];
      delete binding.roleRef;
      binding.subjects[0].name = 42;
      expect(await validateWithKubernetesModels([binding])).toEqual([
        expect.stringMatching(
          /RoleBinding groundwork-persona-ada-l-edit: .*roleRef/,
        ),
      ]);
    });
  });

  describe('Argo CD policy file', () => {
    it('adds roles and bindings once, keeps others, and removes only what nobody holds', () => {
      const files = new Map<string, string>();
      const read = (p: string) => files.get(p);
      const apply = (changes: ReturnType<typeof addArgoCdPolicies>) => {
        for (const c of changes) {
          if (c.content === undefined) files.delete(c.path);
          else files.set(c.path, c.content);
        }
      };
      const ada = makeSubject({ persona: 'developer' });
      const grace = makeSubject({
        persona: 'developer',
        person: {
          name: 'Grace',
          email: 'grace@acme.dev',
          githubLogin: 'grace-h',
        },
      });
      apply(addArgoCdPolicies(ada, read));
      const once = files.get('argocd/policy.payments.csv')!;
      apply(addArgoCdPolicies(ada, read));
      expect(files.get('argocd/policy.payments.csv')).toBe(once);
      expect(once.split('\n')).toEqual(
        expect.arrayContaining([
          'p, role:payments-developer-dev, applications, sync, payments-dev/*, allow',
          'p, role:payments-developer-prod, applications, get, payments-prod/*, allow',
          'p, role:payments-developer-prod, logs, get, payments-prod/*, allow',
          'g, ada@acme.dev, role:payments-developer-dev',
          'g, ada@acme.dev, role:payments-developer-prod',
        ]),
      );
      expect(once).not.toMatch(/payments-developer-prod, applications, sync/);

      apply(addArgoCdPolicies(grace, read));
      apply(removeArgoCdPolicies(ada, read));
      const after = files.get('argocd/policy.payments.csv')!;
      expect(after).not.toContain('ada@acme.dev');
      expect(after).toContain(
        'p, role:payments-developer-dev, applications, sync, payments-dev/*, allow',
      );
      expect(after).toContain('g, grace@acme.dev, role:payments-developer-dev');

      apply(removeArgoCdPolicies(grace, read));
      expect(files.has('argocd/policy.payments.csv')).toBe(false);
    });

    it('binds the built-in readonly role for a CISO, one file per Argo CD instance', () => {
      const subject = makeSubject({ persona: 'ciso' });
      subject.environments = subject.environments.map(e => ({
        ...e,
        argocdInstance: e.production ? 'prod-argocd' : 'main',
      }));
      subject.grants = subject.grants.map(g => ({
        ...g,
        environment: subject.environments.find(
          e => e.name === g.environment.name,
        )!,
      }));
      const changes = addArgoCdPolicies(subject, () => undefined);
      expect(
        changes.map(c => [
          c.path,
          c.content!.split('\n').filter(l => !l.startsWith('#')),
        ]),
      ).toEqual([
        [
          'argocd/main/policy.payments.csv',
          ['g, ada@acme.dev, role:readonly', ''],
        ],
        [
          'argocd/prod-argocd/policy.payments.csv',
          ['g, ada@acme.dev, role:readonly', ''],
        ],
      ]);
    });
  });
});
