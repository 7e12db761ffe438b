import {
  joinAddress,
  parentModuleAddress,
  splitAddressSteps,
  splitInstanceKey,
} from './address';
import { ConfigIndex, readExpression } from './configIndex';
import type { PlanResource } from './types';

/**
 * A link that plan values cannot show: `sourceType.attribute` points at a
 * resource of one of `targetTypes` whose id is only known after apply.
 */
export interface RelationSpec {
  sourceType: string;
  attribute: string;
  targetTypes: string[];
  /** Target attributes whose known value the source attribute may equal. */
  targetKeys: string[];
}

const s3Child = (sourceType: string): RelationSpec => ({
  sourceType,
  attribute: 'bucket',
  targetTypes: ['aws_s3_bucket'],
  targetKeys: ['id', 'bucket'],
});

const sgRule = (sourceType: string): RelationSpec => ({
  sourceType,
  attribute: 'security_group_id',
  targetTypes: ['aws_security_group', 'aws_default_security_group'],
  targetKeys: ['id'],
});

/** The relations the policy pack and the estimator ask about. */
export const RELATION_SPECS: readonly RelationSpec[] = [
  s3Child('aws_s3_bucket_public_access_block'),
  s3Child('aws_s3_bucket_server_side_encryption_configuration'),
  s3Child('aws_s3_bucket_versioning'),
  s3Child('aws_s3_bucket_logging'),
  s3Child('aws_s3_bucket_acl'),
  {
    sourceType: 'aws_flow_log',
    attribute: 'vpc_id',
    targetTypes: ['aws_vpc', 'aws_default_vpc'],
    targetKeys: ['id'],
  },
  sgRule('aws_security_group_rule'),
  sgRule('aws_vpc_security_group_ingress_rule'),
  {
    sourceType: 'aws_nat_gateway',
    attribute: 'allocation_id',
    targetTypes: ['aws_eip'],
    targetKeys: ['id', 'allocation_id'],
  },
  {
    sourceType: 'aws_eip_association',
    attribute: 'allocation_id',
    targetTypes: ['aws_eip'],
    targetKeys: ['id', 'allocation_id'],
  },
  {
    sourceType: 'aws_volume_attachment',
    attribute: 'volume_id',
    targetTypes: ['aws_ebs_volume'],
    targetKeys: ['id'],
  },
  {
    sourceType: 'aws_lb_listener',
    attribute: 'load_balancer_arn',
    targetTypes: ['aws_lb', 'aws_alb'],
    targetKeys: ['arn', 'id'],
  },
];

const SPEC_BY_KEY = new Map(
  RELATION_SPECS.map(s => [`${s.sourceType}.${s.attribute}`, s]),
);

/** Only relation targets need a per-module index. */
const TARGET_TYPES = new Set(RELATION_SPECS.flatMap(s => s.targetTypes));

/** How a link was found; shown to users so they can trust (or doubt) it. */
export type LinkVia = 'reference' | 'value' | 'local';

interface Link {
  source: PlanResource;
  target: PlanResource;
  via: LinkVia;
}

interface SpecIndex {
  bySource: Map<PlanResource, Link[]>;
  byTarget: Map<PlanResource, Link[]>;
  unresolved: PlanResource[];
}

const MAX_DEPTH = 12;
const IGNORED_ROOTS = new Set([
  'each',
  'count',
  'path',
  'terraform',
  'self',
  'data',
]);

/**
 * Resolves relations from configuration references (module-relative,
 * through module inputs and outputs, and through locals), with plan values
 * as a second source. Each relation kind is indexed once, on first use,
 * in one pass over its source resources: queries are then map lookups.
 */
export class RelationIndex {
  private readonly specs = new Map<string, SpecIndex>();
  /** `moduleAddress|configAddress` → instances. */
  private readonly instances = new Map<string, PlanResource[]>();
  /** `moduleAddress|type` → instances. */
  private readonly byModuleType = new Map<string, PlanResource[]>();
  /** configModulePath → module instance addresses present in the plan. */
  private readonly moduleInstances = new Map<string, Set<string>>();

