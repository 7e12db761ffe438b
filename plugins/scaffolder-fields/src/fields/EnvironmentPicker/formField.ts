import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { EnvironmentPicker } from './EnvironmentPicker';
import { EnvironmentPickerFieldSchema } from './schema';
import { environmentPickerValidation } from './validation';

export const EnvironmentPickerFormField = createFormField({
  name: 'EnvironmentPicker',
  component: EnvironmentPicker,
  validation: environmentPickerValidation,
  schema: EnvironmentPickerFieldSchema,
});
