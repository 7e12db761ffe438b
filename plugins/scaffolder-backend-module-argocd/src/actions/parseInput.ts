import { InputError } from '@backstage/errors';
import type { z as zod } from 'zod/v3';

/**
 * The scaffolder checks inputs against the JSON schema but passes them on
 * as given; parsing applies the defaults and the checks JSON schema lacks,
 * and a refusal names every field that is wrong.
 */
export function parseActionInput<T>(
  schema: zod.ZodType<T, zod.ZodTypeDef, unknown>,
  raw: unknown,
  actionId: string,
): T {
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new InputError(
      `Invalid input to ${actionId}: ${result.error.issues
        .map(i => `${i.path.join('.') || 'input'} ${i.message}`)
        .join('; ')}`,
    );
  }
  return result.data;
}
