/*
 * The backend the benchmark loads: Backstage's own createBackend with its
 * default services (real token issuing and verification, the permission
 * backend over HTTP, the database from config), the auth backend with guest
 * sign-in, and this plugin. The permission policy answers catalog reads with
 * a condition (owned by the user, or of kind component), so every request
 * takes the conditional path, not the allow-all shortcut.
 */
import { createBackend } from '@backstage/backend-defaults';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

class BenchPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (
      isPermission(request.permission, catalogEntityReadPermission) &&
      isResourcePermission(request.permission, 'catalog-entity')
    ) {
      return createCatalogConditionalDecision(request.permission, {
        anyOf: [
          catalogConditions.isEntityOwner({
            claims: user?.info.ownershipEntityRefs ?? [],
          }),
          catalogConditions.isEntityKind({ kinds: ['component'] }),
        ],
      });
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

const benchPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'bench-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new BenchPolicy());
      },
    });
  },
});

const backend = createBackend();
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(benchPolicy);
backend.add(import('../src'));
backend.start();
