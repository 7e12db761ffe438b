import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { PersonaPicker } from './PersonaPicker';
import { PersonaPickerFieldSchema } from './schema';
import { personaPickerValidation } from './validation';

export const PersonaPickerFormField = createFormField({
  name: 'PersonaPicker',
  component: PersonaPicker,
  validation: personaPickerValidation,
  schema: PersonaPickerFieldSchema,
});
