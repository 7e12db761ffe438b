import {
  LoggerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type {
  AdmissionCollector,
  AdmissionRecorder,
} from '@groundwork/plugin-platform-status-node';
import type { PolicyReportSettings } from './config';
import { KubernetesListClient } from './KubernetesListClient';
import { PolicyReport, placeReports } from './mapping';

const API = '/apis/wgpolicyk8s.io/v1alpha2';

/**
 * Reads every configured cluster's policy reports once per cycle (two
 * listings per cluster, PolicyReport and ClusterPolicyReport, each at most
 * `maxPagesPerCycle` calls) and records them as the admission findings of
 * the entities they are about. Each cluster on its own: one that cannot be
 * read is an error of its environment, never a pass, and the others stay
 * current.
 */
export class PolicyReportCollector implements AdmissionCollector {
  readonly id = 'policy-reports';
  readonly schedule: SchedulerServiceTaskScheduleDefinition;
  readonly clusters: Record<string, string>;

  constructor(
    private readonly deps: {
      settings: PolicyReportSettings;
      logger: LoggerService;
    },
  ) {
    this.schedule = deps.settings.schedule;
    this.clusters = Object.fromEntries(
      deps.settings.clusters.map(c => [c.environment, c.name]),
    );
  }

  async collect(recorder: AdmissionRecorder, signal?: AbortSignal) {
    const { settings, logger } = this.deps;
    const entities = await recorder.mirroredEntities();
    const touched: string[] = [];
    for (const cluster of settings.clusters) {
      const at = new Date().toISOString();
      const client = new KubernetesListClient(cluster, {
        pageSize: settings.pageSize,
        maxPages: settings.maxPagesPerCycle,
      });
      try {
        const reports = [
          ...(await client.listAll<PolicyReport>(
            `${API}/policyreports`,
            signal,
          )),
          ...(await client.listAll<PolicyReport>(
            `${API}/clusterpolicyreports`,
            signal,
          )),
        ];
        const placement = placeReports(
          reports,
          entities,
          cluster.environment,
          settings.maxFindingsPerEntity,
        );
        if (placement.refused > 0) {
          logger.warn(
            `Cluster "${cluster.name}": ${placement.refused} policy report results name a resource outside their report's namespace; they were left out.`,
          );
        }
        if (placement.ambiguous.length > 0) {
          logger.warn(
            `Cluster "${
              cluster.name
            }": more than one catalog entity has backstage.io/kubernetes-id ${placement.ambiguous
              .map(id => `"${id}"`)
              .join(', ')}; their policy reports are shown on none of them.`,
          );
        }
        touched.push(
          ...(await recorder.recordAdmission(
            cluster.name,
            cluster.environment,
            placement.items,
            at,
          )),
        );
        await recorder.recordCollection(cluster.name, { ok: true, at });
      } catch (error) {
        const message = (error as Error).message;
        logger.warn(
          `Policy reports of the cluster "${cluster.name}" could not be read: ${message}`,
        );
        await recorder.recordCollection(cluster.name, {
          ok: false,
          at,
          error: message,
        });
      }
    }
    await recorder.refreshOverview(touched);
  }
}
