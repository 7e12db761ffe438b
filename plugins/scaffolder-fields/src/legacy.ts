import { scaffolderPlugin } from '@backstage/plugin-scaffolder';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import {
  environmentPickerFieldOptions,
  newEntityNamePickerFieldOptions,
  personaPickerFieldOptions,
} from './fields/options';

/**
 * For apps on the legacy frontend system:
 * `<ScaffolderFieldExtensions><EnvironmentPickerFieldExtension /></ScaffolderFieldExtensions>`.
 */
export const EnvironmentPickerFieldExtension = scaffolderPlugin.provide(
  createScaffolderFieldExtension(environmentPickerFieldOptions),
);

/** Legacy frontend system: `<PersonaPickerFieldExtension />`. */
export const PersonaPickerFieldExtension = scaffolderPlugin.provide(
  createScaffolderFieldExtension(personaPickerFieldOptions),
);

/** Legacy frontend system: `<NewEntityNamePickerFieldExtension />`. */
export const NewEntityNamePickerFieldExtension = scaffolderPlugin.provide(
  createScaffolderFieldExtension(newEntityNamePickerFieldOptions),
);
