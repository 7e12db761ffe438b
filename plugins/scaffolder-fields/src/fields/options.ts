import type { FieldExtensionOptions } from '@backstage/plugin-scaffolder-react';
import {
  EnvironmentPicker,
  EnvironmentPickerFieldSchema,
  environmentPickerValidation,
} from './EnvironmentPicker';
import {
  PersonaPicker,
  PersonaPickerFieldSchema,
  personaPickerValidation,
} from './PersonaPicker';

/** `ui:field: EnvironmentPicker`: one or several of groundwork.environments. */
export const environmentPickerFieldOptions: FieldExtensionOptions<any, any> = {
  name: 'EnvironmentPicker',
  component: EnvironmentPicker,
  validation: environmentPickerValidation,
  schema: EnvironmentPickerFieldSchema.schema,
};

/** `ui:field: PersonaPicker`: a persona, with what it grants shown. */
export const personaPickerFieldOptions: FieldExtensionOptions<any, any> = {
  name: 'PersonaPicker',
  component: PersonaPicker,
  validation: personaPickerValidation,
  schema: PersonaPickerFieldSchema.schema,
};
