import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

export const EnvironmentPickerFieldSchema = makeFieldSchema({
  output: z => z.union([z.string(), z.array(z.string())]),
  uiOptions: z =>
    z.object({
      allowedEnvironments: z
        .array(z.string())
        .optional()
        .describe(
          'Environment names this field offers; every environment in groundwork.environments by default.',
        ),
    }),
});

export type EnvironmentPickerUiOptions = NonNullable<
  (typeof EnvironmentPickerFieldSchema.TProps.uiSchema)['ui:options']
>;
export type EnvironmentPickerProps = typeof EnvironmentPickerFieldSchema.TProps;
