import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * The values a state key, an HCP workspace name or a backend setting may
 * be built from, as `{kind}`-style tokens.
 */
export interface TemplateTokens {
  kind: string;
  namespace: string;
  name: string;
  environment: string;
  workingDirectory: string;
}

type Token = keyof TemplateTokens;

/** The tokens that say whose state it is: every state pattern holds them all. */
const IDENTITY_TOKENS: readonly Token[] = [
  'kind',
  'namespace',
  'name',
  'environment',
];

/**
 * Characters each token's value may hold, once entity refs are validated
 * and lower-cased (the catalog compares refs without regard to case, so
 * `Component:default/Payments` and `component:default/payments` are one
 * entity and must get one state). `workingDirectory` may hold anything.
 */
const TOKEN_CHARS: Record<Token, RegExp | undefined> = {
  kind: /[a-z0-9]/,
  namespace: /[a-z0-9-]/,
  name: /[a-z0-9._-]/,
  environment: /[a-z0-9-]/,
  workingDirectory: undefined,
};

const TOKEN = /\{([A-Za-z]+)\}/g;
const validators = makeValidator();

/** An entity ref, checked and in its canonical form (`kind:namespace/name`). */
export function canonicalEntityRef(entityRef: string): string {
  let ref;
  try {
    ref = parseEntityRef(entityRef);
  } catch {
    throw new InputError(
      `entityRef "${entityRef}" is not an entity reference; use kind:namespace/name, e.g. component:default/payments-api.`,
    );
  }
  const problems = [
    !validators.isValidKind(ref.kind) && `kind "${ref.kind}"`,
    !validators.isValidNamespace(ref.namespace.toLocaleLowerCase('en-US')) &&
      `namespace "${ref.namespace}"`,
    !validators.isValidEntityName(ref.name) && `name "${ref.name}"`,
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new InputError(
      `entityRef "${entityRef}" has an invalid ${problems.join(
        ' and ',
      )}: the catalog allows letters and digits, with '-', '_' or '.' between them in a name and '-' in a namespace.`,
    );
  }
  return stringifyEntityRef(ref);
}

/** The tokens of a run of `entityRef` (canonical) in `environment`. */
export function templateTokens(
  entityRef: string,
  environment: string,
  workingDirectory: string,
): TemplateTokens {
  const entity = parseEntityRef(entityRef);
  return {
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: entity.namespace.toLocaleLowerCase('en-US'),
    name: entity.name.toLocaleLowerCase('en-US'),
    environment,
    workingDirectory,
  };
}

/** Fills `{name}`-style tokens into string settings (state keys, prefixes). */
export function fillTokens<T>(value: T, tokens: TemplateTokens): T {
  if (typeof value === 'string') {
    return value.replace(
      /\{(kind|namespace|name|environment|workingDirectory)\}/g,
      (_, t) => tokens[t as Token],
    ) as unknown as T;
  }
  if (Array.isArray(value))
    return value.map(v => fillTokens(v, tokens)) as unknown as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, fillTokens(v, tokens)]),
    ) as T;
  }
  return value;
}

/**
 * What is wrong with a pattern that names a state (a state key, a GCS
 * prefix, a workspace name), or undefined when two different entities or
 * environments can never get the same value from it: it holds `{kind}`,
 * `{namespace}`, `{name}` and `{environment}`, and every token but the last
 * is followed by a character that token's values cannot contain. Without
 * the second rule, `{namespace}-{name}` gives `a-b` + `c` and `a` + `b-c`
 * the same key.
 */
export function identityPatternProblem(pattern: string): string | undefined {
  const parts: Array<{ token?: Token; text: string }> = [];
  let last = 0;
  for (const match of pattern.matchAll(TOKEN)) {
    if (match.index! > last)
      parts.push({ text: pattern.slice(last, match.index) });
    if (!(match[1] in TOKEN_CHARS)) {
      return `it uses {${match[1]}}, which is not a token; use ${[
        ...IDENTITY_TOKENS,
        'workingDirectory',
      ]
        .map(t => `{${t}}`)
        .join(', ')}`;
    }
    parts.push({ token: match[1] as Token, text: match[0] });
    last = match.index! + match[0].length;
  }
  if (last < pattern.length) parts.push({ text: pattern.slice(last) });

  const missing = IDENTITY_TOKENS.filter(t => !parts.some(p => p.token === t));
  if (missing.length > 0) {
    return `it lacks ${missing
      .map(t => `{${t}}`)
      .join(
        ', ',
      )}: two entities (or environments) would share a state. Include all of {kind}, {namespace}, {name} and {environment}, e.g. {kind}/{namespace}/{name}/{environment}/{workingDirectory}.tfstate`;
  }
  const tokenIndexes = parts.flatMap((p, i) => (p.token ? [i] : []));
  const lastToken = tokenIndexes[tokenIndexes.length - 1];
  for (const i of tokenIndexes) {
    if (i === lastToken) break;
    const token = parts[i].token!;
    const next = parts[i + 1];
    const chars = TOKEN_CHARS[token];
    if (!next || next.token || !chars || chars.test(next.text[0])) {
      return `{${token}} is followed by ${
        next?.token ? `{${next.token}}` : `"${next?.text[0] ?? ''}"`
      }, which its values may contain, so two entities could get the same state; separate it with a character it cannot hold (${
        token === 'workingDirectory'
          ? '{workingDirectory} may hold any character: put it last'
          : `"/", or "_" after {kind}, {namespace} and {environment}`
      })`;
    }
  }
  return undefined;
}
