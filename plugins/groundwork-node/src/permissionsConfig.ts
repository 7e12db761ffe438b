import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';

/** `groundwork.permissions`, as the policy reads it: group refs, lower case. */
export interface GroundworkPermissionsConfig {
  adminGroups: string[];
  approverGroups: string[];
  productionGroups: string[];
}

function groupRefs(
  config: Config | undefined,
  key: string,
): string[] | undefined {
  const values = config?.getOptionalStringArray(key);
  if (values === undefined) return undefined;
  return values.map((value, i) => {
    let ref;
    try {
      ref = parseEntityRef(value, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      });
    } catch (e) {
      throw new TypeError(
        `groundwork.permissions.${key}[${i}] "${value}" is not an entity ref; write a group as group:default/platform.`,
      );
    }
    if (ref.kind.toLocaleLowerCase('en-US') !== 'group') {
      throw new TypeError(
        `groundwork.permissions.${key}[${i}] "${value}" is a ${ref.kind}, not a Group; the policy grants roles to groups.`,
      );
    }
    // Entity refs compare case-insensitively in the catalog.
    return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
  });
}

/**
 * Reads `groundwork.permissions`. Missing lists are empty (nobody has the
 * role), except `productionGroups`, which defaults to the administrators.
 */
export function readGroundworkPermissionsConfig(
  config: Config,
): GroundworkPermissionsConfig {
  const c = config.getOptionalConfig('groundwork.permissions');
  const adminGroups = groupRefs(c, 'adminGroups') ?? [];
  return {
    adminGroups,
    approverGroups: groupRefs(c, 'approverGroups') ?? [],
    productionGroups: groupRefs(c, 'productionGroups') ?? adminGroups,
  };
}
