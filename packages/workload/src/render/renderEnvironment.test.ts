import { validateKubernetesObjects } from '@groundwork/stand-in-test-utils';
import { parseAllDocuments } from 'yaml';
import { DEV, FULL_WORKLOAD, PROD } from '../__testUtils__/fixtures';
import { parseWorkload } from '../workload/parseWorkload';
import { renderEnvironment } from './renderEnvironment';

const objectsOf = (files: Map<string, string>) =>
  [...files.entries()]
    .filter(([f]) => f !== 'kustomization.yaml')
    .flatMap(([, text]) => parseAllDocuments(text).map(d => d.toJS()));

const find = (objects: any[], kind: string, name?: string) =>
  objects.find(o => o.kind === kind && (!name || o.metadata.name === name));

describe('renderEnvironment', () => {
  const workload = parseWorkload(FULL_WORKLOAD, 'payments');
  const files = renderEnvironment(workload, DEV);
  const objects = objectsOf(files);

  it('writes a Kustomize Component listing every file it renders', () => {
    const component = parseAllDocuments(
      files.get('kustomization.yaml')!,
    )[0].toJS();
    expect(component).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1alpha1',
      kind: 'Component',
      resources: [
        'secrets.yaml',
        'network-policy.yaml',
        'service-monitor.yaml',
        'dashboard.yaml',
      ],
      patches: [{ path: 'deployment-env.yaml' }],
    });
    expect([...files.keys()].sort()).toEqual(
      [
        ...component.resources,
        'deployment-env.yaml',
        'kustomization.yaml',
      ].sort(),
    );
    for (const text of files.values()) {
      expect(text).toMatch(
        /^# Rendered by groundwork-workload from workload.yaml for dev/,
      );
    }
  });

  it('renders objects the real schemas accept (Kubernetes, External Secrets v0.17.0, Prometheus Operator v0.78.2)', () => {
    // The Deployment is a strategic-merge patch, not an object: the
    // template tests build it onto the real Deployment with kustomize.
    const whole = objects.filter(o => o.kind !== 'Deployment');
    expect(validateKubernetesObjects(whole).filter(r => !r.ok)).toEqual([]);
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ConfigMap/payments-dashboard',
      'Deployment/payments',
      'NetworkPolicy/payments-egress',
      'SecretStore/payments-secrets',
      'SecretStore/payments-parameters',
      'ExternalSecret/payments-stripe-key',
      'ExternalSecret/payments-db',
      'ExternalSecret/payments-files',
      'ServiceMonitor/payments',
    ]);
  });

  it("reads a declared secret from the environment's secret manager as the service's own identity", () => {
    expect(find(objects, 'SecretStore', 'payments-secrets').spec).toEqual({
      provider: {
        aws: {
          service: 'SecretsManager',
          region: 'eu-west-1',
          auth: { jwt: { serviceAccountRef: { name: 'payments' } } },
        },
      },
    });
    const secret = find(objects, 'ExternalSecret', 'payments-stripe-key');
    expect(secret.spec.secretStoreRef).toEqual({
      kind: 'SecretStore',
      name: 'payments-secrets',
    });
    expect(secret.spec.data).toEqual([
      { secretKey: 'value', remoteRef: { key: 'dev/payments/stripe-key' } },
    ]);
    expect(secret.spec.target.name).toBe('payments-stripe-key');
  });

  it('reads the database and bucket coordinates the infrastructure publishes, nothing secret in Git', () => {
    const db = find(objects, 'ExternalSecret', 'payments-db');
    expect(db.spec.secretStoreRef.name).toBe('payments-parameters');
    expect(db.spec.data.map((d: any) => d.remoteRef.key)).toEqual([
      '/groundwork/dev/payments/postgres/host',
      '/groundwork/dev/payments/postgres/name',
    ]);
    expect(db.spec.target.template.data).toEqual({
      port: '5432',
      username: 'app',
    });
    const bucket = find(objects, 'ExternalSecret', 'payments-files');
    expect(bucket.spec.data[0].remoteRef.key).toBe(
      '/groundwork/dev/payments/s3/name',
    );
    expect(JSON.stringify(objects)).not.toMatch(/password|BEGIN .*KEY/i);
  });

  it('denies egress by default and opens only what workload.yaml declares', () => {
    const policy = find(objects, 'NetworkPolicy');
    expect(policy.spec.policyTypes).toEqual(['Egress']);
    expect(policy.spec.podSelector).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'payments' },
    });
    const rules = policy.spec.egress;
    const ports = rules.map((r: any) =>
      r.ports.map((p: any) => `${p.protocol}/${p.port}`).join(','),
    );
    expect(ports).toEqual([
      'UDP/53,TCP/53',
      'TCP/5432',
      'TCP/443',
      'TCP/4317,TCP/4318,TCP/15008',
      'TCP/443',
      'TCP/8080,TCP/15008',
    ]);
    // The database inside the environment's own network only.
    expect(rules[1].to).toEqual([{ ipBlock: { cidr: '10.40.0.0/16' } }]);
    // A host name opens its port to public addresses, never to the
    // instance metadata service or the private ranges.
    expect(rules[4].to[0].ipBlock.except).toEqual(
      expect.arrayContaining([
        '169.254.0.0/16',
        '10.0.0.0/8',
        '172.16.0.0/12',
        '192.168.0.0/16',
      ]),
    );
    // Another service: its namespace and its pods only.
    expect(rules[5].to).toEqual([
      {
        namespaceSelector: {
          matchLabels: { 'kubernetes.io/metadata.name': 'ledger' },
        },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ledger' } },
      },
    ]);
    expect(files.get('network-policy.yaml')).toContain(
      '# stripe-api: api.stripe.com',
    );
  });

  it('without a network range, the database rule keeps to the private ranges', () => {
    const prod = objectsOf(renderEnvironment(workload, PROD));
    const rule = find(prod, 'NetworkPolicy').spec.egress[1];
    expect(rule.to.map((t: any) => t.ipBlock.cidr)).toEqual([
      '10.0.0.0/8',
      '172.16.0.0/12',
      '192.168.0.0/16',
    ]);
  });

  it('with nothing declared, still denies every egress but DNS', () => {
    const bare = parseWorkload(
      'apiVersion: score.dev/v1b1\nmetadata: {name: payments}\ncontainers: {app: {image: .}}\n',
    );
    const out = renderEnvironment(bare, DEV);
    expect([...out.keys()]).toEqual([
      'kustomization.yaml',
      'network-policy.yaml',
    ]);
    expect(find(objectsOf(out), 'NetworkPolicy').spec.egress).toHaveLength(1);
  });

  it('lets the release of kube-prometheus-stack scrape it and Grafana load its dashboard', () => {
    const monitor = find(objects, 'ServiceMonitor');
    expect(monitor.metadata.labels).toEqual({
      release: 'kube-prometheus-stack',
    });
    expect(monitor.spec.endpoints).toEqual([
      { port: 'http', path: '/metrics', interval: '30s', scrapeTimeout: '10s' },
    ]);
    const dashboard = find(objects, 'ConfigMap');
    expect(dashboard.metadata.labels).toEqual({ grafana_dashboard: '1' });
    const json = JSON.parse(dashboard.data['payments.json']);
    expect(json.uid).toBe('gw-payments-dev');
    expect(json.panels.map((p: any) => p.targets[0].expr)).toEqual(
      json.panels.map(() => expect.stringContaining('namespace="payments"')),
    );
  });

  it('wires variables to outputs, escaping text so Kubernetes expands nothing the author wrote', () => {
    const env = find(objects, 'Deployment').spec.template.spec.containers[0]
      .env;
    const byName = Object.fromEntries(env.map((e: any) => [e.name, e]));
    expect(byName.STRIPE_API_KEY).toEqual({
      name: 'STRIPE_API_KEY',
      valueFrom: {
        secretKeyRef: { name: 'payments-stripe-key', key: 'value' },
      },
    });
    expect(byName.DATABASE_URL.value).toBe(
      'postgres://$(GW_DB_USERNAME)@$(GW_DB_HOST):$(GW_DB_PORT)/$(GW_DB_NAME)',
    );
    // Kubernetes expands $(VAR) only from variables listed before.
    const order = env.map((e: any) => e.name);
    for (const helper of [
      'GW_DB_USERNAME',
      'GW_DB_HOST',
      'GW_DB_PORT',
      'GW_DB_NAME',
    ]) {
      expect(order.indexOf(helper)).toBeLessThan(order.indexOf('DATABASE_URL'));
      expect(byName[helper].valueFrom.secretKeyRef.name).toBe('payments-db');
    }
    expect(byName.GREETING.value).toBe('hello from payments, costs $$5');
    expect(byName.OTEL_EXPORTER_OTLP_ENDPOINT.value).toBe(
      'http://alloy.monitoring.svc.cluster.local:4318',
    );
    expect(byName.OTEL_RESOURCE_ATTRIBUTES.value).toContain(
      'deployment.environment.name=dev',
    );
  });

  it('keeps a hostile value data: YAML-looking text stays one string', () => {
    const hostile = parseWorkload(
      `apiVersion: score.dev/v1b1
metadata: {name: payments}
containers:
  app:
    image: .
    variables:
      X: "a\\n---\\napiVersion: v1\\nkind: Secret\\nmetadata: {name: stolen}"
      Y: "$(HOME) and \${metadata.name}"
`,
    );
    const out = objectsOf(renderEnvironment(hostile, DEV));
    expect(out.filter(o => o.kind === 'Secret')).toEqual([]);
    const env = find(out, 'Deployment').spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'X').value).toContain(
      'kind: Secret',
    );
    expect(env.find((e: any) => e.name === 'Y').value).toBe(
      '$$(HOME) and payments',
    );
  });

  it('gives the same bytes for the same input', () => {
    expect(renderEnvironment(parseWorkload(FULL_WORKLOAD), DEV)).toEqual(files);
  });
});
