import {
  CloudContext,
  resolveFactorySource,
  synthesizePlan,
  Value,
} from '@groundwork/terraform-modules';

/**
 * The Terraform stand-in's plan program (`plan: { program }`): the plan of
 * the code in the working directory the action rendered, built by the
 * module factory's synthesizer (HCL parsed with HashiCorp's parser, module
 * sources resolved to the factory's folders, data sources answered by the
 * test cloud). So what the governance gate judges, and what platform status
 * then shows, follows from the template's inputs, as with real Terraform.
 */
export async function planDocument(args: {
  cwd: string;
  variables: Record<string, { value: unknown }>;
  options: { cloud: CloudContext };
}): Promise<Record<string, unknown>> {
  const variables = Object.fromEntries(
    Object.entries(args.variables).map(([k, v]) => [k, v.value as Value]),
  );
  const { document } = await synthesizePlan({
    dir: args.cwd,
    cloud: args.options.cloud,
    variables,
    resolveSource: resolveFactorySource,
  });
  return document as Record<string, unknown>;
}

/** Where the stand-in finds this program. */
// eslint-disable-next-line no-restricted-syntax
export const PLAN_FROM_CODE = __filename;
