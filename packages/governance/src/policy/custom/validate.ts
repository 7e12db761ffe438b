import { isMap, isScalar, isSeq, LineCounter, Node, YAMLMap } from 'yaml';
import { knownRelations, relationTargets } from '../../plan/relations';
import type { SchemaIssue } from '../schema';
import { SEVERITIES } from '../vocabulary';
import { parseAttributePath } from './path';
import { ATTRIBUTE_OPERATORS } from './types';

export const MAX_CUSTOM_RULES = 500;
const MAX_DEPTH = 8;
const MAX_LIST = 200;
const ID = /^[A-Z][A-Z0-9]{1,15}(-[A-Z0-9]{1,16}){1,3}$/;
const TYPE = /^[a-z][a-z0-9_]{1,100}$/;
const RULE_KEYS = [
  'id',
  'title',
  'severity',
  'resourceTypes',
  'where',
  'assert',
  'message',
  'rationale',
  'remediation',
  'references',
  'productionOnly',
];
const CONDITION_KINDS = [
  'attribute',
  'all',
  'any',
  'not',
  'referencedBy',
  'references',
];

interface Context {
  lines: LineCounter;
  issues: SchemaIssue[];
  builtInIds: ReadonlySet<string>;
}

const keyOf = (k: unknown) => (isScalar(k) ? String(k.value) : String(k));

function at(ctx: Context, node: unknown, path: string, message: string) {
  const range = (node as Node | undefined)?.range;
  const { line, col } = ctx.lines.linePos(range ? range[0] : 0);
  ctx.issues.push({ line, column: col, path, message });
}

function entries(map: YAMLMap): Map<string, { key: unknown; value: unknown }> {
  return new Map(
    map.items.map(p => [keyOf(p.key), { key: p.key, value: p.value }]),
  );
}

function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

function isPlainScalar(node: unknown): boolean {
  if (!isScalar(node)) return false;
  const v = node.value;
  return (
    v === null ||
    typeof v === 'string' ||
    typeof v === 'boolean' ||
    (typeof v === 'number' && Number.isFinite(v))
  );
}

function expectString(
  ctx: Context,
  node: unknown,
  path: string,
  max: number,
): string | undefined {
  const v = scalarValue(node);
  if (typeof v !== 'string' || v.trim() === '' || v.length > max) {
    at(ctx, node, path, `must be text of 1 to ${max} characters`);
    return undefined;
  }
  return v;
}

function expectStringList(
  ctx: Context,
  node: unknown,
  path: string,
  pattern?: RegExp,
): string[] {
  if (!isSeq(node) || node.items.length === 0 || node.items.length > MAX_LIST) {
    at(ctx, node, path, `must be a list of 1 to ${MAX_LIST} strings`);
    return [];
  }
  const out: string[] = [];
  node.items.forEach((item, i) => {
    const v = scalarValue(item);
    if (typeof v !== 'string' || (pattern && !pattern.test(v)))
      at(
        ctx,
        item,
        `${path}/${i}`,
        pattern ? `must match ${pattern}` : 'must be a string',
      );
    else out.push(v);
  });
  return out;
}

function expectCount(ctx: Context, node: unknown, path: string) {
  const v = scalarValue(node);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    at(ctx, node, path, 'must be a whole number, 0 or more');
}

function checkRelated(
  ctx: Context,
  map: YAMLMap,
  path: string,
  depth: number,
  allowed: string[],
) {
  const e = entries(map);
  for (const [k, { key }] of e)
    if (!allowed.includes(k))
      at(
        ctx,
        key,
        `${path}/${k}`,
        `unknown key "${k}"; expected one of ${allowed.join(', ')}`,
      );
  if (e.has('where'))
    checkCondition(ctx, e.get('where')!.value, `${path}/where`, depth + 1);
  for (const bound of ['min', 'max'])
    if (e.has(bound)) expectCount(ctx, e.get(bound)!.value, `${path}/${bound}`);
  const min = scalarValue(e.get('min')?.value);
  const max = scalarValue(e.get('max')?.value);
  if (typeof min === 'number' && typeof max === 'number' && max < min)
    at(ctx, map, path, `max (${max}) is below min (${min})`);
  return e;
}

