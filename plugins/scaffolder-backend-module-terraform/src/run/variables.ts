import { InputError } from '@backstage/errors';
import type { JsonValue } from '@backstage/types';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Loaded after the code's own *.auto.tfvars.json (lexical order), so the step's values win. */
export const TFVARS_FILE = 'zz-groundwork.auto.tfvars.json';

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Checks variable names; a name may not be both a var and a secretVar. */
export function checkVariables(
  vars: Record<string, JsonValue>,
  secretVars: Record<string, string>,
) {
  for (const name of [...Object.keys(vars), ...Object.keys(secretVars)]) {
    if (!NAME.test(name)) {
      throw new InputError(
        `"${name}" is not a valid Terraform variable name; use letters, digits, '_' and '-', starting with a letter or '_'.`,
      );
    }
  }
  for (const name of Object.keys(secretVars)) {
    if (name in vars) {
      throw new InputError(
        `"${name}" is in both vars and secretVars; a value is either a secret or not: keep it in secretVars only.`,
      );
    }
    if (typeof secretVars[name] !== 'string') {
      throw new InputError(
        `secretVars.${name} must be a string (from \${{ secrets.* }}).`,
      );
    }
  }
}

/** Writes the non-secret vars for Terraform to load; never put on the command line. */
export async function writeTfvars(
  workingDirectory: string,
  vars: Record<string, JsonValue>,
): Promise<string | undefined> {
  const file = path.join(workingDirectory, TFVARS_FILE);
  if (Object.keys(vars).length === 0) {
    await fs.rm(file, { force: true });
    return undefined;
  }
  await fs.writeFile(file, `${JSON.stringify(vars, null, 2)}\n`, 'utf8');
  return file;
}
