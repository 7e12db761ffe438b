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
import type { RuleOutcome } from '../../types';
import { AWS_TAGGABLE_TYPES } from './taggableTypes';

/** Tag keys applied by a provider's `default_tags`: known keys, or hidden. */
interface DefaultTags {
  keys: Set<string>;
  hidden: boolean;
}

/** Per resource block (or module path, without configuration): its default tags. */
const defaultTagsCache = new WeakMap<object, DefaultTags>();
const defaultTagsByPath = new WeakMap<Plan, Map<string, DefaultTags>>();

/**
 * The keys a resource's provider adds through `default_tags`, read once per
 * resource block (not per instance). Values from root variables are
 * resolved; anything else is marked hidden so the rule answers `unknown`
 * instead of guessing.
 */
function providerDefaultTags(plan: Plan, resource: PlanResource): DefaultTags {
  const cfg = plan.config.resourceOf(resource);
  let byPath: Map<string, DefaultTags> | undefined;
  if (cfg) {
    const cached = defaultTagsCache.get(cfg);
    if (cached) return cached;
  } else {
    byPath = defaultTagsByPath.get(plan);
    if (!byPath) defaultTagsByPath.set(plan, (byPath = new Map()));
    const cached = byPath.get(resource.configModulePath);
    if (cached) return cached;
  }
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
  if (cfg) defaultTagsCache.set(cfg, result);
  else byPath!.set(resource.configModulePath, result);
  return result;
}

const TAGS_ALL = ['tags_all'];
const TAGS = ['tags'];

/** Whether a tag key is set: in the values, or present with a value unknown until apply. */
function hasKey(
  key: string,
  values: JsonObject | undefined,
  unknownValues: JsonObject | undefined,
): boolean {
  return (
    (values !== undefined && key in values) ||
    (unknownValues !== undefined && key in unknownValues)
  );
}

/** The pass outcome per required-tags list: findings copy it, never change it. */
const passOutcomes = new WeakMap<readonly string[], RuleOutcome>();

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
    // `Owner = var.owner` unknown at plan time: the key is there, only its
    // value is not, and Terraform leaves the key out of `after`.
    const unknownMask = asObject(resource.afterUnknown);
    let tagsAll: JsonObject | undefined;
    let tagsAllUnknown: JsonObject | undefined;
    let tags: JsonObject | undefined;
    let tagsUnknown: JsonObject | undefined;
    let hidden = false;
    const all = ctx.read(resource, TAGS_ALL);
    if (all.state === 'known') {
      tagsAll = asObject(all.value);
      tagsAllUnknown = asObject(unknownMask?.tags_all);
    }
    const own = ctx.read(resource, TAGS);
    if (own.state === 'known') {
      tags = asObject(own.value);
      tagsUnknown = asObject(unknownMask?.tags);
    } else if (own.configured) {
      hidden = true;
    }
    const defaults = providerDefaultTags(ctx.plan, resource);
    let missing: string[] | undefined;
    for (let i = 0; i < required.length; i++) {
      const k = required[i];
      if (
        !defaults.keys.has(k) &&
        !hasKey(k, tagsAll, tagsAllUnknown) &&
        !hasKey(k, tags, tagsUnknown)
      )
        (missing ??= []).push(k);
    }
    if (!missing) {
      let outcome = passOutcomes.get(required);
      if (!outcome) {
        outcome = pass(`All required tags present (${required.join(', ')}).`);
        passOutcomes.set(required, outcome);
      }
      return outcome;
    }
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
