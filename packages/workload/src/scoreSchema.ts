import fs from 'node:fs';
import path from 'node:path';
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';

let compiled: ValidateFunction | undefined;

/**
 * Score's own schema (schema/score-v1b1.json, vendored from score-spec 0.4.1),
 * compiled once. Found from this module (one folder below the package root, in src/ and dist/ alike), so the sources and a build
 * both reach the copy that ships with the package.
 */
function scoreValidator(): ValidateFunction {
  if (compiled) return compiled;
  // eslint-disable-next-line no-restricted-syntax
  const file = path.resolve(__dirname, '..', 'schema', 'score-v1b1.json');
  const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
  compiled = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
  return compiled;
}

/** Every way `document` breaks the Score v1b1 specification; empty when it holds. */
export function scoreProblems(document: unknown): string[] {
  const validate = scoreValidator();
  if (validate(document)) return [];
  return (validate.errors ?? []).map(e => {
    const where = e.instancePath
      ? e.instancePath.slice(1).replace(/\//g, '.')
      : '(top level)';
    const params = e.params as {
      additionalProperty?: string;
      propertyName?: string;
    };
    const name =
      params.propertyName ?? (e as { propertyName?: string }).propertyName;
    let extra = '';
    if (params.additionalProperty) extra = `: ${params.additionalProperty}`;
    else if (name) extra = ` (the name "${name}")`;
    return `${where} ${e.message}${extra} (Score v1b1)`;
  });
}
