import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateManagementPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  groundworkEntityChangePermission,
  groundworkProductionChangePermission,
  groundworkRequestApprovePermission,
  groundworkUserOffboardPermission,
} from '@groundwork/plugin-groundwork-common';
import { readGroundworkPermissionsConfig } from '@groundwork/plugin-groundwork-node';
import { GroundworkPermissionPolicy } from './GroundworkPermissionPolicy';

const config = readGroundworkPermissionsConfig(
  new ConfigReader({
    groundwork: {
      permissions: {
        adminGroups: ['group:default/platform'],
        approverGroups: ['group:default/security', 'platform'],
        productionGroups: ['group:default/sre'],
      },
    },
  }),
);

function user(ref: string, groups: string[]): PolicyQueryUser {
  return {
    info: { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups] },
    token: 'token',
    expiresInSeconds: 3600,
    credentials: {} as any,
  } as PolicyQueryUser;
}

const member = user('user:default/alan.turing', ['group:default/payments']);
const admin = user('user:default/ada.lovelace', ['group:default/platform']);
const approver = user('user:default/radia.perlman', ['group:default/Security']);
const sre = user('user:default/grace.hopper', ['group:default/sre']);

describe('GroundworkPermissionPolicy', () => {
  const unknown: string[] = [];
  const policy = new GroundworkPermissionPolicy(config, n => unknown.push(n));
  const decide = (permission: any, who?: PolicyQueryUser) =>
    policy.handle({ permission }, who);

  it('denies everything to a caller who is not signed in', async () => {
    for (const p of [catalogEntityReadPermission, taskCreatePermission]) {
      expect(await decide(p)).toEqual({ result: AuthorizeResult.DENY });
    }
  });

  it('lets every signed-in person read the catalog and start templates', async () => {
    for (const p of [
      catalogEntityReadPermission,
      taskCreatePermission,
      catalogLocationCreatePermission,
    ]) {
      expect((await decide(p, member)).result).toBe(AuthorizeResult.ALLOW);
    }
  });

  it('leaves changing an entity to its owners, as a catalog condition on the claims', async () => {
    for (const p of [
      groundworkEntityChangePermission,
      catalogEntityDeletePermission,
    ]) {
      expect(await decide(p, member)).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: {
            claims: ['user:default/alan.turing', 'group:default/payments'],
          },
        },
      });
    }
    expect((await decide(groundworkEntityChangePermission, admin)).result).toBe(
      AuthorizeResult.ALLOW,
    );
  });

  it("lets only a person's manager (or manager group) offboard them", async () => {
    const decision = await decide(groundworkUserOffboardPermission, member);
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      conditions: {
        anyOf: [
          {
            rule: 'HAS_ANNOTATION',
            params: {
              annotation: 'groundwork.dev/manager',
              value: 'user:default/alan.turing',
            },
          },
          {
            rule: 'HAS_ANNOTATION',
            params: {
              annotation: 'groundwork.dev/manager',
              value: 'group:default/payments',
            },
          },
        ],
      },
    });
  });

  it("keeps another person's tasks (and their logs) to administrators", async () => {
    expect(await decide(taskReadPermission, member)).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'scaffolder',
      resourceType: 'scaffolder-task',
      conditions: {
        rule: 'IS_TASK_OWNER',
        params: { createdBy: ['user:default/alan.turing'] },
      },
    });
    expect((await decide(taskReadPermission, admin)).result).toBe(
      AuthorizeResult.ALLOW,
    );
  });

  it('keeps template editing, dry runs and location removal to administrators', async () => {
    for (const p of [
      templateDryRunPermission,
      templateManagementPermission,
      catalogLocationDeletePermission,
    ]) {
      expect((await decide(p, member)).result).toBe(AuthorizeResult.DENY);
      expect((await decide(p, approver)).result).toBe(AuthorizeResult.DENY);
      expect((await decide(p, admin)).result).toBe(AuthorizeResult.ALLOW);
    }
  });

  it('lets production be changed by the production groups and administrators only', async () => {
    const p = groundworkProductionChangePermission;
    expect((await decide(p, member)).result).toBe(AuthorizeResult.DENY);
    expect((await decide(p, approver)).result).toBe(AuthorizeResult.DENY);
    expect((await decide(p, sre)).result).toBe(AuthorizeResult.ALLOW);
    expect((await decide(p, admin)).result).toBe(AuthorizeResult.ALLOW);
  });

  it('lets approvers approve, in any letter case of their group, and nobody else', async () => {
    const p = groundworkRequestApprovePermission;
    expect((await decide(p, approver)).result).toBe(AuthorizeResult.ALLOW);
    // platform is also an approver group here (written without kind and namespace).
    expect((await decide(p, admin)).result).toBe(AuthorizeResult.ALLOW);
    expect((await decide(p, sre)).result).toBe(AuthorizeResult.DENY);
    expect((await decide(p, member)).result).toBe(AuthorizeResult.DENY);
  });

  it('does not make administrators approvers unless config says so', async () => {
    const strict = new GroundworkPermissionPolicy(
      readGroundworkPermissionsConfig(
        new ConfigReader({
          groundwork: {
            permissions: {
              adminGroups: ['group:default/platform'],
              approverGroups: ['group:default/security'],
            },
          },
        }),
      ),
    );
    expect(
      (
        await strict.handle(
          { permission: groundworkRequestApprovePermission },
          admin,
        )
      ).result,
    ).toBe(AuthorizeResult.DENY);
    // Production defaults to the administrators.
    expect(
      (
        await strict.handle(
          { permission: groundworkProductionChangePermission },
          admin,
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
  });

  it("allows another plugin's reads and denies its changes, naming the permission", async () => {
    const read = createPermission({
      name: 'kubernetes.resources.read',
      attributes: { action: 'read' },
    });
    const proxy = createPermission({
      name: 'kubernetes.proxy',
      attributes: {},
    });
    expect((await decide(read, member)).result).toBe(AuthorizeResult.ALLOW);
    expect((await decide(proxy, member)).result).toBe(AuthorizeResult.DENY);
    expect(unknown).toEqual(['kubernetes.proxy']);
    expect((await decide(proxy, admin)).result).toBe(AuthorizeResult.ALLOW);
  });
});

describe('readGroundworkPermissionsConfig', () => {
  it('refuses a ref that is not a group, naming the key', () => {
    expect(() =>
      readGroundworkPermissionsConfig(
        new ConfigReader({
          groundwork: { permissions: { adminGroups: ['user:default/ada'] } },
        }),
      ),
    ).toThrow(
      'groundwork.permissions.adminGroups[0] "user:default/ada" is a user, not a Group',
    );
  });

  it('gives nobody a role when nothing is configured', () => {
    expect(readGroundworkPermissionsConfig(new ConfigReader({}))).toEqual({
      adminGroups: [],
      approverGroups: [],
      productionGroups: [],
    });
  });
});
