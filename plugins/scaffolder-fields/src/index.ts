/**
 * Groundwork form fields for software templates: EnvironmentPicker,
 * PersonaPicker and NewEntityNamePicker.
 *
 * @packageDocumentation
 */

export { scaffolderGroundworkFieldsModule as default } from './module';
export {
  environmentPickerFormField,
  newEntityNamePickerFormField,
  personaPickerFormField,
} from './module';
export {
  EnvironmentPickerFieldExtension,
  NewEntityNamePickerFieldExtension,
  PersonaPickerFieldExtension,
} from './legacy';
export {
  environmentPickerFieldOptions,
  newEntityNamePickerFieldOptions,
  personaPickerFieldOptions,
} from './fields/options';
export {
  EnvironmentPicker,
  EnvironmentPickerFieldSchema,
  environmentPickerValidation,
} from './fields/EnvironmentPicker';
export type { EnvironmentPickerUiOptions } from './fields/EnvironmentPicker';
export {
  PersonaPicker,
  PersonaPickerFieldSchema,
  personaPickerValidation,
} from './fields/PersonaPicker';
export type { PersonaPickerUiOptions } from './fields/PersonaPicker';
export { PersonasClient } from './api/personas';
export type { Persona, PersonaGrant, PersonaCatalogue } from './api/personas';
export {
  NewEntityNamePicker,
  NewEntityNamePickerFieldSchema,
  newEntityNamePickerValidation,
} from './fields/NewEntityNamePicker';
export type { NewEntityNamePickerUiOptions } from './fields/NewEntityNamePicker';
