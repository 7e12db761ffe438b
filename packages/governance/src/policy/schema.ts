/**
 * The policy file's JSON Schema (draft 2020-12), and a validator for the
 * subset of the vocabulary it uses. The validator walks the YAML syntax
 * tree rather than plain data so that every error points at a line.
 * Two custom keywords hook in rule-id checks: `x-rule-id` (a string that
 * must name a rule) and `x-rule-id-keys` (an object whose keys must).
 */

import { isMap, isScalar, isSeq, LineCounter, Node, Pair, Scalar } from 'yaml';
import { SEVERITIES } from './vocabulary';

interface SchemaNode {
  type?: 'object' | 'array' | 'string' | 'boolean' | 'integer' | 'number';
  description?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  required?: string[];
  items?: SchemaNode;
  enum?: ReadonlyArray<string | number>;
  pattern?: string;
  minimum?: number;
  format?: 'date';
  'x-rule-id'?: boolean;
  'x-rule-id-keys'?: boolean;
  /*
   * Keywords for other validators (editors, CI) only: this file's walker
   * ignores them, and the custom-rules walker (custom/validate.ts) checks
   * what they describe, with the checks a schema cannot express.
   */
  $ref?: string;
  $defs?: Record<string, SchemaNode>;
  oneOf?: SchemaNode[];
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  maximum?: number;
}

const severity: SchemaNode = {
  type: 'string',
  enum: [...SEVERITIES],
};

const ruleOverrides: SchemaNode = {
  type: 'object',
  description: 'Per-rule settings, keyed by rule id.',
  'x-rule-id-keys': true,
  additionalProperties: {
    type: 'object',
    additionalProperties: false,
    properties: {
      enabled: { type: 'boolean', description: 'false turns the rule off.' },
      severity: { ...severity, description: 'Re-rates the rule.' },
    },
  },
};

const tagList: SchemaNode = {
  type: 'array',
  items: { type: 'string', pattern: '^.{1,128}$' },
  description: 'Tag keys every taggable resource must carry.',
};

const scalar: SchemaNode = {
  description: 'A string, number, boolean or null.',
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { enum: [null as unknown as string] },
  ],
};

const related = (withType: boolean): SchemaNode => ({
  type: 'object',
  additionalProperties: false,
  required: withType ? ['type', 'attribute'] : ['attribute'],
  properties: {
    ...(withType
      ? { type: { type: 'string', pattern: '^[a-z][a-z0-9_]{1,100}$' } }
      : {}),
    attribute: {
      type: 'string',
      description: 'A relation the plan index knows.',
    },
    where: { $ref: '#/$defs/condition' },
    min: { type: 'integer', minimum: 0 },
    max: { type: 'integer', minimum: 0 },
  },
});

const onlyKey = (key: string, value: SchemaNode): SchemaNode => ({
  type: 'object',
  additionalProperties: false,
  required: [key],
  properties: { [key]: value },
});

/** Team rules as data: a rule, and the condition language it is written in. */
const CUSTOM_RULE_DEFS: Record<string, SchemaNode> = {
  customRule: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'title', 'severity', 'resourceTypes', 'assert'],
    properties: {
      id: {
        type: 'string',
        pattern: '^(?!GW-)[A-Z][A-Z0-9]{1,15}(-[A-Z0-9]{1,16}){1,3}$',
        description: 'TEAM-001; GW- is reserved for the pack.',
      },
      title: { type: 'string', pattern: '\\S' },
      severity,
      resourceTypes: {
        type: 'array',
        minItems: 1,
        items: { type: 'string', pattern: '^[a-z][a-z0-9_]{1,100}$' },
      },
      where: { $ref: '#/$defs/condition' },
      assert: { $ref: '#/$defs/condition' },
      message: { type: 'string' },
      rationale: { type: 'string' },
      remediation: {
        type: 'object',
        additionalProperties: false,
        required: ['text'],
        properties: { text: { type: 'string' }, terraform: { type: 'string' } },
      },
      references: {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkov: { type: 'array', items: { type: 'string' } },
          cis: { type: 'array', items: { type: 'string' } },
          docs: { type: 'array', items: { type: 'string' } },
        },
      },
      productionOnly: { type: 'boolean' },
    },
  },
  condition: {
    oneOf: [
      { $ref: '#/$defs/attributeCondition' },
      onlyKey('all', {
        type: 'array',
        minItems: 1,
        maxItems: 50,
        items: { $ref: '#/$defs/condition' },
      }),
      onlyKey('any', {
        type: 'array',
        minItems: 1,
        maxItems: 50,
        items: { $ref: '#/$defs/condition' },
      }),
      onlyKey('not', { $ref: '#/$defs/condition' }),
      onlyKey('referencedBy', related(true)),
      onlyKey('references', related(false)),
    ],
  },
  attributeCondition: {
    type: 'object',
    additionalProperties: false,
    required: ['attribute'],
    minProperties: 2,
    maxProperties: 3,
    properties: {
      attribute: {
        type: 'string',
        pattern: '^[A-Za-z0-9_-]{1,128}(\\.[A-Za-z0-9_-]{1,128}){0,11}$',
        description: 'A dotted path: tags.Owner, versioning.0.enabled.',
      },
      default: scalar,
      exists: { type: 'boolean' },
      equals: scalar,
      notEquals: scalar,
      in: { type: 'array', minItems: 1, maxItems: 200, items: scalar },
      notIn: { type: 'array', minItems: 1, maxItems: 200, items: scalar },
      matches: {
        type: 'string',
        pattern: '^.{1,256}$',
        description: '* and ? are wildcards; no regular expressions.',
      },
      contains: scalar,
      greaterThan: { type: 'number' },
      greaterThanOrEqual: { type: 'number' },
      lessThan: { type: 'number' },
      lessThanOrEqual: { type: 'number' },
    },
  },
};

