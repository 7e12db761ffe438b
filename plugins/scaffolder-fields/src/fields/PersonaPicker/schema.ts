import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

export const PersonaPickerFieldSchema = makeFieldSchema({
  output: z => z.string(),
  uiOptions: z =>
    z.object({
      environmentsField: z
        .string()
        .optional()
        .describe(
          'Name of the form field holding the chosen environments; when set, grants in other environments are shown dimmed.',
        ),
    }),
});

export type PersonaPickerUiOptions = NonNullable<
  (typeof PersonaPickerFieldSchema.TProps.uiSchema)['ui:options']
>;
export type PersonaPickerProps = typeof PersonaPickerFieldSchema.TProps;