/**
 * Validates one condition. `types` are the resource types it is judged on
 * (undefined inside a relation's `where`, where they vary), so that a
 * `references` condition can be checked against the relations the index
 * knows.
 */
function checkCondition(
  ctx: Context,
  node: unknown,
  path: string,
  depth: number,
  types?: string[],
): void {
  if (depth > MAX_DEPTH) {
    at(ctx, node, path, `conditions nest at most ${MAX_DEPTH} deep`);
    return;
  }
  if (!isMap(node)) {
    at(
      ctx,
      node,
      path,
      `must be a condition: an object with one of ${CONDITION_KINDS.join(
        ', ',
      )}`,
    );
    return;
  }
  const e = entries(node);
  const kinds = CONDITION_KINDS.filter(k => e.has(k));
  if (kinds.length !== 1) {
    at(
      ctx,
      node,
      path,
      kinds.length === 0
        ? `a condition needs one of ${CONDITION_KINDS.join(', ')}`
        : `a condition has exactly one of ${kinds.join(
            ', ',
          )}; nest them under all/any`,
    );
    return;
  }
  const kind = kinds[0];
  const value = e.get(kind)!.value;
  if (kind === 'all' || kind === 'any') {
    if (e.size > 1) at(ctx, node, path, `${kind} takes no other keys`);
    if (!isSeq(value) || value.items.length === 0 || value.items.length > 50) {
      at(ctx, value, `${path}/${kind}`, 'must be a list of 1 to 50 conditions');
      return;
    }
    value.items.forEach((item, i) =>
      checkCondition(ctx, item, `${path}/${kind}/${i}`, depth + 1, types),
    );
    return;
  }
  if (kind === 'not') {
    if (e.size > 1) at(ctx, node, path, 'not takes no other keys');
    checkCondition(ctx, value, `${path}/not`, depth + 1, types);
    return;
  }
  if (kind === 'referencedBy') {
    if (e.size > 1) at(ctx, node, path, 'referencedBy takes no other keys');
    if (!isMap(value)) {
      at(ctx, value, `${path}/referencedBy`, 'must be an object');
      return;
    }
    const r = checkRelated(ctx, value, `${path}/referencedBy`, depth, [
      'type',
      'attribute',
      'where',
      'min',
      'max',
    ]);
    const type = scalarValue(r.get('type')?.value);
    const attribute = scalarValue(r.get('attribute')?.value);
    if (typeof type !== 'string' || typeof attribute !== 'string') {
      at(ctx, value, `${path}/referencedBy`, 'needs type and attribute');
      return;
    }
    const targets = relationTargets(type, attribute);
    if (!targets) {
      at(
        ctx,
        value,
        `${path}/referencedBy`,
        `the plan index knows no relation ${type}.${attribute}; known: ${knownRelations().join(
          '; ',
        )}`,
      );
    } else if (types && !types.some(t => targets.includes(t))) {
      at(
        ctx,
        value,
        `${path}/referencedBy`,
        `${type}.${attribute} points at ${targets.join(
          ' or ',
        )}, not at ${types.join(' or ')}`,
      );
    }
    return;
  }
  if (kind === 'references') {
    if (e.size > 1) at(ctx, node, path, 'references takes no other keys');
    if (!isMap(value)) {
      at(ctx, value, `${path}/references`, 'must be an object');
      return;
    }
    const r = checkRelated(ctx, value, `${path}/references`, depth, [
      'attribute',
      'where',
      'min',
      'max',
    ]);
    const attribute = scalarValue(r.get('attribute')?.value);
    if (typeof attribute !== 'string') {
      at(ctx, value, `${path}/references`, 'needs attribute');
      return;
    }
    for (const type of types ?? [])
      if (!relationTargets(type, attribute))
        at(
          ctx,
          value,
          `${path}/references`,
          `the plan index knows no relation ${type}.${attribute}; known: ${knownRelations().join(
            '; ',
          )}`,
        );
    return;
  }
  // An attribute condition: the path, one operator, maybe a default.
  const attributeText = scalarValue(value);
  if (typeof attributeText !== 'string') {
    at(
      ctx,
      value,
      `${path}/attribute`,
      'must be a dotted path, e.g. tags.Owner',
    );
  } else {
    const parsed = parseAttributePath(attributeText);
    if (typeof parsed === 'string')
      at(ctx, value, `${path}/attribute`, `"${attributeText}" ${parsed}`);
  }
  const operators = ATTRIBUTE_OPERATORS.filter(op => e.has(op));
  for (const [k, { key }] of e)
    if (
      k !== 'attribute' &&
      k !== 'default' &&
      !(ATTRIBUTE_OPERATORS as readonly string[]).includes(k)
    )
      at(
        ctx,
        key,
        `${path}/${k}`,
        `unknown key "${k}"; an attribute condition takes attribute, default and one of ${ATTRIBUTE_OPERATORS.join(
          ', ',
        )}`,
      );
  if (operators.length !== 1) {
    at(
      ctx,
      node,
      path,
      `an attribute condition takes exactly one operator (${ATTRIBUTE_OPERATORS.join(
        ', ',
      )}); found ${operators.length}`,
    );
    return;
  }
  const op = operators[0];
  const operand = e.get(op)!.value;
  const opPath = `${path}/${op}`;
  if (op === 'exists') {
    if (typeof scalarValue(operand) !== 'boolean')
      at(ctx, operand, opPath, 'must be true or false');
  } else if (op === 'in' || op === 'notIn') {
    if (
      !isSeq(operand) ||
      operand.items.length === 0 ||
      operand.items.length > MAX_LIST ||
      !operand.items.every(isPlainScalar)
    )
      at(ctx, operand, opPath, `must be a list of 1 to ${MAX_LIST} values`);
  } else if (op === 'matches') {
    const v = scalarValue(operand);
    if (typeof v !== 'string' || v.length === 0 || v.length > 256)
      at(
        ctx,
        operand,
        opPath,
        'must be a pattern of 1 to 256 characters (* and ? are wildcards)',
      );
  } else if (op.startsWith('greater') || op.startsWith('less')) {
    const v = scalarValue(operand);
    if (typeof v !== 'number' || !Number.isFinite(v))
      at(ctx, operand, opPath, 'must be a number');
  } else if (!isPlainScalar(operand)) {
    at(ctx, operand, opPath, 'must be a string, number, boolean or null');
  }
  if (e.has('default') && !isPlainScalar(e.get('default')!.value))
    at(
      ctx,
      e.get('default')!.value,
      `${path}/default`,
      'must be a string, number, boolean or null',
    );
}

