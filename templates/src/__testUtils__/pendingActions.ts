import fs from 'node:fs';
import path from 'node:path';
import {
  createBackendModule,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  createTemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import { governPlan, planFromDocument } from '@groundwork/governance';
import {
  createAppInputSchema,
  deleteAppInputSchema,
} from '@groundwork/plugin-scaffolder-backend-module-argocd';
import {
  CloudContext,
  isUnknown,
  resolveFactorySource,
  synthesizePlan,
} from '@groundwork/terraform-modules';

/**
 * TEST DOUBLES of terraform:apply, argocd:create-app, persona:onboard and
 * persona:offboard, for dry runs without Terraform, Argo CD or GitHub (the
 * real actions run in packages/journeys). They accept the inputs of the real
 * actions' schemas (zod `.strict()`, so a
 * misspelt or invented input fails the step), record what each step passed,
 * refuse values the templating engine left unrendered, and answer with
 * outputs shaped as the issues describe them. The terraform double does
 * more than record: it synthesizes the plan of the rendered working
 * directory and runs the governance pack on it, as the real gate would.
 */

export interface RecordedCall {
  action: string;
  stepId: string;
  input: Record<string, unknown>;
  isDryRun: boolean;
  /** Governance verdict of the planned directory (terraform:apply only). */
  governance?: ReturnType<typeof governPlan>;
}

export interface DoubleState {
  calls: RecordedCall[];
  /** What data sources answer when the terraform double plans, per environment. */
  cloud: (environment: string) => CloudContext;
}

export function createDoubleState(cloud: DoubleState['cloud']): DoubleState {
  return { calls: [], cloud };
}

function assertRendered(value: unknown, where: string): void {
  if (typeof value === 'string' && /\$\{\{|\{%/.test(value)) {
    throw new InputError(
      `TEST DOUBLE: ${where} was not rendered by the scaffolder: ${value}`,
    );
  }
  if (Array.isArray(value))
    value.forEach((v, i) => assertRendered(v, `${where}[${i}]`));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value))
      assertRendered(v, `${where}.${k}`);
  }
}

const ENTITY_REF = /^[a-z]+:[a-z0-9-]+\/[a-z0-9][a-z0-9._-]*$/i;

function terraformApplyDouble(state: DoubleState) {
  return createTemplateAction({
    id: 'terraform:apply',
    description:
      'TEST DOUBLE of terraform:apply: plans the working directory with the plan synthesizer and gates it with @groundwork/governance; never applies.',
    supportsDryRun: true,
    schema: {
      input: z =>
        z
          .object({
            workingDirectory: z.string(),
            entityRef: z.string(),
            environment: z.string(),
            vars: z.record(z.unknown()).optional(),
            secretVars: z.record(z.string()).optional(),
            backend: z
              .object({
                type: z.enum(['s3', 'gcs', 'azurerm', 'remote', 'cloud']),
                settings: z.record(z.unknown()).optional(),
              })
              .optional(),
            planOnly: z.boolean().optional(),
            destroy: z.boolean().optional(),
            allowLocalState: z.boolean().optional(),
            policy: z.unknown().optional(),
            timeoutMinutes: z.number().optional(),
            executor: z.enum(['cli', 'hcp']).optional(),
            hcp: z
              .object({
                organization: z.string().optional(),
                workspace: z.string().optional(),
              })
              .optional(),
          })
          .strict(),
    },
    async handler(ctx) {
      const input = ctx.input as Record<string, any>;
      assertRendered(input, 'terraform:apply input');
      if (!ENTITY_REF.test(input.entityRef)) {
        throw new InputError(
          `TEST DOUBLE: entityRef "${input.entityRef}" is not kind:namespace/name`,
        );
      }
      const dir = resolveSafeChildPath(
        ctx.workspacePath,
        input.workingDirectory,
      );
      if (
        !fs.existsSync(dir) ||
        !fs.readdirSync(dir).some(f => f.endsWith('.tf'))
      ) {
        throw new InputError(
          `TEST DOUBLE: ${input.workingDirectory} holds no Terraform`,
        );
      }
      const { document, outputs } = await synthesizePlan({
        dir,
        cloud: state.cloud(input.environment),
        variables: input.vars as any,
        resolveSource: resolveFactorySource,
      });
      const governance = governPlan(planFromDocument(document as any), {
        environment: input.environment,
      });
      state.calls.push({
        action: 'terraform:apply',
        stepId: ctx.step?.id ?? '',
        input,
        isDryRun: !!ctx.isDryRun,
        governance,
      });
      const changes = (document.resource_changes as unknown[]).length;
      ctx.output('summary', {
        add: changes,
        change: 0,
        destroy: 0,
        replace: 0,
      });
      // An output known only after apply reads as Terraform prints it in a
      // plan, so that the next layer of a template still has a value; inside
      // an output's map, an unknown value is left out, as the real action's
      // planned outputs leave it out (plannedOutputs: planned_values omits it).
      const printable = (v: unknown): unknown => {
        if (isUnknown(v)) return '(known after apply)';
        if (Array.isArray(v)) return v.map(printable);
        if (v && typeof v === 'object') {
          return Object.fromEntries(
            Object.entries(v)
              .filter(([, x]) => !isUnknown(x))
              .map(([k, x]) => [k, printable(x)]),
          );
        }
        return v;
      };
      const printed = Object.fromEntries(
        Object.entries(outputs).map(([k, v]) => [k, printable(v)]),
      );
      ctx.output('outputs', printed);
      ctx.output('cost', {
        monthlyBefore: governance.cost.monthlyBefore,
        monthlyAfter: governance.cost.monthlyAfter,
        delta: governance.cost.delta,
        currency: governance.cost.currency,
        coverage: governance.cost.coverage,
      });
      ctx.output('findings', {
        failed: governance.summary.failed,
        waived: governance.summary.waived,
        warned: governance.summary.warned,
        unknown: governance.summary.unknown,
        threshold: governance.summary.threshold,
        score: governance.summary.score,
      });
    },
  });
}

function argocdCreateAppDouble(state: DoubleState) {
  return createTemplateAction({
    id: 'argocd:create-app',
    description:
      'TEST DOUBLE of argocd:create-app: records the Application it would create.',
    supportsDryRun: true,
    // The real action's input schema: a template the double accepts, the
    // action accepts.
    schema: { input: createAppInputSchema },
    async handler(ctx) {
      const input = ctx.input as Record<string, any>;
      assertRendered(input, 'argocd:create-app input');
      state.calls.push({
        action: 'argocd:create-app',
        stepId: ctx.step?.id ?? '',
        input,
        isDryRun: !!ctx.isDryRun,
      });
      ctx.output('appName', input.name);
      ctx.output('appNamespace', input.appNamespace ?? 'argocd');
      ctx.output('project', input.project);
      ctx.output(
        'url',
        `https://argocd.${input.environment}.example.com/applications/argocd/${input.name}`,
      );
      ctx.output('syncStatus', 'Synced');
      ctx.output('healthStatus', 'Healthy');
      ctx.output('revision', '0000000000000000000000000000000000000000');
    },
  });
}

function argocdDeleteAppDouble(state: DoubleState) {
  return createTemplateAction({
    id: 'argocd:delete-app',
    description:
      'TEST DOUBLE of argocd:delete-app: records the Application it would delete.',
    supportsDryRun: true,
    // The real action's input schema: a template the double accepts, the
    // action accepts.
    schema: { input: deleteAppInputSchema },
    async handler(ctx) {
      const input = ctx.input as Record<string, any>;
      assertRendered(input, 'argocd:delete-app input');
      state.calls.push({
        action: 'argocd:delete-app',
        stepId: ctx.step?.id ?? '',
        input,
        isDryRun: !!ctx.isDryRun,
      });
      ctx.output('deleted', false);
    },
  });
}

function argocdRegisterClusterDouble(state: DoubleState) {
  return createTemplateAction({
    id: 'argocd:register-cluster',
    description:
      'TEST DOUBLE of argocd:register-cluster: records the cluster it would register.',
    supportsDryRun: true,
    schema: {
      input: z =>
        z
          .object({
            instance: z.string().optional(),
            entityRef: z.string(),
            environment: z.string(),
            name: z.string(),
            server: z.string(),
            caData: z.string(),
            auth: z
              .object({
                provider: z.enum(['aws', 'gcp', 'azure']),
                clusterName: z.string().optional(),
              })
              .strict(),
            project: z.string().optional(),
            labels: z.record(z.string()).optional(),
          })
          .strict(),
    },
    async handler(ctx) {
      const input = ctx.input as Record<string, any>;
      assertRendered(input, 'argocd:register-cluster input');
      state.calls.push({
        action: 'argocd:register-cluster',
        stepId: ctx.step?.id ?? '',
        input,
        isDryRun: !!ctx.isDryRun,
      });
      ctx.output('name', input.name);
      ctx.output('server', input.server);
      ctx.output('instance', input.instance ?? 'default');
      ctx.output('connectionStatus', 'Successful');
    },
  });
}

const PERSON = {
  name: (z: any) => z.string().min(1),
  email: (z: any) => z.string().email(),
  githubLogin: (z: any) =>
    z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/),
};

