export { PersonaPicker } from './PersonaPicker';
export { personaPickerValidation } from './validation';
export { PersonaPickerFieldSchema } from './schema';
export type { PersonaPickerUiOptions, PersonaPickerProps } from './schema';
