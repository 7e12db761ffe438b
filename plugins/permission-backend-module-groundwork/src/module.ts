import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { readGroundworkPermissionsConfig } from '@groundwork/plugin-groundwork-node';
import { GroundworkPermissionPolicy } from './policy/GroundworkPermissionPolicy';

/**
 * Installs Groundwork's default permission policy into the permission
 * backend, with its groups from `groundwork.permissions`. It says at start
 * who holds which role, so a misconfiguration shows in the first log lines.
 */
export const permissionModuleGroundworkPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'groundwork-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ policy, config, logger }) {
        const groups = readGroundworkPermissionsConfig(config);
        const list = (refs: string[]) => refs.join(', ') || 'nobody';
        logger.info(
          `Groundwork permission policy: administrators ${list(
            groups.adminGroups,
          )}; approvers ${list(groups.approverGroups)}; production ${list(
            groups.productionGroups,
          )}.`,
        );
        if (groups.adminGroups.length === 0) {
          logger.warn(
            'groundwork.permissions.adminGroups is empty: nobody can edit templates, run dry runs or act on entities they do not own.',
          );
        }
        const warned = new Set<string>();
        policy.setPolicy(
          new GroundworkPermissionPolicy(groups, name => {
            if (warned.has(name)) return;
            warned.add(name);
            logger.warn(
              `Denied ${name} to a non-administrator: Groundwork's policy has no rule for it. Extend the policy (plugins/permission-backend-module-groundwork/README.md) if people should have it.`,
            );
          }),
        );
      },
    });
  },
});
