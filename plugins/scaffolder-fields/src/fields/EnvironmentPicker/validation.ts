import { configApiRef } from '@backstage/core-plugin-api';
import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { readGroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import type { EnvironmentPickerUiOptions } from './schema';

export function valuesOf(value: string | string[] | undefined): string[] {
  if (Array.isArray(value)) return value;
  return value ? [value] : [];
}

/**
 * The choice must name environments of this portal (groundwork.environments),
 * among those the template allows, each once.
 */
export const environmentPickerValidation: CustomFieldValidator<
  string | string[],
  EnvironmentPickerUiOptions
> = (value, validation, { apiHolder, uiSchema }) => {
  const config = apiHolder.get(configApiRef);
  if (!config) return;
  const { environments } = readGroundworkEnvironments(config);
  const allowed = uiSchema?.['ui:options']?.allowedEnvironments;
  const offered = environments
    .map(e => e.name)
    .filter(n => !allowed || allowed.includes(n));
  const values = valuesOf(value);
  const seen = new Set<string>();
  for (const v of values) {
    if (!environments.some(e => e.name === v)) {
      validation.addError(
        `"${v}" is not an environment of this portal; choose from ${offered.join(
          ', ',
        )}.`,
      );
    } else if (!offered.includes(v)) {
      validation.addError(
        `${v} cannot be chosen in this template; choose from ${offered.join(
          ', ',
        )}.`,
      );
    }
    if (seen.has(v)) validation.addError(`${v} is chosen twice.`);
    seen.add(v);
  }
};