  constructor(
    resources: readonly PlanResource[],
    private readonly byType: ReadonlyMap<string, PlanResource[]>,
    private readonly config: ConfigIndex,
  ) {
    let lastModule: string | undefined;
    for (const r of resources) {
      if (TARGET_TYPES.has(r.type)) {
        push(this.instances, `${r.moduleAddress}|${r.configAddress}`, r);
        push(this.byModuleType, `${r.moduleAddress}|${r.type}`, r);
      }
      // Resources of one module instance are adjacent in plans.
      if (r.moduleAddress === lastModule) continue;
      lastModule = r.moduleAddress;
      let m = r.moduleAddress;
      let p = r.configModulePath;
      while (m) {
        let set = this.moduleInstances.get(p);
        if (!set) this.moduleInstances.set(p, (set = new Set()));
        if (set.has(m)) break;
        set.add(m);
        m = parentModuleAddress(m);
        const cut = p.lastIndexOf('.module.');
        p = cut < 0 ? '' : p.slice(0, cut);
      }
    }
  }

  /** Resources of `sourceType` whose `attribute` points at `target`. */
  referrers(
    target: PlanResource,
    sourceType: string,
    attribute: string,
  ): PlanResource[] {
    return (this.index(sourceType, attribute).byTarget.get(target) ?? []).map(
      l => l.source,
    );
  }

  /** What `source.attribute` points at. */
  targets(source: PlanResource, attribute: string): PlanResource[] {
    return (this.index(source.type, attribute).bySource.get(source) ?? []).map(
      l => l.target,
    );
  }

  /** Sources of this relation that could not be tied to any target. */
  unresolved(sourceType: string, attribute: string): PlanResource[] {
    return this.index(sourceType, attribute).unresolved;
  }

  private index(sourceType: string, attribute: string): SpecIndex {
    const key = `${sourceType}.${attribute}`;
    const cached = this.specs.get(key);
    if (cached) return cached;
    const spec = SPEC_BY_KEY.get(key);
    if (!spec) {
      throw new Error(
        `No relation is defined for ${key}; add it to RELATION_SPECS.`,
      );
    }
    const built = this.build(spec);
    this.specs.set(key, built);
    return built;
  }

  private build(spec: RelationSpec): SpecIndex {
    const result: SpecIndex = {
      bySource: new Map(),
      byTarget: new Map(),
      unresolved: [],
    };
    const targetTypes = new Set(spec.targetTypes);
    const byValue = new Map<string, PlanResource[]>();
    for (const type of spec.targetTypes) {
      for (const t of this.byType.get(type) ?? []) {
        const values = t.after ?? t.before;
        for (const k of spec.targetKeys) {
          const v = values?.[k];
          if (typeof v === 'string' && v) push(byValue, v, t);
        }
      }
    }
    for (const source of this.byType.get(spec.sourceType) ?? []) {
      if (source.mode !== 'managed') continue;
      let links: Link[] = [];
      const value = (source.after ?? source.before)?.[spec.attribute];
      if (typeof value === 'string' && byValue.has(value)) {
        links = byValue
          .get(value)!
          .map(target => ({ source, target, via: 'value' as const }));
      } else {
        const cfg = this.config.resource(
          source.configModulePath,
          source.configAddress,
        );
        const expr = readExpression(cfg?.expressions[spec.attribute]);
        if (expr && expr.references.length > 0) {
          const found = this.resolve(
            expr.references,
            source.moduleAddress,
            source.configModulePath,
            source.index,
            targetTypes,
            0,
          );
          links = found.map(f => ({ source, target: f.target, via: f.via }));
        }
      }
      if (links.length === 0) {
        result.unresolved.push(source);
        continue;
      }
      result.bySource.set(source, links);
      for (const link of links) push(result.byTarget, link.target, link);
    }
    return result;
  }

