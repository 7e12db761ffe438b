export { EnvironmentPicker } from './EnvironmentPicker';
export { environmentPickerValidation } from './validation';
export { EnvironmentPickerFieldSchema } from './schema';
export type {
  EnvironmentPickerUiOptions,
  EnvironmentPickerProps,
} from './schema';
