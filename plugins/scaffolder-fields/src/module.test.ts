import { createExtensionTester } from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import fieldsModule, {
  environmentPickerFormField,
  newEntityNamePickerFormField,
  personaPickerFormField,
} from './index';
import {
  EnvironmentPickerFieldExtension,
  NewEntityNamePickerFieldExtension,
  PersonaPickerFieldExtension,
} from './legacy';

describe('the frontend module', () => {
  it('is a module of the scaffolder plugin holding the form fields', () => {
    expect(fieldsModule.$$type).toBe('@backstage/FrontendModule');
    expect((fieldsModule as any).pluginId).toBe('scaffolder');
  });

  it.each([
    ['EnvironmentPicker', environmentPickerFormField],
    ['PersonaPicker', personaPickerFormField],
    ['NewEntityNamePicker', newEntityNamePickerFormField],
  ])(
    'provides %s as a FormFieldBlueprint extension whose loader yields the field',
    async (name, extension) => {
      const tester = createExtensionTester(
        extension as typeof environmentPickerFormField,
      );
      const loader = tester.get(FormFieldBlueprint.dataRefs.formFieldLoader);
      const field: any = await loader();
      expect(field.$$type).toBe('@backstage/scaffolder/FormField');
      // The field the scaffolder page registers under `ui:field: <name>`.
      expect(field.name).toBe(name);
      expect(typeof field.component).toBe('function');
      expect(typeof field.validation).toBe('function');
    },
  );

  it('exports legacy field extensions for apps on the old frontend system', () => {
    expect(typeof EnvironmentPickerFieldExtension).toBe('function');
    expect(typeof PersonaPickerFieldExtension).toBe('function');
    expect(typeof NewEntityNamePickerFieldExtension).toBe('function');
  });
});