function personaOnboardDouble(state: DoubleState) {
  return createTemplateAction({
    id: 'persona:onboard',
    description:
      'TEST DOUBLE of persona:onboard: takes the inputs of the real action (plugins/scaffolder-backend-module-persona), writes a User entity where the real one does (catalog/users/<login>.yaml) and a stub policy file for the pull request, and a summary.',
    supportsDryRun: true,
    schema: {
      input: z =>
        z
          .object({
            person: z
              .object({
                name: PERSON.name(z),
                email: PERSON.email(z),
                githubLogin: PERSON.githubLogin(z),
              })
              .strict(),
            persona: z.string(),
            team: z.string(),
            environments: z.array(z.string()).min(1).optional(),
            outputDir: z.string().optional(),
            startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
            manager: z.string().optional(),
          })
          .strict(),
    },
    async handler(ctx) {
      const input = ctx.input as Record<string, any>;
      assertRendered(input, 'persona:onboard input');
      for (const ref of [input.team, input.manager].filter(Boolean)) {
        if (!ENTITY_REF.test(ref))
          throw new InputError(
            `TEST DOUBLE: "${ref}" is not an entity reference`,
          );
      }
      state.calls.push({
        action: 'persona:onboard',
        stepId: ctx.step?.id ?? '',
        input,
        isDryRun: !!ctx.isDryRun,
      });
      const { person } = input;
      // The real action names the User after the GitHub login, as given.
      const userName = String(person.githubLogin);
      const userEntityPath = `catalog/users/${userName}.yaml`;
      const files: Record<string, string> = {
        [userEntityPath]: [
          'apiVersion: backstage.io/v1alpha1',
          'kind: User',
          'metadata:',
          `  name: ${userName}`,
          '  annotations:',
          `    github.com/user-login: ${person.githubLogin}`,
          `    groundwork.dev/persona: ${input.persona}`,
          'spec:',
          '  profile:',
          `    displayName: ${JSON.stringify(person.name)}`,
          `    email: ${person.email}`,
          `  memberOf: [${input.team}]`,
          '',
        ].join('\n'),
        [`argocd/policy.${String(input.team)
          .split('/')
          .pop()}.csv`]: `g, ${person.email}, role:${input.persona}\n`,
      };
      // Files land in outputDir (the access repository's checkout), as the
      // real action writes them; paths in the outputs are relative to it.
      const outputDir = resolveSafeChildPath(
        ctx.workspacePath,
        input.outputDir ?? '.',
      );
      for (const [rel, text] of Object.entries(files)) {
        const target = resolveSafeChildPath(outputDir, rel);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, text);
      }
      ctx.output('files', Object.keys(files));
      ctx.output('filesToDelete', []);
      ctx.output(
        'summary',
        `Onboards **${person.name}** (@${person.githubLogin}) as **${
          input.persona
        }** in ${(input.environments ?? ['every environment']).join(', ')}.`,
      );
      ctx.output('results', [
        { system: 'github', target: input.team, status: 'added' },
      ]);
      ctx.output('userEntityRef', `user:default/${userName}`);
      ctx.output('userEntityPath', userEntityPath);
      ctx.output('approval', { required: false });
      ctx.output('complete', true);
    },
  });
}