  private resolve(
    refs: string[],
    moduleAddress: string,
    configPath: string,
    key: string | number | undefined,
    targetTypes: Set<string>,
    depth: number,
  ): Array<{ target: PlanResource; via: LinkVia }> {
    if (depth > MAX_DEPTH) return [];
    // Terraform lists a reference at several depths ("a.b[0].id", "a.b[0]",
    // "a.b"); the indexed forms are the precise ones.
    const indexed = new Map<string, Set<string | number>>();
    const bare = new Set<string>();
    const out: Array<{ target: PlanResource; via: LinkVia }> = [];
    let viaLocal = false;
    for (const ref of refs) {
      const steps = splitAddressSteps(ref);
      const root = steps[0];
      if (root === 'var' && steps[1]) {
        out.push(
          ...this.throughVariable(
            steps[1],
            moduleAddress,
            configPath,
            targetTypes,
            depth,
          ),
        );
      } else if (root === 'module' && steps[1] && steps[2]) {
        out.push(
          ...this.throughOutput(
            steps[1],
            steps[2],
            moduleAddress,
            configPath,
            key,
            targetTypes,
            depth,
          ),
        );
      } else if (root === 'local') {
        viaLocal = true;
      } else if (
        !IGNORED_ROOTS.has(root) &&
        targetTypes.has(root) &&
        steps[1]
      ) {
        const { name, index } = splitInstanceKey(steps[1]);
        const addr = `${root}.${name}`;
        if (index !== undefined) {
          let set = indexed.get(addr);
          if (!set) indexed.set(addr, (set = new Set()));
          set.add(index);
        } else {
          bare.add(addr);
        }
      }
    }
    for (const [addr, keys] of indexed) {
      for (const r of this.instances.get(`${moduleAddress}|${addr}`) ?? []) {
        if (r.index !== undefined && keys.has(r.index))
          out.push({ target: r, via: 'reference' });
      }
      bare.delete(addr);
    }
    for (const addr of bare) {
      const pick = narrow(
        this.instances.get(`${moduleAddress}|${addr}`) ?? [],
        key,
      );
      if (pick) out.push({ target: pick, via: 'reference' });
    }
    // Local values' expressions are not part of the JSON plan. When a
    // reference goes through a local and nothing better was found, the only
    // resource of the expected type in the same module instance (or the one
    // with the same instance key) is taken; anything else stays unresolved.
    if (out.length === 0 && viaLocal) {
      const candidates: PlanResource[] = [];
      for (const type of targetTypes) {
        candidates.push(
          ...(this.byModuleType.get(`${moduleAddress}|${type}`) ?? []),
        );
      }
      const pick = narrow(candidates, key);
      if (pick) out.push({ target: pick, via: 'local' });
    }
    return dedupe(out);
  }

  private throughVariable(
    variable: string,
    moduleAddress: string,
    configPath: string,
    targetTypes: Set<string>,
    depth: number,
  ) {
    const call = this.config.callOf(configPath);
    if (!call || !moduleAddress) return [];
    const expr = readExpression(call.expressions[variable]);
    if (!expr || expr.references.length === 0) return [];
    const parentPath = configPath.slice(
      0,
      Math.max(0, configPath.lastIndexOf('.module.')),
    );
    const steps = splitAddressSteps(moduleAddress);
    const moduleKey = splitInstanceKey(steps[steps.length - 1]).index;
    return this.resolve(
      expr.references,
      parentModuleAddress(moduleAddress),
      parentPath,
      moduleKey,
      targetTypes,
      depth + 1,
    );
  }

  private throughOutput(
    callStep: string,
    output: string,
    moduleAddress: string,
    configPath: string,
    key: string | number | undefined,
    targetTypes: Set<string>,
    depth: number,
  ) {
    const { name, index } = splitInstanceKey(callStep);
    const childPath = configPath
      ? `${configPath}.module.${name}`
      : `module.${name}`;
    const refs = this.config.module(childPath)?.outputs.get(output);
    if (!refs || refs.length === 0) return [];
    const prefix = joinAddress(moduleAddress, `module.${name}`);
    const instances = [...(this.moduleInstances.get(childPath) ?? [])].filter(
      m => m === prefix || m.startsWith(`${prefix}[`),
    );
    const wanted = index ?? key;
    const chosen =
      instances.length === 1
        ? instances
        : instances.filter(
            m => splitInstanceKey(splitAddressSteps(m).pop()!).index === wanted,
          );
    return chosen.flatMap(m =>
      this.resolve(refs, m, childPath, undefined, targetTypes, depth + 1),
    );
  }
}

function narrow(candidates: PlanResource[], key: string | number | undefined) {
  if (candidates.length === 1) return candidates[0];
  if (key === undefined) return undefined;
  const same = candidates.filter(c => c.index === key);
  return same.length === 1 ? same[0] : undefined;
}

function dedupe<T extends { target: PlanResource }>(links: T[]): T[] {
  const seen = new Set<PlanResource>();
  return links.filter(l =>
    seen.has(l.target) ? false : (seen.add(l.target), true),
  );
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
