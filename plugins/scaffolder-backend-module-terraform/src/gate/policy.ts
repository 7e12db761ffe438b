import { InputError, NotAllowedError } from '@backstage/errors';
import {
  listRules,
  loadPolicyFile,
  parsePolicy,
  PolicyFile,
  PolicyFileError,
  resolveEnvironment,
  RuleOverride,
  Severity,
  SEVERITY_RANK,
  Waiver,
} from '@groundwork/governance';
import type { InputOverrides } from '../config';

/** The `policy` input of a step. */
export interface PolicyInput {
  /** A policy file in the task workspace (already resolved to an absolute path). */
  file?: string;
  blockingThreshold?: Severity;
  unknownBlocks?: boolean;
  requiredTags?: string[];
  rules?: Record<string, RuleOverride>;
  waivers?: Waiver[];
}

export interface EffectivePolicy {
  policy: PolicyFile;
  threshold: Severity;
  /** Where the base came from, for the log. */
  sources: string[];
}

const DEFAULT_SEVERITY = new Map(listRules().map(r => [r.id, r.severity]));

async function load(file: string, what: string): Promise<PolicyFile> {
  try {
    return await loadPolicyFile(file);
  } catch (e) {
    if (e instanceof PolicyFileError)
      throw new InputError(`${what}: ${e.message}`);
    throw new InputError(
      `${what} ${file} could not be read (${
        (e as Error).message
      }); fix the path in app-config or the step.`,
    );
  }
}

/**
 * The policy the gate applies in one environment: the configured policy
 * file, the environment's production flag (from groundwork.environments)
 * and threshold override (from terraform.environments), then the step's
 * overrides, which may only tighten it unless config allows more.
 */
export async function effectivePolicy(options: {
  environment: string;
  production: boolean;
  configFile?: string;
  configThreshold?: Severity;
  input?: PolicyInput;
  inputOverrides: InputOverrides;
}): Promise<EffectivePolicy> {
  const { environment } = options;
  const sources: string[] = [];
  const base: PolicyFile = options.configFile
    ? await load(options.configFile, 'The policy file of app-config')
    : { version: 1 };
  if (options.configFile) sources.push(options.configFile);
  const envBase = base.environments?.[environment] ?? {};
  const threshold =
    options.configThreshold ??
    envBase.blockingThreshold ??
    (options.production ? 'high' : 'critical');
  if (options.configThreshold) {
    sources.push(`terraform.environments.${environment}.gateThreshold`);
  }
  const merged: PolicyFile = {
    ...base,
    environments: {
      ...base.environments,
      [environment]: {
        ...envBase,
        production: options.production,
        blockingThreshold: threshold,
      },
    },
  };

  const overrides = await inputOverrides(
    options.input,
    environment,
    base.customRules,
  );
  if (!overrides) return { policy: merged, threshold, sources };
  if (options.inputOverrides === 'none') {
    throw new NotAllowedError(
      'This portal does not let a step change the policy (terraform.policy.inputOverrides is "none"); remove the "policy" input, or ask the platform team to change the environment policy.',
    );
  }
  if (options.inputOverrides === 'tighten') {
    const loosened = loosenings(merged, environment, overrides);
    if (loosened.length > 0) {
      throw new NotAllowedError(
        `The step's policy may only make the gate stricter (terraform.policy.inputOverrides is "tighten"), but it would ${loosened.join(
          '; ',
        )}. Request a waiver in the portal (Requests) instead: once approved, the gate applies it without a step override.`,
      );
    }
  }
  const current = resolveEnvironment(merged, environment);
  const envSection = merged.environments![environment];
  const rules = { ...envSection.rules };
  for (const [id, o] of Object.entries(overrides.rules ?? {})) {
    rules[id] = { ...rules[id], ...o };
  }
  const finalThreshold = overrides.blockingThreshold ?? threshold;
  sources.push('the step\'s "policy" input');
  return {
    policy: {
      ...merged,
      environments: {
        ...merged.environments,
        [environment]: {
          ...envSection,
          blockingThreshold: finalThreshold,
          unknownBlocks: overrides.unknownBlocks ?? current.unknownBlocks,
          requiredTags: overrides.requiredTags ?? envSection.requiredTags,
          rules,
        },
      },
      waivers: [...(merged.waivers ?? []), ...(overrides.waivers ?? [])],
    },
    threshold: finalThreshold,
    sources,
  };
}

