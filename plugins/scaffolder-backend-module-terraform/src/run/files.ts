import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';

/** A file named by a step, which must stay inside the task workspace. */
export async function resolveWorkspaceFile(
  workspacePath: string,
  file: string,
  what: string,
): Promise<string> {
  if (path.isAbsolute(file)) {
    throw new InputError(
      `${what} "${file}" is absolute; give a path relative to the task workspace.`,
    );
  }
  const root = await fs.realpath(workspacePath);
  let real: string;
  try {
    real = await fs.realpath(path.resolve(root, file));
  } catch {
    throw new InputError(
      `${what} "${file}" does not exist in the task workspace.`,
    );
  }
  const rel = path.relative(root, real);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new InputError(`${what} "${file}" leads out of the task workspace.`);
  }
  return real;
}
