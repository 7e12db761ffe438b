import { WorkloadEnvironment } from '../environments';
import { Workload } from '../workload/types';

/**
 * kube-prometheus-stack's Prometheus selects ServiceMonitors that carry its
 * Helm release's label (serviceMonitorSelectorNilUsesHelmValues, true in
 * chart 66.3.1); the environment installs the chart as release
 * kube-prometheus-stack.
 */
export const PROMETHEUS_RELEASE_LABEL = { release: 'kube-prometheus-stack' };

/**
 * The Grafana sidecar of kube-prometheus-stack loads ConfigMaps with this
 * label from every namespace (grafana.sidecar.dashboards.label and
 * searchNamespace: ALL in the chart's values).
 */
export const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: '1' };

/** Alloy's OTLP HTTP receiver, which forwards traces to Tempo. */
const OTLP_ENDPOINT = 'http://alloy.monitoring.svc.cluster.local:4318';

export function renderServiceMonitor(
  workload: Workload,
): Record<string, unknown> | undefined {
  const metrics = workload.resources.find(r => r.type === 'metrics');
  if (!metrics || metrics.type !== 'metrics') return undefined;
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: workload.name, labels: PROMETHEUS_RELEASE_LABEL },
    spec: {
      selector: {
        matchLabels: { 'app.kubernetes.io/name': workload.name },
      },
      endpoints: [
        {
          port: 'http',
          path: metrics.path,
          interval: '30s',
          scrapeTimeout: '10s',
        },
      ],
    },
  };
}

/**
 * A first dashboard from what every service has (scrape health, CPU,
 * memory, restarts from the kubelet and kube-state-metrics), so it shows
 * data before the service exports a single metric of its own.
 */
export function renderDashboard(
  workload: Workload,
  env: WorkloadEnvironment,
): Record<string, unknown> | undefined {
  const metrics = workload.resources.find(r => r.type === 'metrics');
  if (!metrics || metrics.type !== 'metrics' || !metrics.dashboard) {
    return undefined;
  }
  const ns = workload.name;
  const panel = (id: number, title: string, expr: string, unit: string) => ({
    id,
    title,
    type: 'timeseries',
    datasource: { type: 'prometheus', uid: 'prometheus' },
    fieldConfig: { defaults: { unit }, overrides: [] },
    gridPos: {
      h: 8,
      w: 12,
      x: ((id - 1) % 2) * 12,
      y: Math.floor((id - 1) / 2) * 8,
    },
    targets: [{ refId: 'A', expr }],
  });
  const dashboard = {
    uid: `gw-${workload.name}-${env.name}`.slice(0, 40),
    title: `${workload.name} (${env.name})`,
    tags: ['groundwork', workload.name, env.name],
    schemaVersion: 39,
    time: { from: 'now-6h', to: 'now' },
    panels: [
      panel(
        1,
        'Targets up',
        `sum(up{namespace="${ns}", service="${workload.name}"})`,
        'short',
      ),
      panel(
        2,
        'CPU (cores)',
        `sum by (pod) (rate(container_cpu_usage_seconds_total{namespace="${ns}", container="app"}[5m]))`,
        'short',
      ),
      panel(
        3,
        'Memory (working set)',
        `sum by (pod) (container_memory_working_set_bytes{namespace="${ns}", container="app"})`,
        'bytes',
      ),
      panel(
        4,
        'Restarts (1h)',
        `sum by (pod) (increase(kube_pod_container_status_restarts_total{namespace="${ns}", container="app"}[1h]))`,
        'short',
      ),
    ],
  };
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `${workload.name}-dashboard`,
      labels: GRAFANA_DASHBOARD_LABEL,
    },
    data: { [`${workload.name}.json`]: JSON.stringify(dashboard, null, 2) },
  };
}

/** The OpenTelemetry SDK's standard variables, when the service sends traces. */
export function traceVariables(
  workload: Workload,
  env: WorkloadEnvironment,
): Array<{ name: string; value: string }> {
  if (!workload.resources.some(r => r.type === 'traces')) return [];
  return [
    { name: 'OTEL_SERVICE_NAME', value: workload.name },
    { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: OTLP_ENDPOINT },
    { name: 'OTEL_EXPORTER_OTLP_PROTOCOL', value: 'http/protobuf' },
    {
      name: 'OTEL_RESOURCE_ATTRIBUTES',
      value: `deployment.environment.name=${env.name},k8s.namespace.name=${workload.name}`,
    },
  ];
}
