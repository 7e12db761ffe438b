import { parse } from '@cdktf/hcl2json';
import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Files Terraform and OpenTofu read as configuration in a module
 * directory (OpenTofu also reads `.tofu`); subdirectories are other modules.
 */
const CONFIGURATION_FILE = /\.(tf|tofu)(\.json)?$/;

/** Files whose blocks Terraform merges over the others, last. */
export const OVERRIDE_FILE = /(^|_)override\.(tf|tofu)(\.json)?$/;

/** Refuse to read more than this per module: a configuration, not a data set. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

interface ConfigurationFile {
  /** Absolute path. */
  file: string;
  /** The file's blocks as JSON: Terraform's JSON syntax, or HCL as HashiCorp's parser prints it. */
  body: unknown;
}

/**
 * Every configuration file of one module directory, parsed. A file that
 * does not parse is refused: Terraform would refuse it too, and what
 * cannot be read cannot be checked.
 */
export async function readModuleDirectory(
  dir: string,
  label: (file: string) => string,
): Promise<ConfigurationFile[]> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: ConfigurationFile[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!CONFIGURATION_FILE.test(entry.name)) continue;
    const file = path.join(dir, entry.name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile()) continue;
    if (stat.size > MAX_FILE_BYTES) {
      throw new InputError(
        `${label(file)} is larger than ${
          MAX_FILE_BYTES / 1024 / 1024
        } MiB; this portal reads every configuration file before Terraform runs. Split it.`,
      );
    }
    const text = await fs.readFile(file, 'utf8');
    out.push({ file, body: await parseConfiguration(file, text, label) });
  }
  return out;
}

async function parseConfiguration(
  file: string,
  text: string,
  label: (file: string) => string,
): Promise<unknown> {
  try {
    return file.endsWith('.json')
      ? JSON.parse(text)
      : await parse(path.basename(file), text);
  } catch (e) {
    const detail = String((e as Error)?.message ?? e)
      .replace(/^Error: /, '')
      .slice(0, 500);
    throw new InputError(
      `${label(file)} is not valid ${
        file.endsWith('.json') ? 'JSON' : 'HCL'
      }, so it cannot be checked before Terraform runs; nothing was run. ${detail}`,
    );
  }
}

type Body = Record<string, unknown>;

/** The objects a JSON-syntax block value stands for (an object, or a list of them). */
export function bodiesOf(value: unknown): Body[] {
  if (Array.isArray(value)) return value.flatMap(bodiesOf);
  return value && typeof value === 'object' ? [value as Body] : [];
}

/**
 * The blocks of a labelled block type (`data`: two labels, `module`: one),
 * in either JSON shape: nested objects keyed by label, or lists of them.
 */
export function blocksOf(
  value: unknown,
  labels: number,
): Array<{ labels: string[]; body: Body }> {
  if (labels === 0) return bodiesOf(value).map(body => ({ labels: [], body }));
  return bodiesOf(value).flatMap(o =>
    Object.entries(o)
      .filter(([key]) => key !== '//')
      .flatMap(([key, inner]) =>
        blocksOf(inner, labels - 1).map(b => ({
          labels: [key, ...b.labels],
          body: b.body,
        })),
      ),
  );
}

/** Every string in a parsed file, object keys included, with nothing left out. */
export function* stringsOf(value: unknown): Generator<string> {
  if (typeof value === 'string') {
    yield value;
  } else if (Array.isArray(value)) {
    for (const v of value) yield* stringsOf(v);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      yield k;
      yield* stringsOf(v);
    }
  }
}
