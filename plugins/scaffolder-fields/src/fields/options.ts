import type { FieldExtensionOptions } from '@backstage/plugin-scaffolder-react';
import {
  EnvironmentPicker,
  EnvironmentPickerFieldSchema,
  environmentPickerValidation,
} from './EnvironmentPicker';
import {
  NewEntityNamePicker,
  NewEntityNamePickerFieldSchema,
  newEntityNamePickerValidation,
} from './NewEntityNamePicker';
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

/** `ui:field: NewEntityNamePicker`: the name of an entity to create, refused when the catalog has it. */
export const newEntityNamePickerFieldOptions: FieldExtensionOptions<any, any> =
  {
    name: 'NewEntityNamePicker',
    component: NewEntityNamePicker,
    validation: newEntityNamePickerValidation,
    schema: NewEntityNamePickerFieldSchema.schema,
  };
