import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/** `ui:field: EnvironmentPicker` in the new frontend system. */
export const environmentPickerFormField = FormFieldBlueprint.make({
  name: 'groundwork-environment-picker',
  params: {
    field: () =>
      import('./fields/EnvironmentPicker/formField').then(
        m => m.EnvironmentPickerFormField,
      ),
  },
});

/** `ui:field: PersonaPicker` in the new frontend system. */
export const personaPickerFormField = FormFieldBlueprint.make({
  name: 'groundwork-persona-picker',
  params: {
    field: () =>
      import('./fields/PersonaPicker/formField').then(
        m => m.PersonaPickerFormField,
      ),
  },
});

/** `ui:field: NewEntityNamePicker` in the new frontend system. */
export const newEntityNamePickerFormField = FormFieldBlueprint.make({
  name: 'groundwork-new-entity-name-picker',
  params: {
    field: () =>
      import('./fields/NewEntityNamePicker/formField').then(
        m => m.NewEntityNamePickerFormField,
      ),
  },
});

/**
 * The Groundwork form fields, as a module of the scaffolder plugin. With
 * `app.packages: all` the app picks it up from packages/app's dependencies.
 */
export const scaffolderGroundworkFieldsModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [
    environmentPickerFormField,
    personaPickerFormField,
    newEntityNamePickerFormField,
  ],
});
