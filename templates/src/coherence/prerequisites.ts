import fs from 'node:fs';
import path from 'node:path';

/**
 * templates/PREREQUISITES.md: what the templates' output refers to that
 * the platform does not render, and who provides it. The coherence test
 * reads the list from that file, so the document and the test cannot
 * disagree: a reference resolves in what the templates render or in a row
 * of its table.
 */

export interface Prerequisite {
  kind: string;
  name: string;
  /** Empty for cluster-scoped objects and things outside Kubernetes. */
  namespace: string;
  /** Environments it is needed in; `*` for every one. */
  environments: string[];
  provider: string;
}

// eslint-disable-next-line no-restricted-syntax
const PREREQUISITES_FILE = path.resolve(
  __dirname,
  '..',
  '..',
  'PREREQUISITES.md',
);

/** A cell's text: Markdown escapes (prettier writes `*` as `\*`) and code quotes undone. */
const cell = (c: string) =>
  c.trim().replace(/\\(.)/g, '$1').replace(/^`|`$/g, '');

/**
 * The rows of the first table whose header starts with
 * `| Kind | Name | Namespace | Environments | Provided by`.
 */
export function parsePrerequisites(markdown: string): Prerequisite[] {
  const lines = markdown.split('\n');
  const header = lines.findIndex(l =>
    /^\|\s*Kind\s*\|\s*Name\s*\|\s*Namespace\s*\|\s*Environments\s*\|\s*Provided by/i.test(
      l,
    ),
  );
  if (header < 0) {
    throw new Error(
      'PREREQUISITES.md has no table headed | Kind | Name | Namespace | Environments | Provided by |',
    );
  }
  const out: Prerequisite[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.trim().startsWith('|')) break;
    const cells = line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map(cell);
    const [kind, name, namespace, environments, provider] = cells;
    if (!kind || !name || !provider) {
      throw new Error(`PREREQUISITES.md: incomplete row: ${line}`);
    }
    out.push({
      kind,
      name,
      namespace: namespace === '-' ? '' : namespace,
      environments: environments.split(',').map(e => e.trim()),
      provider,
    });
  }
  return out;
}

export function loadPrerequisites(file = PREREQUISITES_FILE): Prerequisite[] {
  return parsePrerequisites(fs.readFileSync(file, 'utf8'));
}

/** Whether the list provides that object in that environment. */
export function isPrerequisite(
  list: Prerequisite[],
  kind: string,
  name: string,
  namespace: string,
  environment: string,
): boolean {
  return list.some(
    p =>
      p.kind === kind &&
      p.name === name &&
      p.namespace === namespace &&
      (p.environments.includes('*') || p.environments.includes(environment)),
  );
}
