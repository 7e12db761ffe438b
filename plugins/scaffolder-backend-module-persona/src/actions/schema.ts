import { z as zod } from 'zod/v3';

type Z = typeof zod;

/**
 * Input and output fields shared by persona:onboard and persona:offboard.
 * Strings are checked in the handler, not here, so that a bad value is
 * refused with a sentence that says what to write instead.
 */
export const personInput = (z: Z, nameRequired: boolean) =>
  z
    .object({
      name: nameRequired
        ? z
            .string()
            .describe('Full name, as the person goes by, e.g. "Ada Lovelace"')
        : z
            .string()
            .optional()
            .describe('Full name (optional when offboarding)'),
      email: z
        .string()
        .describe(
          'Work email address: the identity in cloud IAM, Kubernetes and Argo CD',
        ),
      githubLogin: z.string().describe('GitHub login (without @)'),
    })
    .describe('The person');

export const commonInput = {
  persona: (z: Z) =>
    z
      .string()
      .describe(
        'Persona id from the persona catalogue: developer, sre, devops, it-admin, ciso, or one configured in groundwork.persona',
      ),
  team: (z: Z) =>
    z
      .string()
      .describe(
        'The catalog Group the person joins, e.g. group:default/payments',
      ),
  environments: (z: Z) =>
    z
      .array(z.string())
      .optional()
      .describe(
        'Environments in scope (names from groundwork.environments); all when omitted',
      ),
  outputDir: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'Directory in the workspace for the files to review (the checkout of the access repository, if fetched); "." by default',
      ),
};

export const commonOutput = {
  results: (z: Z) =>
    z
      .array(
        z.object({
          system: z
            .string()
            .describe('github, catalog, aws, gcp, azure, kubernetes or argocd'),
          environment: z
            .string()
            .optional()
            .describe('The environment, for environment-scoped grants'),
          target: z
            .string()
            .describe('What is granted, as a reviewer reads it'),
          status: z
            .string()
            .describe(
              'added, unchanged, invited, removed, failed, planned (dry run), skipped, or pending (waits for approval)',
            ),
          detail: z
            .string()
            .optional()
            .describe('Why, or what the system said'),
          file: z
            .string()
            .optional()
            .describe('The file that holds the grant, relative to outputDir'),
        }),
      )
      .describe('One result per target, in the order they were handled'),
  files: (z: Z) =>
    z
      .array(z.string())
      .describe('Files written or changed, relative to outputDir'),
  filesToDelete: (z: Z) =>
    z
      .array(z.string())
      .describe(
        "Files removed, relative to outputDir: publish:github:pull-request's filesToDelete",
      ),
  summary: (z: Z) =>
    z.string().describe('Markdown summary for the pull request body'),
  userEntityRef: (z: Z) => z.string().describe('The catalog User entity ref'),
  userEntityPath: (z: Z) =>
    z.string().describe('The User entity file, relative to outputDir'),
  approval: (z: Z) =>
    z
      .object({
        required: z.boolean().describe('Whether a second person must approve'),
        reason: z.string().optional().describe('Why'),
        state: z
          .string()
          .optional()
          .describe('requested, or not requested (dry run)'),
        requestId: z
          .string()
          .optional()
          .describe('The request an approver decides in the portal'),
        requestUrl: z
          .string()
          .optional()
          .describe('Its page in the portal, e.g. /requests/<id>'),
      })
      .describe(
        'Whether the GitHub grants wait for approval, and the request that holds them',
      ),
  complete: (z: Z) =>
    z
      .boolean()
      .describe('False when a target failed (the step then fails too)'),
};
