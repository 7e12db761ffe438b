import { LoggerService } from '@backstage/backend-plugin-api';
import { governPlan, loadPolicyFile, parsePlan } from '@groundwork/governance';
import type { GroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import type { PlatformStatusService } from '@groundwork/plugin-platform-status-node';
import { infrastructureRunReportFromGovernance } from '@groundwork/plugin-scaffolder-backend-module-terraform';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

interface ManifestRun {
  entity: string;
  environment: string;
  plan: string;
  result?: 'planned';
  daysAgo?: number;
}

interface Manifest {
  policy?: string;
  runs: ManifestRun[];
}

/**
 * Evaluates each example plan with `@groundwork/governance`, exactly as
 * terraform:apply does, and reports it through the platform-status service
 * (the HTTP ingestion route, with service credentials). Returns how many
 * runs were reported.
 */
export async function feedExamplePlans(options: {
  directory: string;
  environments: GroundworkEnvironments;
  platformStatus: PlatformStatusService;
  logger: LoggerService;
  signal?: AbortSignal;
  now?: Date;
}): Promise<number> {
  const { directory, platformStatus, logger } = options;
  const now = options.now ?? new Date();
  const manifest = parseYaml(
    await fs.readFile(path.join(directory, 'manifest.yaml'), 'utf8'),
  ) as Manifest;
  const policy = manifest.policy
    ? await loadPolicyFile(path.join(directory, manifest.policy))
    : undefined;
  let reported = 0;
  for (const run of manifest.runs ?? []) {
    if (!options.environments.find(run.environment)) {
      logger.warn(
        `Example run for ${run.entity} names the environment "${run.environment}", which is not configured; skipped.`,
      );
      continue;
    }
    const plan = parsePlan(await fs.readFile(path.join(directory, run.plan)));
    const finishedAt = new Date(
      now.getTime() - (run.daysAgo ?? 0) * 86_400_000,
    );
    const governance = governPlan(plan, {
      environment: run.environment,
      policy,
      now: finishedAt,
    });
    const blocked = governance.summary.blocking;
    const report = infrastructureRunReportFromGovernance(
      {
        entityRef: run.entity,
        environment: run.environment,
        // Stable: a restart replaces the example run instead of adding one.
        runId: `example:${run.entity}:${run.environment}`,
        tool: 'terraform',
        executor: 'cli',
        result: blocked ? 'blocked' : run.result ?? 'applied',
        startedAt: new Date(finishedAt.getTime() - 4 * 60_000).toISOString(),
        finishedAt: finishedAt.toISOString(),
        message: blocked
          ? `Blocked by ${governance.summary.blockingFindings} finding(s) at or above ${governance.summary.threshold}; fix them or add a waiver to the policy file.`
          : `Example run from ${run.plan}.`,
      },
      plan,
      governance,
    );
    await platformStatus.reportInfrastructureRun(report, {
      signal: options.signal,
    });
    reported++;
  }
  return reported;
}
