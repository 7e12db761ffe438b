import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { NewEntityNamePicker } from './NewEntityNamePicker';
import { NewEntityNamePickerFieldSchema } from './schema';
import { newEntityNamePickerValidation } from './validation';

export const NewEntityNamePickerFormField = createFormField({
  name: 'NewEntityNamePicker',
  component: NewEntityNamePicker,
  validation: newEntityNamePickerValidation,
  schema: NewEntityNamePickerFieldSchema,
});
