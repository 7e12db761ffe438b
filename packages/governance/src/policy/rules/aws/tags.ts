import type { JsonObject, JsonValue, Plan, PlanResource } from '../../../plan/types';
import { readExpression } from '../../../plan/configIndex';
import { asObject, blocks } from '../../../plan/values';
import { fail, hiddenUntilApply, notApplicable, pass, resourceRule, unknown } from '../helpers';
import { AWS_TAGGABLE_TYPES } from './taggableTypes';

/** Tag keys applied by a provider's `default_tags`: known keys, or hidden. */
interface DefaultTags {
  keys: Set<string>;
  hidden: boolean;
}

const defaultTagsCache = new WeakMap<Plan, Map<string, DefaultTags>>();

/**
 * The keys a resource's provider adds through `default_tags`, read once per
 * provider block. Values from root variables are resolved; anything else
 * is marked hidden so the rule answers `unknown` instead of guessing.
 */
function providerDefaultTags(plan: Plan, resource: PlanResource): DefaultTags {
  let cache = defaultTagsCache.get(plan);
  if (!cache) defaultTagsCache.set(plan, (cache = new Map()));
  const cfg = plan.config.resource(resource.configModulePath, resource.configAddress);
  const provider = plan.config.providerFor(
    resource.configModulePath,
    cfg?.providerConfigKey || 'aws',
  );
  const key = provider?.key ?? '';
  const cached = cache.get(key);
  if (cached) return cached;
  const result: DefaultTags = { keys: new Set(), hidden: false };
  for (const block of blocks(provider?.expressions?.default_tags)) {
    const expr = readExpression(block.tags);
    if (!expr) continue;
    let value: JsonValue | undefined = expr.hasConstant ? expr.constantValue : undefined;
    if (value === undefined) {
      const variable = expr.references.find(r => r.startsWith('var.'));
      value = variable ? plan.variableValues[variable.slice(4)] : undefined;
    }
    const tags = asObject(value);
    if (tags) Object.keys(tags).forEach(k => result.keys.add(k));
    else result.hidden = true;
  }
  cache.set(key, result);
  return result;
}

export const mandatoryTags = resourceRule(
  {
    id: 'GW-AWS-001',
    title: 'Resources carry the mandatory tags',
    severity: 'medium',
    resourceTypes: [...AWS_TAGGABLE_TYPES],
    rationale:
      'Cost allocation, ownership and incident response rely on tags. An untagged resource has ' +
      'no owner to page and no budget line to charge.',
    remediation: {
      text: 'Set the required tags on the resource, or once for all resources through the AWS provider\'s default_tags.',
      terraform: [
        'provider "aws" {',
        '  default_tags {',
        '    tags = {',
        '      Owner       = "team-payments"',
        '      Environment = "prod"',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    },
    references: {
      docs: ['https://docs.aws.amazon.com/tag-editor/latest/userguide/best-practices-and-strats.html'],
    },
  },
  (resource, ctx) => {
    const required = ctx.environment.requiredTags;
    if (required.length === 0) {
      return notApplicable(`No required tags are configured for ${ctx.environment.name}.`);
    }
    const present = new Set<string>();
    let hidden = false;
    for (const attr of ['tags_all', 'tags']) {
      const read = ctx.read(resource, [attr]);
      if (read.state === 'known') {
        Object.keys(asObject(read.value) ?? ({} as JsonObject)).forEach(k => present.add(k));
      } else if (attr === 'tags' && read.configured) {
        hidden = true;
      }
    }
    const defaults = providerDefaultTags(ctx.plan, resource);
    defaults.keys.forEach(k => present.add(k));
    const missing = required.filter(k => !present.has(k));
    if (missing.length === 0) return pass(`All required tags present (${required.join(', ')}).`);
    if (hidden) return hiddenUntilApply('tags');
    if (defaults.hidden) {
      return unknown(
        `Missing ${missing.join(', ')} unless the provider's default_tags (not resolvable from the plan) supply them.`,
      );
    }
    return fail(`Missing required tags: ${missing.join(', ')}.`);
  },
);