export const POLICY_JSON_SCHEMA: SchemaNode & {
  $schema: string;
  $id: string;
  title: string;
} = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://groundwork.dev/schemas/governance-policy-v1.json',
  title: 'Groundwork governance policy file',
  type: 'object',
  additionalProperties: false,
  required: ['version'],
  $defs: CUSTOM_RULE_DEFS,
  properties: {
    version: { type: 'integer', enum: [1] },
    customRules: {
      type: 'array',
      description:
        "The team's own rules, as data, evaluated by the same engine as the pack's.",
      items: { $ref: '#/$defs/customRule' },
    },
    requiredTags: tagList,
    rules: ruleOverrides,
    environments: {
      type: 'object',
      description: 'Settings per environment name (dev, staging, prod, ...).',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          production: {
            type: 'boolean',
            description:
              'Whether production-only rules apply. Default: true for "prod"/"production".',
          },
          blockingThreshold: {
            ...severity,
            description:
              'Failures at or above this severity block. Default: high in production, critical elsewhere.',
          },
          unknownBlocks: {
            type: 'boolean',
            description:
              'Whether unknown verdicts at or above the threshold block too. Default: false.',
          },
          requiredTags: tagList,
          rules: ruleOverrides,
        },
      },
    },
    waivers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['rule', 'resource', 'reason', 'owner', 'expires'],
        properties: {
          rule: { type: 'string', 'x-rule-id': true },
          resource: {
            type: 'string',
            pattern: '^.+$',
            description: 'Address pattern; * matches anything.',
          },
          reason: { type: 'string', pattern: '\\S' },
          owner: { type: 'string', pattern: '\\S' },
          expires: { type: 'string', format: 'date' },
          environments: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
};

export interface SchemaIssue {
  line: number;
  column: number;
  /** JSON-pointer-like path: `/environments/prod/rules/GW-AWS-01`. */
  path: string;
  message: string;
}

interface SchemaHooks {
  /** Returns an error message when `id` is not a rule id. */
  checkRuleId(id: string): string | undefined;
}

function position(node: Node | Pair | null | undefined, lines: LineCounter) {
  const range = (node as Node | undefined)?.range;
  const offset = range ? range[0] : 0;
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

function typeOf(node: Node | null | undefined): string {
  if (!node) return 'nothing';
  if (isMap(node)) return 'object';
  if (isSeq(node)) return 'array';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'null';
    if (typeof v === 'number')
      return Number.isInteger(v) ? 'integer' : 'number';
    return typeof v;
  }
  return 'alias';
}

function isValidDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** Validates a YAML node against the schema; returns every issue found. */
export function validateNode(
  node: Node | null | undefined,
  schema: SchemaNode,
  lines: LineCounter,
  hooks: SchemaHooks,
  path = '',
  issues: SchemaIssue[] = [],
): SchemaIssue[] {
  const report = (at: Node | Pair | null | undefined, message: string) =>
    issues.push({ ...position(at, lines), path: path || '/', message });
  const actual = typeOf(node);
  const expected = schema.type;
  if (expected) {
    const ok =
      expected === actual || (expected === 'number' && actual === 'integer');
    if (!ok) {
      report(node, `expected ${expected}, found ${actual}`);
      return issues;
    }
  }
  if (isScalar(node)) {
    const value = (node as Scalar).value;
    if (schema.enum && !schema.enum.includes(value as string | number)) {
      report(
        node,
        `must be one of ${schema.enum
          .map(v => JSON.stringify(v))
          .join(', ')}; found ${JSON.stringify(value)}`,
      );
    }
    if (typeof value === 'string') {
      if (schema.pattern && !new RegExp(schema.pattern).test(value)) {
        report(
          node,
          `must not be empty or malformed (pattern ${schema.pattern})`,
        );
      }
      if (schema.format === 'date' && !isValidDate(value)) {
        report(
          node,
          `must be a date written YYYY-MM-DD; found ${JSON.stringify(value)}`,
        );
      }
      if (schema['x-rule-id']) {
        const problem = hooks.checkRuleId(value);
        if (problem) report(node, problem);
      }
    }
    if (
      typeof value === 'number' &&
      schema.minimum !== undefined &&
      value < schema.minimum
    ) {
      report(node, `must be at least ${schema.minimum}`);
    }
  }
  if (isSeq(node) && schema.items) {
    node.items.forEach((item, i) =>
      validateNode(
        item as Node,
        schema.items!,
        lines,
        hooks,
        `${path}/${i}`,
        issues,
      ),
    );
  }
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      const keyNode = pair.key as Node;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      seen.add(key);
      const childPath = `${path}/${key}`;
      if (schema['x-rule-id-keys']) {
        const problem = hooks.checkRuleId(key);
        if (problem)
          issues.push({
            ...position(keyNode, lines),
            path: childPath,
            message: problem,
          });
      }
      const propSchema = schema.properties?.[key];
      if (propSchema) {
        validateNode(
          pair.value as Node,
          propSchema,
          lines,
          hooks,
          childPath,
          issues,
        );
      } else if (schema.additionalProperties === false) {
        const known = Object.keys(schema.properties ?? {});
        issues.push({
          ...position(keyNode, lines),
          path: childPath,
          message: `unknown key "${key}"; expected one of ${known.join(', ')}`,
        });
      } else if (typeof schema.additionalProperties === 'object') {
        validateNode(
          pair.value as Node,
          schema.additionalProperties,
          lines,
          hooks,
          childPath,
          issues,
        );
      }
    }
    for (const required of schema.required ?? []) {
      if (!seen.has(required))
        report(node, `missing required key "${required}"`);
    }
  }
  return issues;
}
