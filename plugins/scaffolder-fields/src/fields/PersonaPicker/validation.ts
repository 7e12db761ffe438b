import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { PersonasClient } from '../../api/personas';
import type { PersonaPickerUiOptions } from './schema';

export const PERSONA_ID = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * The choice must be a persona of the portal's catalogue. When the catalogue
 * cannot be read, only the form of the id is checked: persona:onboard checks
 * again, with the list of valid personas, before it changes anything.
 */
export const personaPickerValidation: CustomFieldValidator<
  string,
  PersonaPickerUiOptions
> = async (value, validation, { apiHolder }) => {
  if (!value) return;
  if (!PERSONA_ID.test(value)) {
    validation.addError(
      `"${value}" is not a persona id: lower-case letters, digits and '-', such as developer or sre.`,
    );
    return;
  }
  const discoveryApi = apiHolder.get(discoveryApiRef);
  const fetchApi = apiHolder.get(fetchApiRef);
  if (!discoveryApi || !fetchApi) return;
  let catalogue;
  try {
    catalogue = await new PersonasClient({
      discoveryApi,
      fetchApi,
    }).getPersonas();
  } catch {
    return;
  }
  if (catalogue.available && !catalogue.personas.some(p => p.id === value)) {
    validation.addError(
      `"${value}" is not a persona of this portal; choose from ${catalogue.personas
        .map(p => p.id)
        .join(', ')}.`,
    );
  }
};
