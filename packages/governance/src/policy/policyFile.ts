import { promises as fs } from 'fs';
import { LineCounter, parseDocument } from 'yaml';
import { customRuleIds, validateCustomRules } from './custom/validate';
import type { CustomRuleSpec } from './custom/types';
import { RULES_BY_ID } from './rules';
import { POLICY_JSON_SCHEMA, SchemaIssue, validateNode } from './schema';
import type { Severity, Waiver } from './types';

/** Turns a rule on or off, or re-rates it. */
export interface RuleOverride {
  enabled?: boolean;
  severity?: Severity;
}

export interface EnvironmentPolicy {
  /** Whether production-only rules apply; defaults to true for `prod`/`production`. */
  production?: boolean;
  /** Failures at or above this severity block; default high in production, critical elsewhere. */
  blockingThreshold?: Severity;
  /** Whether `unknown` verdicts at or above the threshold block as well (default false). */
  unknownBlocks?: boolean;
  /** Replaces the top-level requiredTags for this environment. */
  requiredTags?: string[];
  /** Merged over the top-level rules for this environment. */
  rules?: Record<string, RuleOverride>;
}

/** A policy file (YAML or JSON). See POLICY_JSON_SCHEMA and the README. */
export interface PolicyFile {
  version: 1;
  requiredTags?: string[];
  rules?: Record<string, RuleOverride>;
  environments?: Record<string, EnvironmentPolicy>;
  waivers?: Waiver[];
  /** The team's own rules, as data; see src/policy/custom and the README. */
  customRules?: CustomRuleSpec[];
}

/** A policy file that does not validate; `issues` carry line numbers. */
export class PolicyFileError extends Error {
  readonly issues: SchemaIssue[];
  readonly filename: string;

  constructor(filename: string, unsorted: SchemaIssue[]) {
    const issues = [...unsorted].sort(
      (a, b) => a.line - b.line || a.column - b.column,
    );
    const lines = issues.map(
      i => `  ${filename}:${i.line}:${i.column} ${i.path}: ${i.message}`,
    );
    super(`The policy file ${filename} is not valid:\n${lines.join('\n')}`);
    this.name = 'PolicyFileError';
    this.issues = issues;
    this.filename = filename;
  }
}

/** Edit distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(
        row[j] + 1,
        row[j - 1] + 1,
        prev + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      prev = current;
    }
  }
  return row[b.length];
}

/** The known rule id closest to `id`. */
export function closestRuleId(id: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const known of RULES_BY_ID.keys()) {
    const d = distance(id.toUpperCase(), known);
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return best;
}

function checkRuleId(
  id: string,
  custom: ReadonlySet<string>,
): string | undefined {
  if (RULES_BY_ID.has(id) || custom.has(id)) return undefined;
  const suggestion = closestRuleId(id);
  return `unknown rule id "${id}"${
    suggestion ? ` (did you mean ${suggestion}?)` : ''
  }; run \`groundwork-governance rules\` to list them`;
}

/**
 * Parses and validates a policy file. JSON is read by the same parser
 * (JSON is YAML), so both get line numbers in errors.
 */
export function parsePolicy(text: string, filename = 'policy'): PolicyFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const syntax: SchemaIssue[] = doc.errors.map(e => {
    const { line, col } = lines.linePos(e.pos[0]);
    return { line, column: col, path: '/', message: e.message.split('\n')[0] };
  });
  if (syntax.length > 0) throw new PolicyFileError(filename, syntax);
  if (doc.contents === null) {
    throw new PolicyFileError(filename, [
      {
        line: 1,
        column: 1,
        path: '/',
        message: 'the file is empty; it needs at least `version: 1`',
      },
    ]);
  }
  const customNode = doc.get('customRules', true);
  const custom = customRuleIds(customNode);
  const issues = validateNode(doc.contents, POLICY_JSON_SCHEMA, lines, {
    checkRuleId: id => checkRuleId(id, custom),
  });
  if (customNode !== undefined)
    issues.push(
      ...validateCustomRules(customNode, lines, new Set(RULES_BY_ID.keys())),
    );
  if (issues.length > 0) throw new PolicyFileError(filename, issues);
  return doc.toJS() as PolicyFile;
}

/** Reads and validates a policy file from disk. */
export async function loadPolicyFile(path: string): Promise<PolicyFile> {
  return parsePolicy(await fs.readFile(path, 'utf8'), path);
}
