/** One requirement of a Kubernetes label selector. */
export type LabelRequirement =
  | { key: string; op: 'exists' | 'notExists' }
  | { key: string; op: 'in' | 'notIn'; values: string[] };

/**
 * Parses a Kubernetes label selector as Argo CD's `selector` query parameter
 * takes it (`labels.Parse`): `key`, `!key`, `key=value`, `key==value`,
 * `key!=value`, `key in (a,b)` and `key notin (a,b)`, joined by commas.
 * Throws a `TypeError` with Kubernetes' kind of message on bad syntax.
 */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  if (depth !== 0) {
    throw new TypeError(
      `unable to parse requirement: unbalanced parentheses in "${selector}"`,
    );
  }
  const requirements: LabelRequirement[] = [];
  for (const raw of parts) {
    const part = raw.trim();
    if (part === '') {
      if (selector.trim() === '') continue;
      throw new TypeError(`found '', expected: identifier in "${selector}"`);
    }
    requirements.push(parseRequirement(part));
  }
  return requirements;
}

const NOT_EXISTS = /^!\s*([^\s=!(),]+)$/;
const EQUALITY = /^([^\s=!(),]+)\s*(==|=|!=)\s*([^\s=!(),]*)$/;
const SET = /^([^\s=!(),]+)\s+(in|notin)\s*\(([^()]*)\)$/;
const EXISTS = /^([^\s=!(),]+)$/;

function parseRequirement(part: string): LabelRequirement {
  const notExists = NOT_EXISTS.exec(part);
  if (notExists) return { key: checkKey(notExists[1]), op: 'notExists' };
  const equality = EQUALITY.exec(part);
  if (equality) {
    return {
      key: checkKey(equality[1]),
      op: equality[2] === '!=' ? 'notIn' : 'in',
      values: [checkValue(equality[3])],
    };
  }
  const set = SET.exec(part);
  if (set) {
    return {
      key: checkKey(set[1]),
      op: set[2] === 'in' ? 'in' : 'notIn',
      values: set[3].split(',').map(v => checkValue(v.trim())),
    };
  }
  const exists = EXISTS.exec(part);
  if (exists) return { key: checkKey(exists[1]), op: 'exists' };
  throw new TypeError(`unable to parse requirement: "${part}"`);
}

/** Whether labels satisfy every requirement (Kubernetes semantics). */
export function matchesLabelSelector(
  requirements: LabelRequirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const has = (k: string) =>
    labels !== undefined && Object.prototype.hasOwnProperty.call(labels, k);
  return requirements.every(r => {
    switch (r.op) {
      case 'exists':
        return has(r.key);
      case 'notExists':
        return !has(r.key);
      case 'in':
        return has(r.key) && r.values.includes(labels![r.key]);
      case 'notIn':
        // As in Kubernetes, `key!=v` also matches objects without the key.
        return !has(r.key) || !r.values.includes(labels![r.key]);
      default:
        return false;
    }
  });
}

const KEY =
  /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkKey(key: string) {
  if (!KEY.test(key)) {
    throw new TypeError(
      `invalid label key "${key}": name part must consist of alphanumeric characters, '-', '_' or '.'`,
    );
  }
  return key;
}

function checkValue(value: string) {
  if (value.length > 63 || !VALUE.test(value)) {
    throw new TypeError(
      `invalid label value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.'`,
    );
  }
  return value;
}
