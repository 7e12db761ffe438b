import { parsePlan } from '../plan/parsePlan';
import type { JsonObject, Plan } from '../plan/types';

/**
 * One resource of a plan derived in a test, in the shape `terraform show
 * -json` prints: `after` without the values that are unknown,
 * `after_unknown` marking them, `before` for existing resources, and the
 * configuration's expressions for the same resource block.
 */
export interface ResourceSpec {
  type: string;
  name?: string;
  action?: 'create' | 'no-op' | 'update' | 'delete';
  after: JsonObject | null;
  before?: JsonObject;
  unknown?: JsonObject;
  config?: JsonObject;
  /** Provider block key, e.g. `aws.west`; defaults to the type's provider. */
  provider?: string;
}

export const addressOf = (s: ResourceSpec) => `${s.type}.${s.name ?? 'x'}`;

/** A format 1.2 plan of the given root-module resources and provider blocks. */
export function planOf(
  specs: ResourceSpec[],
  providers: Record<string, JsonObject> = { aws: {} },
): Plan {
  const cloud = (type: string) => type.split('_')[0];
  return parsePlan(
    JSON.stringify({
      format_version: '1.2',
      terraform_version: '1.9.5',
      resource_changes: specs.map(s => ({
        address: addressOf(s),
        mode: 'managed',
        type: s.type,
        name: s.name ?? 'x',
        provider_name: `registry.terraform.io/hashicorp/${cloud(s.type)}`,
        change: {
          actions: [s.action ?? 'create'],
          before: s.before ?? (s.action === 'no-op' ? s.after : null),
          after: s.after,
          after_unknown: s.unknown ?? {},
        },
      })),
      configuration: {
        provider_config: Object.fromEntries(
          Object.entries(providers).map(([key, expressions]) => [
            key,
            { name: key.split('.')[0], expressions },
          ]),
        ),
        root_module: {
          resources: specs.map(s => ({
            address: addressOf(s),
            mode: 'managed',
            type: s.type,
            name: s.name ?? 'x',
            provider_config_key: s.provider ?? cloud(s.type),
            expressions: s.config ?? {},
          })),
        },
      },
    }),
  );
}
