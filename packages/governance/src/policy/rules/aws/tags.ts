import type { JsonObject, Plan, PlanResource } from '../../../plan/types';
import {
  constantOrRootVariable,
  readExpression,
} from '../../../plan/configIndex';
import { asObject, blocks } from '../../../plan/values';
import {
  fail,
  hiddenUntilApply,
  notApplicable,
  pass,
  resourceRule,
  unknown,
} from '../helpers';
import { AWS_TAGGABLE_TYPES } from './taggableTypes';

/** Tag keys applied by a provider's `default_tags`: known keys, or hidden. */
interface DefaultTags {
  keys: Set<string>;
  hidden: boolean;
}

const defaultTagsCache = new WeakMap<Plan, Map<object | string, DefaultTags>>();

/**
 * The keys a resource's provider adds through `default_tags`, read once per
 * resource block (not per instance). Values from root variables are
 * resolved; anything else is marked hidden so the rule answers `unknown`
 * instead of guessing.
 */
function providerDefaultTags(plan: Plan, resource: PlanResource): DefaultTags {
  let cache = defaultTagsCache.get(plan);
  if (!cache) defaultTagsCache.set(plan, (cache = new Map()));
  const cfg = plan.config.resource(
    resource.configModulePath,
    resource.configAddress,
  );
  const cacheKey = cfg ?? resource.configModulePath;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const provider = plan.config.providerFor(
    resource.configModulePath,
    cfg?.providerConfigKey || 'aws',
  );
  const result: DefaultTags = { keys: new Set(), hidden: false };
  for (const block of blocks(provider?.expressions?.default_tags)) {
    const expr = readExpression(block.tags);
    if (!expr) continue;
    const tags = asObject(constantOrRootVariable(plan, expr));
    if (tags) Object.keys(tags).forEach(k => result.keys.add(k));
    else result.hidden = true;
  }
  cache.set(cacheKey, result);
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
      text: "Set the required tags on the resource, or once for all resources through the AWS provider's default_tags.",
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
      docs: [
        'https://docs.aws.amazon.com/tag-editor/latest/userguide/best-practices-and-strats.html',
      ],
    },
  },
  (resource, ctx) => {
    const required = ctx.environment.requiredTags;
    if (required.length === 0) {
      return notApplicable(
        `No required tags are configured for ${ctx.environment.name}.`,
      );
    }
    const sources: JsonObject[] = [];
    let hidden = false;
    for (const attr of ['tags_all', 'tags']) {
      const read = ctx.read(resource, [attr]);
      if (read.state === 'known') {
        const tags = asObject(read.value);
        if (tags) sources.push(tags);
        // `Owner = var.owner` unknown at plan time: the key is there, only
        // its value is not, and Terraform leaves the key out of `after`.
        const unknownValues = asObject(asObject(resource.afterUnknown)?.[attr]);
        if (unknownValues) sources.push(unknownValues);
      } else if (attr === 'tags' && read.configured) {
        hidden = true;
      }
    }
    const defaults = providerDefaultTags(ctx.plan, resource);
    const missing = required.filter(
      k => !defaults.keys.has(k) && !sources.some(t => k in t),
    );
    if (missing.length === 0)
      return pass(`All required tags present (${required.join(', ')}).`);
    if (hidden) return hiddenUntilApply('tags');
    if (defaults.hidden) {
      return unknown(
        `Missing ${missing.join(
          ', ',
        )} unless the provider's default_tags (not resolvable from the plan) supply them.`,
      );
    }
    return fail(`Missing required tags: ${missing.join(', ')}.`);
  },
);