function checkRule(
  ctx: Context,
  node: unknown,
  path: string,
  seen: Map<string, number>,
) {
  if (!isMap(node)) {
    at(
      ctx,
      node,
      path,
      'must be a rule: an object with id, title, severity, resourceTypes and assert',
    );
    return;
  }
  const e = entries(node);
  for (const [k, { key }] of e)
    if (!RULE_KEYS.includes(k))
      at(
        ctx,
        key,
        `${path}/${k}`,
        `unknown key "${k}"; expected one of ${RULE_KEYS.join(', ')}`,
      );
  for (const required of ['id', 'title', 'severity', 'resourceTypes', 'assert'])
    if (!e.has(required))
      at(ctx, node, path, `missing required key "${required}"`);

  const idNode = e.get('id')?.value;
  const id = scalarValue(idNode);
  if (e.has('id')) {
    if (typeof id !== 'string' || !ID.test(id)) {
      at(
        ctx,
        idNode,
        `${path}/id`,
        'must look like TEAM-001: capitals and digits, a prefix of your own, then a dash',
      );
    } else if (id.startsWith('GW-') || ctx.builtInIds.has(id)) {
      at(
        ctx,
        idNode,
        `${path}/id`,
        `"${id}" is reserved for the pack's own rules; use your team's prefix (e.g. ACME-001)`,
      );
    } else if (seen.has(id)) {
      at(
        ctx,
        idNode,
        `${path}/id`,
        `"${id}" is used by rule ${seen.get(id)} too`,
      );
    } else {
      seen.set(id, seen.size);
    }
  }
  if (e.has('title'))
    expectString(ctx, e.get('title')!.value, `${path}/title`, 200);
  if (e.has('message'))
    expectString(ctx, e.get('message')!.value, `${path}/message`, 500);
  if (e.has('rationale'))
    expectString(ctx, e.get('rationale')!.value, `${path}/rationale`, 2000);
  if (e.has('severity')) {
    const sev = scalarValue(e.get('severity')!.value);
    if (!(SEVERITIES as readonly unknown[]).includes(sev))
      at(
        ctx,
        e.get('severity')!.value,
        `${path}/severity`,
        `must be one of ${SEVERITIES.join(', ')}`,
      );
  }
  if (
    e.has('productionOnly') &&
    typeof scalarValue(e.get('productionOnly')!.value) !== 'boolean'
  )
    at(
      ctx,
      e.get('productionOnly')!.value,
      `${path}/productionOnly`,
      'must be true or false',
    );
  const remediation = e.get('remediation')?.value;
  if (remediation !== undefined) {
    if (!isMap(remediation))
      at(
        ctx,
        remediation,
        `${path}/remediation`,
        'must be an object with text and terraform',
      );
    else {
      const r = entries(remediation);
      for (const [k, { key }] of r)
        if (k !== 'text' && k !== 'terraform')
          at(
            ctx,
            key,
            `${path}/remediation/${k}`,
            `unknown key "${k}"; expected text, terraform`,
          );
      if (!r.has('text'))
        at(
          ctx,
          remediation,
          `${path}/remediation`,
          'missing required key "text"',
        );
      else
        expectString(
          ctx,
          r.get('text')!.value,
          `${path}/remediation/text`,
          2000,
        );
      if (r.has('terraform'))
        expectString(
          ctx,
          r.get('terraform')!.value,
          `${path}/remediation/terraform`,
          4000,
        );
    }
  }
  const references = e.get('references')?.value;
  if (references !== undefined) {
    if (!isMap(references))
      at(
        ctx,
        references,
        `${path}/references`,
        'must be an object with checkov, cis, docs',
      );
    else
      for (const [k, { key, value }] of entries(references)) {
        if (!['checkov', 'cis', 'docs'].includes(k))
          at(
            ctx,
            key,
            `${path}/references/${k}`,
            `unknown key "${k}"; expected checkov, cis, docs`,
          );
        else expectStringList(ctx, value, `${path}/references/${k}`);
      }
  }
  const types = e.has('resourceTypes')
    ? expectStringList(
        ctx,
        e.get('resourceTypes')!.value,
        `${path}/resourceTypes`,
        TYPE,
      )
    : [];
  if (e.has('where'))
    checkCondition(ctx, e.get('where')!.value, `${path}/where`, 1, types);
  if (e.has('assert'))
    checkCondition(ctx, e.get('assert')!.value, `${path}/assert`, 1, types);
}

