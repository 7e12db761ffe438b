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
      changesEnvironments: z
        .boolean()
        .optional()
        .describe(
          'The template changes the chosen environments (infrastructure, delivery): production ones are offered only to people the permission policy lets change production (groundwork.environment.production.change). Leave it off where environments only scope something else, as onboarding does.',
        ),
    }),
});

export type EnvironmentPickerUiOptions = NonNullable<
  (typeof EnvironmentPickerFieldSchema.TProps.uiSchema)['ui:options']
>;
export type EnvironmentPickerProps = typeof EnvironmentPickerFieldSchema.TProps;
