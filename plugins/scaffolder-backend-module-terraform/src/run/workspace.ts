import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';

function inside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Entries walked when looking for symlinks out of the working directory. */
const MAX_ENTRIES = 20_000;

/**
 * The absolute working directory for a step's `workingDirectory`, refused
 * before anything runs when it is absolute, climbs out of the task
 * workspace, is (or passes through) a symlink that leads out of it, or holds
 * one: Terraform would read files outside the workspace, and the HCP
 * executor would upload them.
 */
export async function resolveWorkingDirectory(
  workspacePath: string,
  workingDirectory: string,
): Promise<{ absolute: string; relative: string }> {
  if (workingDirectory.includes('\0')) {
    throw new InputError('workingDirectory must not contain NUL characters.');
  }
  if (
    path.isAbsolute(workingDirectory) ||
    /^[a-zA-Z]:[\\/]/.test(workingDirectory)
  ) {
    throw new InputError(
      `workingDirectory "${workingDirectory}" is absolute; give a path relative to the task workspace, e.g. "infra" or "infra/envs/dev".`,
    );
  }
  const root = await fs.realpath(workspacePath);
  const lexical = path.resolve(root, workingDirectory);
  if (!inside(root, lexical)) {
    throw new InputError(
      `workingDirectory "${workingDirectory}" leads out of the task workspace; give a path inside it, without "..".`,
    );
  }
  let real: string;
  try {
    real = await fs.realpath(lexical);
  } catch {
    throw new InputError(
      `workingDirectory "${workingDirectory}" does not exist in the task workspace; fetch the Terraform code into it first (fetch:template or fetch:plain).`,
    );
  }
  if (!inside(root, real)) {
    throw new InputError(
      `workingDirectory "${workingDirectory}" is a symlink that leads out of the task workspace; Terraform may only read files inside it.`,
    );
  }
  if (!(await fs.stat(real)).isDirectory()) {
    throw new InputError(
      `workingDirectory "${workingDirectory}" is a file; give the directory that holds the .tf files.`,
    );
  }
  await refuseSymlinksOut(root, real, workingDirectory);
  const relative = path.relative(root, real) || '.';
  return { absolute: real, relative };
}

async function refuseSymlinksOut(root: string, dir: string, label: string) {
  const queue = [dir];
  let seen = 0;
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const entry of await fs.readdir(current, { withFileTypes: true })) {
      if (++seen > MAX_ENTRIES) {
        throw new InputError(
          `workingDirectory "${label}" holds more than ${MAX_ENTRIES} files and folders (not counting .terraform and .git); this portal checks every one before Terraform runs. Keep only the Terraform code there.`,
        );
      }
      if (entry.name === '.terraform' || entry.name === '.git') continue;
      const full = path.join(current, entry.name);
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = await fs.realpath(full);
        } catch {
          continue; // dangling: Terraform cannot read it either
        }
        if (!inside(root, target)) {
          throw new InputError(
            `${path.relative(
              root,
              full,
            )} in workingDirectory "${label}" is a symlink to ${target}, outside the task workspace; replace it with the file itself.`,
          );
        }
      } else if (entry.isDirectory()) {
        queue.push(full);
      }
    }
  }
}
