/**
 * Groundwork form fields for software templates: EnvironmentPicker and
 * PersonaPicker.
 *
 * @packageDocumentation
 */

export { scaffolderGroundworkFieldsModule as default } from './module';
export { environmentPickerFormField, personaPickerFormField } from './module';
export {
  EnvironmentPickerFieldExtension,
  PersonaPickerFieldExtension,
} from './legacy';
export {
  environmentPickerFieldOptions,
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
