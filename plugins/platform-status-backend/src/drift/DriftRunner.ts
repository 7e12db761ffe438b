import { LoggerService } from '@backstage/backend-plugin-api';
import type {
  DriftSource,
  DriftTarget,
} from '@groundwork/plugin-platform-status-node';
import type { StatusService } from '../status/StatusService';
import { sleep } from '@groundwork/plugin-groundwork-node';
import type { DriftSettings } from './config';

/**
 * One drift cycle: every mirrored entity's environments whose Terraform
 * state location a drift source covers, least recently checked first (so
 * that a cycle cut short by `maxChecksPerCycle` or the timeout still gets
 * round to everything over several cycles), at most `concurrency` at a
 * time, each after a random delay up to `jitterSeconds`.
 */
export class DriftRunner {
  constructor(
    private readonly deps: {
      sources: DriftSource[];
      service: StatusService;
      settings: DriftSettings;
      logger: LoggerService;
      /** For tests: the random delay (ms) before one check. */
      jitter?: () => number;
      now?: () => Date;
    },
  ) {}

  private sourceFor(stateLocation: string) {
    return this.deps.sources.find(
      s => !s.disabledReason && s.covers(stateLocation),
    );
  }

  /** The environments to check this cycle, in order. */
  async targets(): Promise<Array<DriftTarget & { source: DriftSource }>> {
    const [entities, checked] = await Promise.all([
      this.deps.service.mirroredEntities(),
      this.deps.service.driftCheckedTimes(),
    ]);
    const all = entities.flatMap(entity =>
      Object.entries(entity.settings.terraformState).flatMap(
        ([environment, stateLocation]) => {
          const source = this.sourceFor(stateLocation);
          return source
            ? [
                {
                  entityRef: entity.entityRef,
                  environment,
                  stateLocation,
                  source,
                  at:
                    checked.get(`${entity.entityRef}\u0000${environment}`) ??
                    '',
                },
              ]
            : [];
        },
      ),
    );
    // Never checked ('') first, then the oldest check.
    all.sort((a, b) => a.at.localeCompare(b.at));
    return all
      .slice(0, this.deps.settings.maxChecksPerCycle)
      .map(({ at: _at, ...target }) => target);
  }

  async run(signal?: AbortSignal): Promise<void> {
    const { service, settings, logger } = this.deps;
    const queue = await this.targets();
    const total = queue.length;
    const touched = new Set<string>();
    const counts = { 'in-sync': 0, drifted: 0, unknown: 0 };
    const jitter =
      this.deps.jitter ?? (() => Math.random() * settings.jitterSeconds * 1000);
    const now = this.deps.now ?? (() => new Date());

    const worker = async () => {
      for (;;) {
        if (signal?.aborted) return;
        const target = queue.shift();
        if (!target) return;
        await sleep(jitter(), signal);
        if (signal?.aborted) return;
        const { source, ...where } = target;
        let outcome;
        try {
          outcome = await source.check(where, signal);
        } catch (error) {
          outcome = {
            result: 'unknown' as const,
            resources: [],
            reason: `The drift check failed: ${(error as Error).message}`,
          };
        }
        counts[outcome.result] += 1;
        await service.recordDrift({
          ...where,
          source: source.id,
          result: outcome.result,
          resources: outcome.result === 'drifted' ? outcome.resources : [],
          reason: outcome.reason,
          url: outcome.url,
          checkedAt: outcome.checkedAt ?? now().toISOString(),
        });
        touched.add(where.entityRef);
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(settings.concurrency, total) }, worker),
    );
    await service.refreshOverview([...touched]);
    const pruned = await service.pruneDrift();
    logger.info(
      `Drift: checked ${
        counts['in-sync'] + counts.drifted + counts.unknown
      } of ${total} environment(s): ${counts['in-sync']} in sync, ${
        counts.drifted
      } drifted, ${counts.unknown} unknown${
        pruned
          ? `; removed ${pruned} check(s) of entities no longer in the catalog`
          : ''
      }.`,
    );
  }
}
