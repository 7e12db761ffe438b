import {
  BackstageCredentials,
  BackstageUserInfo,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import permissionPlugin from '@backstage/plugin-permission-backend';
import permissionModuleGroundworkPolicy from '@groundwork/plugin-permission-backend-module-groundwork';
import { actorPreservingMockAuth } from './auth';

/**
 * A userInfo service that answers, for each user, the groups a sign-in
 * resolver would have put in their token: what the policy decides on.
 */
export function userInfoFromMemberships(memberships: Record<string, string[]>) {
  return createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory: () => ({
      async getUserInfo(
        credentials: BackstageCredentials,
      ): Promise<BackstageUserInfo> {
        const principal = credentials.principal as {
          type: string;
          userEntityRef?: string;
        };
        if (principal.type !== 'user' || !principal.userEntityRef) {
          throw new TypeError('getUserInfo needs user credentials');
        }
        const ref = principal.userEntityRef;
        return {
          userEntityRef: ref,
          ownershipEntityRefs: [ref, ...(memberships[ref] ?? [])],
        };
      },
    }),
  });
}

/**
 * What a test backend needs for the real permission framework with
 * Groundwork's policy in place of the test default (allow everything): the
 * permission backend, the policy, the real permissions service, the
 * people's groups, and an auth that keeps the acting plugin. Set
 * `permission.enabled: true` and `groundwork.permissions` in the test config.
 */
export function groundworkPermissionFeatures(
  memberships: Record<string, string[]>,
) {
  return [
    permissionPlugin,
    permissionModuleGroundworkPolicy,
    permissionsServiceFactory,
    userInfoFromMemberships(memberships),
    actorPreservingMockAuth,
  ];
}