/** The input as one set of overrides, validated with the policy schema. */
async function inputOverrides(
  input: PolicyInput | undefined,
  environment: string,
  customRules: PolicyFile['customRules'],
): Promise<PolicyInput | undefined> {
  if (!input) return undefined;
  const { file, ...inline } = input;
  let fromFile: PolicyInput = {};
  if (file) {
    const doc = await load(file, 'The policy file of the step');
    const env = doc.environments?.[environment] ?? {};
    fromFile = {
      blockingThreshold: env.blockingThreshold,
      unknownBlocks: env.unknownBlocks,
      requiredTags: env.requiredTags ?? doc.requiredTags,
      rules: { ...doc.rules, ...env.rules },
      waivers: (doc.waivers ?? []).filter(
        w => !w.environments || w.environments.includes(environment),
      ),
    };
  }
  const combined: PolicyInput = {
    blockingThreshold: inline.blockingThreshold ?? fromFile.blockingThreshold,
    unknownBlocks: inline.unknownBlocks ?? fromFile.unknownBlocks,
    requiredTags: inline.requiredTags ?? fromFile.requiredTags,
    rules: { ...fromFile.rules, ...inline.rules },
    waivers: [...(fromFile.waivers ?? []), ...(inline.waivers ?? [])],
  };
  // Unknown rule ids, bad dates and severities get the policy file's own messages.
  try {
    parsePolicy(
      JSON.stringify({
        version: 1,
        // The team rules of app-config's policy file may be named too; a
        // step's own file never adds rules (only its overrides are read).
        ...(customRules && { customRules }),
        ...(combined.requiredTags && { requiredTags: combined.requiredTags }),
        rules: combined.rules,
        waivers: combined.waivers,
        environments: {
          [environment]: {
            ...(combined.blockingThreshold && {
              blockingThreshold: combined.blockingThreshold,
            }),
            ...(combined.unknownBlocks !== undefined && {
              unknownBlocks: combined.unknownBlocks,
            }),
          },
        },
      }),
      "the step's policy input",
    );
  } catch (e) {
    if (e instanceof PolicyFileError) throw new InputError(e.message);
    throw e;
  }
  const empty =
    !combined.blockingThreshold &&
    combined.unknownBlocks === undefined &&
    !combined.requiredTags &&
    Object.keys(combined.rules ?? {}).length === 0 &&
    (combined.waivers ?? []).length === 0;
  return empty ? undefined : combined;
}

/** What an override would relax, as phrases; empty when it only tightens. */
export function loosenings(
  base: PolicyFile,
  environment: string,
  overrides: PolicyInput,
): string[] {
  const env = resolveEnvironment(base, environment);
  const out: string[] = [];
  if (
    overrides.blockingThreshold &&
    SEVERITY_RANK[overrides.blockingThreshold] > SEVERITY_RANK[env.threshold]
  ) {
    out.push(
      `raise the blocking threshold from ${env.threshold} to ${overrides.blockingThreshold}`,
    );
  }
  if (overrides.unknownBlocks === false && env.unknownBlocks) {
    out.push('stop unknown values from blocking');
  }
  for (const [id, o] of Object.entries(overrides.rules ?? {})) {
    const current = env.overrides.get(id);
    if (o.enabled === false && current?.enabled !== false)
      out.push(`disable ${id}`);
    const severity =
      current?.severity ??
      DEFAULT_SEVERITY.get(id) ??
      base.customRules?.find(r => r.id === id)?.severity;
    if (
      o.severity &&
      severity &&
      SEVERITY_RANK[o.severity] < SEVERITY_RANK[severity]
    ) {
      out.push(`lower ${id} from ${severity} to ${o.severity}`);
    }
  }
  if (overrides.requiredTags) {
    const missing = env.requiredTags.filter(
      t => !overrides.requiredTags!.includes(t),
    );
    if (missing.length > 0)
      out.push(`drop required tags ${missing.join(', ')}`);
  }
  for (const w of overrides.waivers ?? []) {
    out.push(`waive ${w.rule} for ${w.resource}`);
  }
  return out;
}
