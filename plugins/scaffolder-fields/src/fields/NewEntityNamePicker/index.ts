export { NewEntityNamePicker } from './NewEntityNamePicker';
export { newEntityNamePickerValidation } from './validation';
export { NewEntityNamePickerFieldSchema } from './schema';
export type {
  NewEntityNamePickerUiOptions,
  NewEntityNamePickerProps,
} from './schema';