/**
 * Validates the policy file's `customRules` node, with line numbers. The
 * JSON Schema describes the same shape for editors; this walk adds what a
 * schema cannot say (known relations, reserved ids, safe attribute paths).
 */
export function validateCustomRules(
  node: unknown,
  lines: LineCounter,
  builtInIds: ReadonlySet<string>,
): SchemaIssue[] {
  const ctx: Context = { lines, issues: [], builtInIds };
  if (!isSeq(node)) {
    at(ctx, node, '/customRules', 'must be a list of rules');
    return ctx.issues;
  }
  if (node.items.length > MAX_CUSTOM_RULES)
    at(
      ctx,
      node,
      '/customRules',
      `holds ${node.items.length} rules; at most ${MAX_CUSTOM_RULES} are allowed`,
    );
  const seen = new Map<string, number>();
  node.items.forEach((item, i) =>
    checkRule(ctx, item, `/customRules/${i}`, seen),
  );
  return ctx.issues;
}

/** The ids a policy file's `customRules` declare (for rule-id checks elsewhere in the file). */
export function customRuleIds(node: unknown): Set<string> {
  const ids = new Set<string>();
  if (!isSeq(node)) return ids;
  for (const item of node.items) {
    if (!isMap(item)) continue;
    const id = scalarValue(item.get('id', true));
    if (typeof id === 'string') ids.add(id);
  }
  return ids;
}
