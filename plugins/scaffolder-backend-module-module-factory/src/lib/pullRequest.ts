import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import type { ChangeType } from './semver';

/** Never published: state, local caches, variable files that may hold secrets. */
const EXCLUDED = [
  /(^|\/)\.terraform(\/|$)/,
  /(^|\/)\.terraform\.lock\.hcl$/,
  /\.tfstate(\.backup)?$/,
  /(^|\/)\.git(\/|$)/,
  /(^|\/)crash\.log$/,
  /\.auto\.tfvars(\.json)?$/,
  /(^|\/)terraform\.tfvars(\.json)?$/,
];

/** Refused outright: publishing them would leak what they hold. */
const FORBIDDEN = [/\.tfstate(\.backup)?$/];

async function walk(root: string, rel = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, rel), {
    withFileTypes: true,
  });
  const out: string[] = [];
  for (const e of entries) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isSymbolicLink()) {
      throw new InputError(
        `${p} is a symbolic link; the factory takes plain files only (a link could point outside the module).`,
      );
    }
    if (e.isDirectory()) out.push(...(await walk(root, p)));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

/** The module's files that go into the pull request, relative to its root. */
export async function moduleFiles(dir: string): Promise<string[]> {
  const all = await walk(dir);
  const forbidden = all.filter(f => FORBIDDEN.some(r => r.test(f)));
  if (forbidden.length) {
    throw new InputError(
      `The module holds Terraform state (${forbidden.join(
        ', ',
      )}); state can contain secrets and never belongs in a module. Remove it and try again.`,
    );
  }
  return all.filter(f => !EXCLUDED.some(r => r.test(f)));
}

export function changelogEntry(
  version: string,
  change: ChangeType,
  summary: string,
  date: string,
): string {
  const heading: Record<ChangeType, string> = {
    breaking: 'Breaking changes',
    feature: 'Features',
    fix: 'Fixes',
  };
  return `## ${version} (${date})\n\n### ${heading[change]}\n\n${summary
    .trim()
    .split('\n')
    .map(l => (l.startsWith('- ') ? l : `- ${l}`))
    .join('\n')}\n`;
}

/** Puts the new entry under the title, above older releases. */
export function prependChangelog(
  existing: string | undefined,
  module: string,
  entry: string,
): string {
  const title = `# Changelog of ${module}\n`;
  if (!existing?.trim()) return `${title}\n${entry}`;
  const body = existing.startsWith('# ')
    ? existing.slice(existing.indexOf('\n') + 1).replace(/^\n+/, '')
    : existing;
  const head = existing.startsWith('# ')
    ? existing.slice(0, existing.indexOf('\n') + 1)
    : title;
  return `${head}\n${entry}\n${body}`;
}
