import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

export const NewEntityNamePickerFieldSchema = makeFieldSchema({
  output: z => z.string(),
  uiOptions: z =>
    z.object({
      kind: z
        .string()
        .optional()
        .describe(
          'Kind of the entity the template creates, whose name must be free (default Component)',
        ),
      namespace: z
        .string()
        .optional()
        .describe('Its namespace (default: default)'),
    }),
});

export type NewEntityNamePickerUiOptions = NonNullable<
  (typeof NewEntityNamePickerFieldSchema.TProps.uiSchema)['ui:options']
>;
export type NewEntityNamePickerProps =
  typeof NewEntityNamePickerFieldSchema.TProps;
