import { Document, isMap, isSeq } from 'yaml';
import { WorkloadEnvironment } from '../environments';
import { CONTAINER_NAME } from '../workload/parseWorkload';
import { Workload } from '../workload/types';
import { containerEnv } from './containerEnv';
import { egressRules, renderNetworkPolicy } from './networkPolicy';
import {
  renderDashboard,
  renderServiceMonitor,
  traceVariables,
} from './observability';
import { renderRoute } from './route';
import { renderSecrets } from './secrets';

/** The folder of an overlay the renderer owns: it writes every file there. */
export const WORKLOAD_FOLDER = 'workload';

const header = (env: WorkloadEnvironment) =>
  ` Rendered by groundwork-workload from workload.yaml for ${env.name}: edit\n workload.yaml, not this file; the service's pipeline renders it again.`;

function yamlFile(
  docs: Array<Record<string, unknown>>,
  comment: string,
  decorate?: (doc: Document, index: number) => void,
): string {
  return docs
    .map((o, i) => {
      const doc = new Document(o);
      if (i === 0) doc.commentBefore = comment;
      decorate?.(doc, i);
      return doc.toString({ lineWidth: 0 });
    })
    .join('---\n');
}

/**
 * Everything one environment's overlay needs from workload.yaml, as a
 * Kustomize Component the overlay includes (`components: [workload]`):
 * file name to content. Pure: the same workload and environment give the
 * same bytes, so the pipeline's re-render opens a pull request only when
 * something changed.
 */
export function renderEnvironment(
  workload: Workload,
  env: WorkloadEnvironment,
): Map<string, string> {
  const files = new Map<string, string>();
  const comment = header(env);
  const resources: string[] = [];

  const secrets = renderSecrets(workload, env);
  if (secrets.length > 0) {
    files.set('secrets.yaml', yamlFile(secrets, comment));
    resources.push('secrets.yaml');
  }

  const rules = egressRules(workload, env);
  files.set(
    'network-policy.yaml',
    yamlFile([renderNetworkPolicy(workload, rules)], comment, doc => {
      const egress = doc.getIn(['spec', 'egress'], true);
      if (!isSeq(egress)) return;
      egress.items.forEach((item, i) => {
        if (isMap(item)) item.commentBefore = ` ${rules[i].reason}`;
      });
    }),
  );
  resources.push('network-policy.yaml');

  const route = renderRoute(workload, env);
  if (route.length > 0) {
    files.set('route.yaml', yamlFile(route, comment));
    resources.push('route.yaml');
  }

  const monitor = renderServiceMonitor(workload);
  if (monitor) {
    files.set('service-monitor.yaml', yamlFile([monitor], comment));
    resources.push('service-monitor.yaml');
  }
  const dashboard = renderDashboard(workload, env);
  if (dashboard) {
    files.set('dashboard.yaml', yamlFile([dashboard], comment));
    resources.push('dashboard.yaml');
  }

  const env_ = containerEnv(workload, traceVariables(workload, env));
  const patches: Array<{ path: string }> = [];
  if (env_.length > 0) {
    files.set(
      'deployment-env.yaml',
      yamlFile(
        [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: workload.name },
            spec: {
              template: {
                spec: { containers: [{ name: CONTAINER_NAME, env: env_ }] },
              },
            },
          },
        ],
        comment,
      ),
    );
    patches.push({ path: 'deployment-env.yaml' });
  }

  files.set(
    'kustomization.yaml',
    yamlFile(
      [
        {
          apiVersion: 'kustomize.config.k8s.io/v1alpha1',
          kind: 'Component',
          resources,
          ...(patches.length > 0 ? { patches } : {}),
        },
      ],
      comment,
    ),
  );
  return new Map([...files.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
