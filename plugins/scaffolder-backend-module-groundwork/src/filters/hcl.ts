import { createTemplateFilter } from '@backstage/plugin-scaffolder-node/alpha';
import {
  hclLiteral,
  HclLiteralValue,
} from '@groundwork/plugin-groundwork-common';

/**
 * `${{ values.owner | hcl }}`: the value as an HCL expression, for
 * fetch:template skeletons that render Terraform. Written without quotes
 * around it; it brings its own.
 */
export const hclTemplateFilter = createTemplateFilter({
  id: 'hcl',
  description:
    'Writes a value into Terraform (HCL native syntax) as data: a string quoted, with quotes, backslashes and control characters escaped and ${ and %{ doubled so that they cannot start an interpolation or a directive; numbers, booleans and null as themselves; lists as tuples; objects with every key quoted. A missing value is null. Use it for every value that reaches a .tf file, without quotes around it.',
  schema: z =>
    z
      .function()
      .args(
        z
          .any()
          .describe(
            'A JSON value: string, number, boolean, null, array or object',
          ),
      )
      .returns(
        z.string().describe('The HCL expression that evaluates to the value'),
      ),
  examples: [
    {
      description: 'An attribute of a Terraform block',
      example: 'owner = ${{ values.owner | hcl }}',
      notes:
        '`owner = "group:default/payments"`; a value holding `${file("/etc/passwd")}` is written `"$${file(\\"/etc/passwd\\")}"`, which Terraform reads as those characters.',
    },
    {
      description:
        'A string built from several values: join them first, then escape once',
      example:
        "key = ${{ ('component/default/' ~ values.name ~ '/' ~ values.environment.name ~ '.tfstate') | hcl }}",
      notes:
        'A literal, so it is allowed where Terraform takes no expressions (backend blocks).',
    },
    {
      description: 'A list or an object',
      example: 'budget_alert_emails = ${{ [values.alertEmail] | hcl }}',
      notes: '`["payments@example.com"]`',
    },
  ],
  filter: (value: unknown) => hclLiteral(value as HclLiteralValue | undefined),
});