function personaOffboardDouble(state: DoubleState) {
  return createTemplateAction({
    id: 'persona:offboard',
    description:
      'TEST DOUBLE of persona:offboard: takes the inputs of the real action (plugins/scaffolder-backend-module-persona), lists the files the removal deletes, and a summary.',
    supportsDryRun: true,
    schema: {
      input: z =>
        z
          .object({
            person: z
              .object({
                name: PERSON.name(z).optional(),
                email: PERSON.email(z),
                githubLogin: PERSON.githubLogin(z),
              })
              .strict(),
            persona: z.string(),
            team: z.string(),
            environments: z.array(z.string()).optional(),
            outputDir: z.string().optional(),
            endDate: z
              .string()
              .regex(/^\d{4}-\d{2}-\d{2}$/)
              .optional(),
          })
          .strict(),
    },
    async handler(ctx) {
      const input = ctx.input as Record<string, any>;
      assertRendered(input, 'persona:offboard input');
      state.calls.push({
        action: 'persona:offboard',
        stepId: ctx.step?.id ?? '',
        input,
        isDryRun: !!ctx.isDryRun,
      });
      const { person } = input;
      const userEntityPath = `catalog/users/${person.githubLogin}.yaml`;
      ctx.output('files', []);
      ctx.output('filesToDelete', [userEntityPath]);
      ctx.output(
        'summary',
        `Removes the access of **${person.name ?? person.githubLogin}** (@${
          person.githubLogin
        }).`,
      );
      ctx.output('results', [
        { system: 'github', target: input.team, status: 'removed' },
      ]);
      ctx.output('userEntityRef', `user:default/${person.githubLogin}`);
      ctx.output('userEntityPath', userEntityPath);
      ctx.output('approval', { required: false });
      ctx.output('complete', true);
    },
  });
}

/**
 * The doubles as one scaffolder module for startTestBackend. `persona: false`
 * leaves persona:onboard and persona:offboard out, for a backend that runs
 * the real persona module instead.
 */
export function pendingActionDoubles(
  state: DoubleState,
  options: { persona?: boolean } = {},
) {
  return createBackendModule({
    pluginId: 'scaffolder',
    moduleId: 'groundwork-test-doubles',
    register(env) {
      env.registerInit({
        deps: { scaffolder: scaffolderActionsExtensionPoint },
        async init({ scaffolder }) {
          scaffolder.addActions(
            terraformApplyDouble(state),
            argocdCreateAppDouble(state),
            argocdDeleteAppDouble(state),
            argocdRegisterClusterDouble(state),
            ...(options.persona === false
              ? []
              : [personaOnboardDouble(state), personaOffboardDouble(state)]),
          );
        },
      });
    },
  });
}
