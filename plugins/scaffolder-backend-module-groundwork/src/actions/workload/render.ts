import fs from 'node:fs/promises';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  WorkloadError,
  parseEnvironments,
  parseWorkload,
  renderWorkload,
  writeOverlays,
} from '@groundwork/workload';
import { examples } from './render.examples';

async function readInWorkspace(
  workspace: string,
  file: string,
): Promise<string> {
  const full = resolveSafeChildPath(workspace, file);
  try {
    return await fs.readFile(full, 'utf8');
  } catch {
    throw new InputError(
      `${file} is not in the workspace: render it with fetch:template before this step, or pass its path.`,
    );
  }
}

/**
 * groundwork:workload:render: the first rendering of a service's
 * workload.yaml into each environment's overlay, with the same code the
 * service's pipeline runs on every later change (the groundwork-workload
 * CLI), so the two cannot disagree. It reads and writes the workspace only
 * and runs nothing the caller supplied, so dry runs render too.
 */
export function createRenderWorkloadAction() {
  return createTemplateAction({
    id: 'groundwork:workload:render',
    description:
      "Renders the workspace's workload.yaml (Score v1b1, Groundwork's subset) into <overlays>/<environment>/workload/ for every environment of deploy/environments.yaml: ExternalSecrets, a default-deny egress NetworkPolicy, a ServiceMonitor and dashboard, and the container's env, as a Kustomize Component. A workload.yaml Groundwork cannot fulfil fails the step with every problem listed.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        service: z =>
          z
            .string()
            .min(1)
            .describe(
              "The service's name; workload.yaml's metadata.name must be the same",
            ),
        workloadPath: z =>
          z
            .string()
            .optional()
            .describe(
              'The workload.yaml, relative to the workspace (default workload.yaml)',
            ),
        environmentsPath: z =>
          z
            .string()
            .optional()
            .describe(
              'The environments file the skeleton wrote from groundwork.environments, relative to the workspace (default deploy/environments.yaml)',
            ),
        overlaysPath: z =>
          z
            .string()
            .optional()
            .describe(
              "The folder of the environments' Kustomize overlays, relative to the workspace (default deploy/overlays)",
            ),
      },
      output: {
        files: z =>
          z
            .array(z.string())
            .describe('The files written, relative to the workspace'),
        resources: z =>
          z
            .array(z.string())
            .describe('What workload.yaml declares, as <name>:<type>'),
      },
    },
    async handler(ctx) {
      // The defaults here: the scaffolder validates inputs with the
      // schema's JSON form, which does not fill defaults in.
      const {
        service,
        workloadPath = 'workload.yaml',
        environmentsPath = 'deploy/environments.yaml',
        overlaysPath = 'deploy/overlays',
      } = ctx.input;
      const workloadYaml = await readInWorkspace(
        ctx.workspacePath,
        workloadPath,
      );
      const environmentsYaml = await readInWorkspace(
        ctx.workspacePath,
        environmentsPath,
      );
      const overlays = resolveSafeChildPath(ctx.workspacePath, overlaysPath);
      let files: string[];
      let resources: string[];
      try {
        const workload = parseWorkload(workloadYaml, service);
        const environments = parseEnvironments(
          environmentsYaml,
          environmentsPath,
        );
        const rendered = renderWorkload(workload, environments);
        writeOverlays(
          overlays,
          rendered,
          environments.map(e => e.name),
        );
        files = [...rendered.keys()].map(f => `${overlaysPath}/${f}`);
        resources = workload.resources.map(r => `${r.id}:${r.type}`);
      } catch (e) {
        if (e instanceof WorkloadError) throw new InputError(e.message);
        throw e;
      }
      ctx.logger.info(
        `Rendered workload.yaml (${
          resources.join(', ') || 'no resources'
        }) into ${files.length} files under ${overlaysPath}.`,
      );
      ctx.output('files', files);
      ctx.output('resources', resources);
    },
  });
}
