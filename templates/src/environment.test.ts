import fs from 'node:fs';
import nodePath from 'node:path';
import yaml from 'yaml';
import { acceptedFor } from '@groundwork/terraform-modules';
import {
  governRendered,
  parseTerraformDir,
  validateCatalogEntity,
  yamlDocuments,
} from './__testUtils__/checks';
import { cloudOf } from './testing/cloud';
import {
  CENTRAL_ARGOCD_ROLE,
  ENVIRONMENTS,
  TEST_CONFIG,
  dnsZoneOf,
} from './testing/portal';
import { validateKubernetesObjects } from './__testUtils__/kubernetes';
import { createDoubleState } from './__testUtils__/pendingActions';
import { kustomizeBuild, writeTree } from './coherence/kustomize';
import { actionInputValidator } from './__testUtils__/actionSchemas';
import {
  ArgoCdCrds,
  destinationPermitted,
  groupOf,
  repoPermitted,
  resourcePermitted,
} from '@groundwork/stand-in-test-utils';
import {
  platformAddonsKustomize,
  platformAddonsProjectSpec,
} from '@groundwork/plugin-scaffolder-backend-module-groundwork';
import {
  DryRunResult,
  dryRun,
  loggedInputs,
  startScaffolder,
} from './__testUtils__/scaffolder';

jest.setTimeout(180_000);

/**
 * The environment template through the real scaffolder's dry run, for each
 * cloud, planning only and applying (terraform:apply and argocd:create-app
 * are TEST DOUBLES; the terraform double plans the rendered layers with the
 * synthesizer and gates them with @groundwork/governance).
 */

type Case = {
  cloud: 'aws' | 'gcp' | 'azure';
  environment: string;
  apply: boolean;
  /** The platform's secrets from HashiCorp Vault instead of the cloud's manager. */
  vault?: boolean;
};
const CASES: Case[] = [
  { cloud: 'aws', environment: 'dev', apply: true },
  { cloud: 'aws', environment: 'staging', apply: true },
  { cloud: 'aws', environment: 'prod', apply: true },
  { cloud: 'aws', environment: 'prod', apply: false },
  { cloud: 'gcp', environment: 'lab', apply: true },
  { cloud: 'azure', environment: 'azdev', apply: true },
  { cloud: 'azure', environment: 'azdev', apply: false, vault: true },
];

const ADDONS = [
  'ingress-nginx',
  'cert-manager',
  'external-dns',
  'kyverno',
  'loki',
  'tempo',
  'velero',
  'kube-prometheus-stack',
];

/**
 * Whether the case's environment runs the service mesh by default: every
 * environment but the first of groundwork.environments (dev), and
 * production.
 */
const meshOf = (c: { environment: string }) =>
  c.environment !== ENVIRONMENTS[0].name;

/**
 * The Applications an environment's choice of add-ons gives, with their sync
 * waves: kube-prometheus-stack brings external-secrets and grafana-admin,
 * external-secrets brings the platform's secret store (the cloud's manager
 * or Vault, on every cloud), cert-manager brings cluster-issuers, kyverno
 * brings kyverno-policies, loki brings its shipper (alloy), and
 * kube-prometheus-stack brings Alertmanager's configuration from the secret
 * store.
 */
function expectedAddons(c: {
  cloud: string;
  environment: string;
  vault?: boolean;
}): [string, string][] {
  const aws = c.cloud === 'aws';
  const mesh = meshOf(c);
  const when = (yes: boolean, rows: [string, string][]) => (yes ? rows : []);
  return [
    ['ingress-nginx', '0'],
    ['cert-manager', '0'],
    ...when(aws, [['external-dns', '0']]),
    ['external-secrets', '0'],
    ['kyverno', '0'],
    ['loki', '0'],
    ['tempo', '0'],
    ['alloy', '0'],
    // Velero, with the bucket the cluster layer makes.
    ['velero', '0'],
    // The mesh: Istio's CRDs, then its control plane and node agents, then
    // the mesh-wide mTLS policy.
    ...when(mesh, [
      ['istio-base', '0'],
      ['istiod', '1'],
      ['istio-cni', '1'],
      ['ztunnel', '1'],
    ]),
    ['backups', '1'],
    ['cluster-issuers', '1'],
    ['secret-store', '1'],
    ['grafana-admin', '1'],
    ['alertmanager-smtp', '1'],
    ['kyverno-policies', '1'],
    ...when(mesh, [['mesh-policy', '2']]),
    ['kube-prometheus-stack', '2'],
  ];
}

const valuesOf = (c: Case) => ({
  environment: c.environment,
  cloud: c.cloud,
  organization: 'acme',
  owner: 'group:default/platform',
  alertEmail: 'platform@example.com',
  cidrBlock: '10.20.0.0/16',
  addons: c.cloud === 'aws' ? ADDONS : ADDONS.filter(a => a !== 'external-dns'),
  domain: dnsZoneOf(c.environment),
  repoUrl: `github.com?owner=acme&repo=platform-${c.environment}`,
  apply: c.apply,
  ...(c.vault
    ? {
        secretStore: 'vault',
        vaultAddress: 'https://vault.acme.dev:8200',
        vaultNamespace: 'platform',
      }
    : {}),
});

const BACKEND = { aws: 's3', gcp: 'gcs', azure: 'azurerm' } as const;

/** groundwork.environments[].delivery.mode of the case's environment. */
const modeOf = (c: Case) =>
  (ENVIRONMENTS.find(e => e.name === c.environment)!.delivery as any).mode as
    | 'in-cluster'
    | 'central';

describe('environment', () => {
  const state = createDoubleState(cloudOf);
  let backend: Awaited<ReturnType<typeof startScaffolder>>;
  let schemas: Awaited<ReturnType<typeof actionInputValidator>>;
  beforeAll(async () => {
    backend = await startScaffolder(state);
    schemas = await actionInputValidator(backend.server);
  });
  afterAll(() => backend?.stop());

  describe.each(
    CASES.map(
      c =>
        [
          `${c.cloud} ${c.environment}, ${c.apply ? 'apply' : 'plan only'}${
            c.vault ? ', secrets from Vault' : ''
          }`,
          c,
        ] as const,
    ),
  )(
    '%s (terraform:apply and argocd:create-app are test doubles)',
    (_label, c) => {
      let result: DryRunResult;
      let calls: typeof state.calls;
      const inCluster = modeOf(c) === 'in-cluster';
      const layers = c.apply
        ? [
            'bootstrap',
            'network',
            'cluster',
            ...(inCluster ? ['delivery'] : []),
          ]
        : ['bootstrap', 'network'];
      beforeAll(async () => {
        state.calls.length = 0;
        result = await dryRun(backend.server, 'environment', valuesOf(c));
        calls = [...state.calls];
      });
      /** The Kubernetes objects rendered in one folder of the repository. */
      const manifestsUnder = (folder: string): any[] =>
        [...result.files.entries()]
          .filter(([f]) => f.startsWith(`${folder}/`) && f.endsWith('.yaml'))
          .flatMap(([, text]) => yamlDocuments(text));

      /** The chart an Application installs: its source with a chart. */
      const chartOf = (a: any) =>
        (a.spec.sources ?? [a.spec.source]).find((s: any) => s.chart);
      /**
       * The Helm values of a chart's Application: the files of this
       * repository its valueFiles name through the `values` ref source.
       */
      const helmValues = (a: any) => {
        const files: string[] = chartOf(a).helm.valueFiles;
        expect(files).toHaveLength(1);
        const text = result.files.get(files[0].replace(/^\$values\//, ''));
        expect([files[0], text === undefined]).toEqual([files[0], false]);
        return yaml.parse(text!) ?? {};
      };

      it('runs every step of the dry run', () => {
        expect([result.status, result.body?.error?.message]).toEqual([
          200,
          undefined,
        ]);
        for (const [f, text] of result.files) {
          expect([f, /\$\{\{\s*values|\{%/.test(text)]).toEqual([f, false]);
        }
      });

      it('runs one governed terraform:apply per layer, each in its own working directory', () => {
        const tf = calls.filter(x => x.action === 'terraform:apply');
        expect(tf.map(x => x.input.workingDirectory)).toEqual(
          layers.map(l => `./infra/${l}`),
        );
        for (const [i, call] of tf.entries()) {
          const layer = layers[i];
          // The portal's per-environment backend holds the state; its key
          // pattern's {workingDirectory} keeps each layer's state apart.
          expect(call.input).not.toHaveProperty('backend');
          expect(call.input.planOnly).toBe(
            layer === 'cluster' || layer === 'delivery' ? false : !c.apply,
          );
          expect(call.input.entityRef).toBe(
            `resource:default/environment-${c.environment}`,
          );
          expect(call.governance!.summary.blocking).toBe(false);
        }
        // The network layer's outputs become the cluster layer's variables.
        const clusterCall = tf.find(
          x => x.input.workingDirectory === './infra/cluster',
        );
        expect(
          clusterCall
            ? Object.keys(clusterCall.input.vars as object).sort()
            : null,
        ).toEqual(
          c.apply
            ? {
                aws: ['private_subnet_ids', 'vpc_cidr_block', 'vpc_id'],
                gcp: ['network_name', 'subnetwork_name'],
                azure: ['node_subnet_id'],
              }[c.cloud]
            : null,
        );
      });

      it('renders layers that parse and pass the policy pack with nothing failed', async () => {
        // The delivery layer (Argo CD in the cluster) exists only in-cluster.
        expect(
          [...result.files.keys()].some(f => f.startsWith('infra/delivery/')),
        ).toBe(inCluster);
        // What each layer was given, or would be had the one before run.
        const given = (l: string) =>
          calls.find(x => x.input.workingDirectory === `./infra/${l}`)?.input
            .vars;
        const layerVars: Record<string, any> = {
          cluster: given('cluster') ?? clusterVars(c.cloud),
          delivery: given('delivery') ?? deliveryVars(c.cloud),
        };
        for (const layer of [
          'bootstrap',
          'network',
          'cluster',
          ...(inCluster ? ['delivery'] : []),
        ]) {
          const tf = await parseTerraformDir(result.files, `infra/${layer}`);
          expect(Object.keys(tf['backend.tf'].terraform[0].backend)).toEqual([
            BACKEND[c.cloud],
          ]);
          // Its own state, under the entity's kind, namespace and name: a
          // run with -backend-config in CI cannot reach another's state.
          const partial =
            tf['backend.tf'].terraform[0].backend[BACKEND[c.cloud]][0];
          const entityKey = `resource/default/environment-${c.environment}/${layer}`;
          expect(c.cloud === 'gcp' ? partial.prefix : partial.key).toBe(
            c.cloud === 'gcp' ? entityKey : `${entityKey}.tfstate`,
          );
          const vars = layerVars[layer];
          const g = await governRendered(
            result.files,
            `infra/${layer}`,
            c.environment,
            cloudOf(c.environment),
            vars as any,
          );
          expect(g.summary.blocking).toBe(false);
          expect(
            g.findings
              .filter(f => f.verdict === 'fail' || f.verdict === 'unknown')
              // What the modules carry by design, each with why.
              .filter(f => !acceptedFor(f))
              // The add-ons' trust policies name the cluster's OIDC provider,
              // whose ARN exists only after apply; the skeleton conditions
              // each on one service account's subject (asserted below).
              .filter(
                f =>
                  !(
                    f.verdict === 'unknown' &&
                    ['GW-AWS-371', 'GW-AWS-372', 'GW-AWS-373'].includes(
                      f.ruleId,
                    ) &&
                    /^aws_iam_role\.(external_dns|external_secrets|velero)$/.test(
                      f.address,
                    )
                  ),
              )
              .map(f => `${f.ruleId} ${f.address}: ${f.message}`),
          ).toEqual([]);
        }
      });

      it('gives the account its security baseline in the bootstrap layer, stricter in production', async () => {
        const g = await governRendered(
          result.files,
          'infra/bootstrap',
          c.environment,
          cloudOf(c.environment),
        );
        const rs = (g.document.resource_changes as any[]).filter(r =>
          r.address.startsWith('module.account_baseline.'),
        );
        const one = (type: string) =>
          rs.find(r => r.type === type)?.change.after ?? {};
        const prod = c.environment === 'prod';
        // What the CISO signs, per cloud, read from the plan.
        const observed = {
          aws: () => ({
            trail: [
              one('aws_cloudtrail').is_multi_region_trail,
              one('aws_cloudtrail').enable_log_file_validation,
            ],
            guardduty: one('aws_guardduty_detector').enable,
            cis: one('aws_securityhub_standards_subscription').standards_arn,
            config: one('aws_config_configuration_recorder_status').is_enabled,
            passwordLength: one('aws_iam_account_password_policy')
              .minimum_password_length,
            analyzer: one('aws_accessanalyzer_analyzer').type,
            retentionDays: one('aws_s3_bucket_lifecycle_configuration').rule[0]
              .expiration[0].days,
            recording: one('aws_config_configuration_recorder')
              .recording_mode[0].recording_frequency,
          }),
          gcp: () => ({
            audit: one('google_project_iam_audit_config').service,
            sink: one('google_logging_project_sink').filter,
            retention: one('google_storage_bucket').retention_policy[0],
          }),
          azure: () => ({
            plans: rs
              .filter(
                r => r.type === 'azurerm_security_center_subscription_pricing',
              )
              .map(r => r.change.after.resource_type)
              .sort(),
            contact: one('azurerm_security_center_contact').email,
            activityLog: one('azurerm_monitor_diagnostic_setting')
              .target_resource_id,
          }),
        }[c.cloud]();
        const expected = {
          aws: {
            trail: [true, true],
            guardduty: true,
            cis: `arn:aws:securityhub:${
              cloudOf(c.environment).region
            }::standards/cis-aws-foundations-benchmark/v/3.0.0`,
            config: true,
            passwordLength: 14,
            analyzer: 'ACCOUNT',
            retentionDays: prod ? 2555 : 365,
            recording: prod ? 'CONTINUOUS' : 'DAILY',
          },
          gcp: {
            audit: 'allServices',
            sink: 'logName:"cloudaudit.googleapis.com"',
            retention: { retention_period: 365 * 86400, is_locked: false },
          },
          azure: {
            plans: [
              'Arm',
              'Containers',
              'KeyVaults',
              'OpenSourceRelationalDatabases',
              'StorageAccounts',
              'VirtualMachines',
            ],
            contact: 'platform@example.com',
            activityLog: `/subscriptions/${cloudOf(c.environment).accountId}`,
          },
        }[c.cloud];
        expect(observed).toEqual(expected);
      });

      it('puts a NAT gateway in every zone in production and one elsewhere', async () => {
        const g = await governRendered(
          result.files,
          'infra/network',
          c.environment,
          cloudOf(c.environment),
        );
        const count = (type: string) =>
          (g.document.resource_changes as any[]).filter(r => r.type === type)
            .length;
        const nat = {
          aws: 'aws_nat_gateway',
          gcp: 'google_compute_router_nat',
          azure: 'azurerm_nat_gateway',
        }[c.cloud];
        // Only AWS has a gateway per zone; Cloud NAT is regional, and an Azure
        // subnet takes one NAT gateway.
        expect(count(nat)).toBe(
          c.cloud === 'aws' && c.environment === 'prod' ? 3 : 1,
        );
      });

      it('delivers the chosen add-ons, what they require and what comes with them as Argo CD Applications that validate, in sync waves', () => {
        const apps = yamlDocuments(
          result.files.get('platform/addons/applications.yaml')!,
        );
        expect(validateKubernetesObjects(apps).filter(r => !r.ok)).toEqual([]);
        // And against Argo CD's own Application CRD (vendored, 3.6.0), with
        // their multi-source charts.
        expect(
          apps.flatMap(a => ArgoCdCrds.get().validate('Application', a)),
        ).toEqual([]);
        // kube-prometheus-stack brings external-secrets (Grafana's admin
        // password) and the grafana-admin manifests; cert-manager brings the
        // ClusterIssuers.
        expect(
          apps.map(a => [
            a.metadata.name,
            a.metadata.annotations['argocd.argoproj.io/sync-wave'],
          ]),
        ).toEqual(
          expectedAddons(c).map(([name, wave]) => [
            `${name}-${c.environment}`,
            wave,
          ]),
        );
        expect(
          apps.filter(
            a =>
              a.spec.project !== `platform-${c.environment}` ||
              JSON.stringify(a.metadata.finalizers) !==
                '["resources-finalizer.argocd.argoproj.io"]',
          ),
        ).toEqual([]);
        const charts = apps.filter(a => chartOf(a)?.chart);
        expect(
          charts
            .map(a => chartOf(a).targetRevision)
            .filter(v => !/^v?\d+\.\d+\.\d+$/.test(v)),
        ).toEqual([]);
        // Each chart's values are a file of this repository, reviewed like
        // the rest: the chart source names it through the `values` ref of a
        // second source, this repository at main; none are inline.
        const repoURL = `https://github.com/acme/platform-${c.environment}.git`;
        expect(
          charts.map(a => [
            a.metadata.name,
            a.spec.source,
            a.spec.sources.length,
            a.spec.sources[1],
            chartOf(a).helm.valuesObject ?? chartOf(a).helm.values,
            chartOf(a).helm.valueFiles,
          ]),
        ).toEqual(
          charts.map(a => [
            a.metadata.name,
            undefined,
            2,
            { repoURL, targetRevision: 'main', ref: 'values' },
            undefined,
            [
              `$values/platform/values/${
                chartOf(a).helm.releaseName
              }/values.yaml`,
            ],
          ]),
        );
        // Exactly the running charts have a values file, and each parses
        // to an object.
        const valueFiles = [...result.files.keys()].filter(f =>
          f.startsWith('platform/values/'),
        );
        expect(valueFiles.sort()).toEqual(
          charts
            .map(a => chartOf(a).helm.valueFiles[0].replace('$values/', ''))
            .sort(),
        );
        for (const a of charts) {
          expect([a.metadata.name, typeof helmValues(a)]).toEqual([
            a.metadata.name,
            'object',
          ]);
        }
        // Manifests of the environment's own repository: the path exists in
        // what was rendered, and holds manifests.
        const fromGit = apps.filter(a => !chartOf(a)?.chart);
        expect(fromGit.map(a => a.spec.source)).toEqual(
          fromGit.map(() => ({
            repoURL: `https://github.com/acme/platform-${c.environment}.git`,
            targetRevision: 'main',
            path: expect.stringMatching(/^platform\/[a-z-]+$/),
          })),
        );
        expect(
          fromGit.filter(a => manifestsUnder(a.spec.source.path).length === 0),
        ).toEqual([]);
      });

      it('creates the ClusterIssuers that ingresses name, with cert-manager, valid against its CRDs', () => {
        const issuers = manifestsUnder('platform/cluster-issuers');
        expect(validateKubernetesObjects(issuers).filter(r => !r.ok)).toEqual(
          [],
        );
        expect(
          issuers.map(i => [
            i.kind,
            i.metadata.name,
            i.spec.acme.server,
            i.spec.acme.privateKeySecretRef.name,
          ]),
        ).toEqual([
          [
            'ClusterIssuer',
            'letsencrypt-staging',
            'https://acme-staging-v02.api.letsencrypt.org/directory',
            'letsencrypt-staging-account-key',
          ],
          [
            'ClusterIssuer',
            'letsencrypt-production',
            'https://acme-v02.api.letsencrypt.org/directory',
            'letsencrypt-production-account-key',
          ],
        ]);
        for (const issuer of issuers) {
          expect(issuer.spec.acme.email).toBe('platform@example.com');
          // HTTP-01 through the ingress controller the platform installs.
          expect(issuer.spec.acme.solvers).toEqual([
            { http01: { ingress: { ingressClassName: 'nginx' } } },
          ]);
        }
      });

      it("creates Grafana's admin Secret in the cluster, with the keys Grafana reads, and no password in Git", () => {
        const [kps] = yamlDocuments(
          result.files.get('platform/addons/applications.yaml')!,
        ).filter(a => chartOf(a)?.chart === 'kube-prometheus-stack');
        const grafana = helmValues(kps).grafana;
        expect(grafana).not.toHaveProperty('adminPassword');
        const manifests = manifestsUnder('platform/grafana-admin');
        expect(validateKubernetesObjects(manifests).filter(r => !r.ok)).toEqual(
          [],
        );
        const generator = manifests.find(m => m.kind === 'Password')!;
        const es = manifests.find(m => m.kind === 'ExternalSecret')!;
        expect(generator.apiVersion).toBe(
          'generators.external-secrets.io/v1alpha1',
        );
        expect(es.metadata.namespace).toBe(kps.spec.destination.namespace);
        expect(generator.metadata.namespace).toBe(es.metadata.namespace);
        expect(es.spec.dataFrom).toEqual([
          {
            sourceRef: {
              generatorRef: {
                apiVersion: generator.apiVersion,
                kind: 'Password',
                name: generator.metadata.name,
              },
            },
          },
        ]);
        // Generated once, not on every refresh.
        expect(es.spec.refreshInterval).toBe('0');
        expect(es.spec.target.name).toBe(grafana.admin.existingSecret);
        expect(Object.keys(es.spec.target.template.data).sort()).toEqual(
          [grafana.admin.userKey, grafana.admin.passwordKey].sort(),
        );
        expect(es.spec.target.template.data[grafana.admin.passwordKey]).toBe(
          '{{ .password }}',
        );
      });

      const production = c.environment === 'prod';
      const chartApp = (chart: string) =>
        yamlDocuments(
          result.files.get('platform/addons/applications.yaml')!,
        ).find(a => chartOf(a)?.chart === chart)!;
      /**
       * The in-cluster URL of a chart's Service: the loki and tempo charts
       * name it after the release when the release name contains the
       * chart's name (their fullname helpers), as here.
       */
      const serviceHost = (app: any) => {
        expect(chartOf(app).helm.releaseName).toContain(chartOf(app)?.chart);
        return `${chartOf(app).helm.releaseName}.${
          app.spec.destination.namespace
        }.svc.cluster.local`;
      };

      it('keeps logs in one Loki binary on a volume, with the retention of the environment', () => {
        const loki = chartApp('loki');
        const v = helmValues(loki);
        expect(chartOf(loki).repoURL).toBe(
          'https://grafana-community.github.io/helm-charts',
        );
        expect(v.deploymentMode).toBe('Monolithic');
        expect(v.loki.storage.type).toBe('filesystem');
        expect(v.loki.schemaConfig.configs).toEqual([
          expect.objectContaining({
            object_store: 'filesystem',
            store: 'tsdb',
          }),
        ]);
        expect(v.loki.limits_config.retention_period).toBe(
          production ? '720h' : '168h',
        );
        expect(v.loki.compactor.retention_enabled).toBe(true);
        expect(v.singleBinary.replicas).toBe(1);
        expect(v.singleBinary.persistence.enabled).toBe(true);
        // The chart refuses scalable targets beside a monolith on a file
        // system (templates/validate.yaml); its defaults give them 3 each.
        expect([v.read, v.write, v.backend]).toEqual([
          { replicas: 0 },
          { replicas: 0 },
          { replicas: 0 },
        ]);
        // And its Helm test needs the canary.
        expect([v.lokiCanary.enabled, v.test.enabled]).toEqual([false, false]);
      });

      it('keeps traces in one Tempo binary on a volume, for less time than logs', () => {
        const v = helmValues(chartApp('tempo'));
        expect(v.tempo.retention).toBe(production ? '336h' : '72h');
        expect(v.persistence.enabled).toBe(true);
      });

      it("ships every node's pod logs to Loki and OTLP traces to Tempo with Alloy, a DaemonSet", () => {
        const alloy = chartApp('alloy');
        const v = helmValues(alloy);
        expect(chartOf(alloy).repoURL).toBe(
          'https://grafana.github.io/helm-charts',
        );
        expect([v.controller.type, v.alloy.mounts.varlog]).toEqual([
          'daemonset',
          true,
        ]);
        // No PodLogs CRD: the project does not allow CRDs for it.
        expect(v.crds.create).toBe(false);
        const config: string = v.alloy.configMap.content;
        expect(config).toContain(
          `url = "http://${serviceHost(
            chartApp('loki'),
          )}:3100/loki/api/v1/push"`,
        );
        expect(config).toContain('"spec.nodeName=" + sys.env("HOSTNAME")');
        expect(config).toContain(
          `endpoint = "${serviceHost(chartApp('tempo'))}:4317"`,
        );
        // The receiver's ports are on the alloy Service.
        expect(
          v.alloy.extraPorts.map((p: any) => [p.name, p.port, p.targetPort]),
        ).toEqual([
          ['otlp-grpc', 4317, 4317],
          ['otlp-http', 4318, 4318],
        ]);
        expect(config).toContain('endpoint = "0.0.0.0:4317"');
        expect(config).toContain('endpoint = "0.0.0.0:4318"');
      });

      it("gives Grafana Loki and Tempo as data sources at their Services' URLs, traces linked to logs", () => {
        const grafana = helmValues(chartApp('kube-prometheus-stack')).grafana;
        const sources = grafana.additionalDataSources as any[];
        const loki = sources.find(d => d.type === 'loki');
        const tempo = sources.find(d => d.type === 'tempo');
        expect(loki.url).toBe(`http://${serviceHost(chartApp('loki'))}:3100`);
        // tempo.server.http_listen_port (3200) on the tempo Service.
        expect(tempo.url).toBe(`http://${serviceHost(chartApp('tempo'))}:3200`);
        expect(tempo.jsonData.tracesToLogsV2).toMatchObject({
          datasourceUid: loki.uid,
          filterByTraceID: true,
        });
        expect(loki.jsonData.derivedFields).toEqual([
          expect.objectContaining({ datasourceUid: tempo.uid }),
        ]);
        // Grafana expands $VAR in provisioning files: $$ keeps Grafana's own
        // variable.
        expect(loki.jsonData.derivedFields[0].url).toBe('$${__value.raw}');
        expect(
          new RegExp(loki.jsonData.derivedFields[0].matcherRegex).exec(
            'level=info traceID=4bf92f3577b34da6a3ce929d0e0e4736 msg=ok',
          )?.[1],
        ).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
      });

      it("routes alerts to the environment's alert e-mail, with the SMTP settings from the platform's secret store and none in Git", () => {
        const am = helmValues(chartApp('kube-prometheus-stack')).alertmanager;
        const manifests = manifestsUnder('platform/alertmanager-smtp');
        expect(validateKubernetesObjects(manifests).filter(r => !r.ok)).toEqual(
          [],
        );
        expect(manifests.map(m => m.kind)).toEqual(['ExternalSecret']);
        const [es] = manifests;
        expect(es.metadata.namespace).toBe(
          chartApp('kube-prometheus-stack').spec.destination.namespace,
        );
        expect(es.spec.secretStoreRef).toEqual({
          kind: 'ClusterSecretStore',
          name: 'platform',
        });
        // Inside what the store's identity may read (secret-store).
        expect(es.spec.dataFrom).toEqual([
          {
            extract: {
              key:
                c.cloud === 'aws' || c.vault
                  ? `${c.environment}/platform/alertmanager-smtp`
                  : `${c.environment}-platform-alertmanager-smtp`,
            },
          },
        ]);
        // kube-prometheus-stack writes no configuration of its own, reads
        // this Secret's and mounts it for the password file.
        expect(am.config).toBeUndefined();
        expect(am.alertmanagerSpec).toEqual({
          useExistingSecret: true,
          configSecret: es.spec.target.name,
          secrets: [es.spec.target.name],
        });
        const data = es.spec.target.template.data;
        expect(data.password).toBe('{{ .password }}');
        // What the operator renders, with sample values from the store.
        const sample: Record<string, string> = {
          smarthost: 'smtp.example.com:587',
          from: 'alerts@example.com',
          username: 'alerts',
        };
        const rendered = yaml.parse(
          (data['alertmanager.yaml'] as string).replace(
            /\{\{ \.(\w+) \| toJson \}\}/g,
            (_m, k) => JSON.stringify(sample[k]),
          ),
        );
        expect(rendered.global).toEqual({
          smtp_smarthost: 'smtp.example.com:587',
          smtp_from: 'alerts@example.com',
          smtp_auth_username: 'alerts',
          // alertmanagerSpec.secrets mount at /etc/alertmanager/secrets/<name>.
          smtp_auth_password_file: `/etc/alertmanager/secrets/${es.spec.target.name}/password`,
          smtp_require_tls: true,
        });
        expect(rendered.route.receiver).toBe('owner');
        expect(rendered.route.repeat_interval).toBe(production ? '4h' : '12h');
        expect(rendered.receivers).toEqual([
          { name: 'null' },
          {
            name: 'owner',
            email_configs: [
              { to: 'platform@example.com', send_resolved: true },
            ],
          },
        ]);
        // Every receiver a route names exists.
        const names = rendered.receivers.map((r: any) => r.name);
        for (const route of [rendered.route, ...rendered.route.routes])
          expect(names).toContain(route.receiver);
      });

      const mesh = meshOf(c);
      /** The mesh's policy, charts, the pods it enrolls and the exclusions. */
      const meshParts = () => {
        // The ClusterPolicies (the folder also holds the report reader's RBAC).
        const baseline = manifestsUnder('platform/kyverno-policies').filter(
          p => p.kind === 'ClusterPolicy',
        );
        const apps = yamlDocuments(
          result.files.get('platform/addons/applications.yaml')!,
        );
        return {
          policies: manifestsUnder('platform/mesh-policy'),
          excluded: new Set(
            baseline.flatMap(p =>
              p.spec.rules.flatMap((r: any) =>
                r.exclude.any.flatMap((a: any) => a.resources.namespaces),
              ),
            ),
          ),
          istio: apps.filter(a =>
            ['base', 'istiod', 'cni', 'ztunnel'].includes(chartOf(a)?.chart),
          ),
          ingress: helmValues(chartApp('ingress-nginx')).controller,
          prometheus: helmValues(chartApp('kube-prometheus-stack')).prometheus
            .prometheusSpec,
        };
      };

      if (!mesh) {
        it('leaves the service mesh off in the first stage (dev) by default', () => {
          const { policies, istio, excluded, ingress, prometheus } =
            meshParts();
          expect([
            policies,
            istio,
            excluded.has('istio-system'),
            ingress.podLabels,
            prometheus.podMetadata,
          ]).toEqual([[], [], false, undefined, undefined]);
        });
      } else {
        it("requires mutual TLS between services (Istio ambient), with the mesh's own pods outside the admission policies", () => {
          const { policies, istio, excluded, ingress, prometheus } =
            meshParts();
          expect(
            validateKubernetesObjects(policies).filter(r => !r.ok),
          ).toEqual([]);
          expect(
            policies.map(p => [
              p.apiVersion,
              p.kind,
              p.metadata.namespace,
              p.spec,
            ]),
          ).toEqual([
            [
              'security.istio.io/v1',
              'PeerAuthentication',
              // Istio's root namespace, where a policy without a selector is
              // mesh-wide: the namespace of istiod's Application.
              chartApp('istiod').spec.destination.namespace,
              { mtls: { mode: 'STRICT' } },
            ],
          ]);
          // The four charts in ambient mode, from one Istio release, the CNI
          // and ztunnel told the platform where it matters (GKE).
          expect(
            istio.map(a => [
              chartOf(a)?.chart,
              chartOf(a).targetRevision,
              helmValues(a).profile,
              helmValues(a).platform,
            ]),
          ).toEqual(
            ['base', 'istiod', 'cni', 'ztunnel'].map(chart => [
              chart,
              '1.29.8',
              chart === 'base' ? undefined : 'ambient',
              chart !== 'base' && c.cloud === 'gcp' ? 'gke' : undefined,
            ]),
          );
          // istiod patches its webhooks' failurePolicy and caBundle: Argo CD
          // leaves them to it instead of reverting them on self-heal.
          for (const a of istio.filter(x =>
            ['base', 'istiod'].includes(chartOf(x)?.chart),
          )) {
            expect(a.spec.syncPolicy.syncOptions).toContain(
              'RespectIgnoreDifferences=true',
            );
            expect(
              a.spec.ignoreDifferences.map((d: any) => [
                d.kind,
                d.jqPathExpressions,
              ]),
            ).toEqual([
              [
                'ValidatingWebhookConfiguration',
                [
                  '.webhooks[]?.failurePolicy',
                  '.webhooks[]?.clientConfig.caBundle',
                ],
              ],
              [
                'MutatingWebhookConfiguration',
                ['.webhooks[]?.clientConfig.caBundle'],
              ],
            ]);
          }
          // istio-cni and ztunnel need the host's network and hostPath: their
          // namespace is out of the admission policies.
          expect(excluded.has('istio-system')).toBe(true);
          // The ingress controller and Prometheus call services in the mesh
          // (which refuse plain text) through it, and receive from outside it.
          for (const pod of [
            { labels: ingress.podLabels, annotations: ingress.podAnnotations },
            prometheus.podMetadata,
          ]) {
            expect(pod).toEqual({
              labels: { 'istio.io/dataplane-mode': 'ambient' },
              annotations: {
                'ambient.istio.io/bypass-inbound-capture': 'true',
              },
            });
          }
          expect(result.files.get('DECISIONS.md')).toContain(
            '## Service mesh (Istio ambient): mutual TLS between services',
          );
        });
      }

      if (c.cloud === 'aws') {
        it('backs up every day into the encrypted bucket the cluster layer makes, as a role that may use only it, kept longer in production', async () => {
          const manifests = manifestsUnder('platform/backups');
          expect(
            validateKubernetesObjects(manifests).filter(r => !r.ok),
          ).toEqual([]);
          const [bsl, vsl, schedule] = manifests;
          expect(manifests.map(m => m.kind)).toEqual([
            'BackupStorageLocation',
            'VolumeSnapshotLocation',
            'Schedule',
          ]);
          const { account, region } = ENVIRONMENTS.find(
            e => e.name === c.environment,
          )!.cloud!;
          // The bucket the aws-bucket module names
          // (<name>-<environment>-<account>), in the environment's region.
          const tf = (await parseTerraformDir(result.files, 'infra/cluster'))[
            'main.tf'
          ];
          const bucketModule = tf.module.backups[0];
          expect(bsl.spec.objectStorage.bucket).toBe(
            `${bucketModule.name}-${c.environment}-${account}`,
          );
          // No encryption setting of its own: asking for aws:kms without a
          // key id would pick AWS's managed key over the bucket's default
          // (the environment's key).
          expect([
            bsl.spec.provider,
            bsl.spec.config,
            bsl.spec.default,
          ]).toEqual(['aws', { region }, true]);
          expect(bucketModule.kms_key_arn).toBe(
            '${module.baseline.kms_key_arn}',
          );
          expect(vsl.spec).toEqual({ provider: 'aws', config: { region } });
          expect(schedule.spec.schedule).toBe('0 3 * * *');
          expect(schedule.spec.template).toMatchObject({
            storageLocation: bsl.metadata.name,
            volumeSnapshotLocations: [vsl.metadata.name],
            ttl: production ? '720h0m0s' : '168h0m0s',
          });
          // Velero runs as the cluster layer's role, which only its service
          // account may assume, and which reaches only that bucket.
          const velero = chartApp('velero');
          const values = helmValues(velero);
          const role = tf.resource.aws_iam_role.velero[0];
          expect(values.credentials.useSecret).toBe(false);
          expect(
            values.serviceAccount.server.annotations[
              'eks.amazonaws.com/role-arn'
            ],
          ).toBe(`arn:aws:iam::${account}:role/${role.name}`);
          const [trust] =
            tf.data.aws_iam_policy_document.velero_trust[0].statement;
          expect(
            trust.condition.find((k: any) => k.variable.endsWith(':sub'))
              .values,
          ).toEqual([
            `system:serviceaccount:${velero.spec.destination.namespace}:${values.serviceAccount.server.name}`,
          ]);
          const statements =
            tf.data.aws_iam_policy_document.velero[0].statement;
          const bucketArn = `arn:aws:s3:::${bsl.spec.objectStorage.bucket}`;
          expect(
            statements
              .filter((st: any) =>
                st.actions.some((a: string) => a.startsWith('s3:')),
              )
              .map((st: any) => st.resources),
          ).toEqual([[bucketArn], [`${bucketArn}/*`]]);
          // The bucket passes the policy pack with the rest of the cluster
          // layer (above).
          // No object of its own: the chart renders no location or schedule.
          expect(values.configuration).toEqual({
            backupStorageLocation: [],
            volumeSnapshotLocation: [],
          });
          expect(values.upgradeCRDs).toBe(false);
          expect(result.files.get('README.md')).toContain('## Restore runbook');
        });
      } else if (c.cloud === 'gcp') {
        it('backs up every day into the CMEK-encrypted bucket the cluster layer makes, as a Workload Identity service account that may use only it and disk snapshots', async () => {
          const manifests = manifestsUnder('platform/backups');
          expect(
            validateKubernetesObjects(manifests).filter(r => !r.ok),
          ).toEqual([]);
          const [bsl, vsl, schedule] = manifests;
          expect(manifests.map(m => m.kind)).toEqual([
            'BackupStorageLocation',
            'VolumeSnapshotLocation',
            'Schedule',
          ]);
          const { account, region } = ENVIRONMENTS.find(
            e => e.name === c.environment,
          )!.cloud!;
          const tf = (await parseTerraformDir(result.files, 'infra/cluster'))[
            'main.tf'
          ];
          const res = tf.resource;
          // The bucket the cluster layer makes: private, versioned, in the
          // region, encrypted with its own key, which only Cloud Storage's
          // service agent uses.
          const bucket = res.google_storage_bucket.backups[0];
          expect(bsl.spec.objectStorage.bucket).toBe(bucket.name);
          expect([
            bucket.location,
            bucket.uniform_bucket_level_access,
            bucket.public_access_prevention,
            bucket.force_destroy,
            bucket.versioning[0].enabled,
            bucket.encryption[0].default_kms_key_name,
          ]).toEqual([
            region,
            true,
            'enforced',
            false,
            true,
            '${google_kms_crypto_key.backups.id}',
          ]);
          expect(
            res.google_kms_crypto_key_iam_member.backups_gcs[0].member,
          ).toBe(
            'serviceAccount:${data.google_storage_project_service_account.this.email_address}',
          );
          // What Velero leaves behind goes a day after the schedule's TTL;
          // a replaced or deleted object stays one more retention period.
          const days = production ? 30 : 7;
          expect(schedule.spec.template.ttl).toBe(`${days * 24}h0m0s`);
          expect(
            bucket.lifecycle_rule.map((r: any) => [
              r.action[0].type,
              r.condition[0],
            ]),
          ).toEqual([
            ['Delete', { age: days + 1 }],
            ['Delete', { days_since_noncurrent_time: days }],
            ['AbortIncompleteMultipartUpload', { age: 1 }],
          ]);
          expect([bsl.spec.provider, bsl.spec.default]).toEqual([
            'velero.io/gcp',
            true,
          ]);
          expect(vsl.spec).toEqual({
            provider: 'velero.io/gcp',
            config: { snapshotLocation: region },
          });
          expect(schedule.spec.template).toMatchObject({
            storageLocation: bsl.metadata.name,
            volumeSnapshotLocations: [vsl.metadata.name],
          });
          // Velero runs as the Google service account the cluster layer
          // makes, which only its Kubernetes service account may use.
          const velero = chartApp('velero');
          const values = helmValues(velero);
          const gsa = res.google_service_account.velero[0];
          const email = `${gsa.account_id}@${account}.iam.gserviceaccount.com`;
          expect(values.credentials.useSecret).toBe(false);
          expect(
            values.serviceAccount.server.annotations[
              'iam.gke.io/gcp-service-account'
            ],
          ).toBe(email);
          expect(bsl.spec.config).toEqual({ serviceAccount: email });
          expect(
            values.initContainers.map((i: any) => [i.name, i.image]),
          ).toEqual([
            [
              'velero-plugin-for-gcp',
              'docker.io/velero/velero-plugin-for-gcp:v1.14.2',
            ],
          ]);
          const wi =
            res.google_service_account_iam_member.velero_workload_identity[0];
          expect([wi.service_account_id, wi.role, wi.member]).toEqual([
            '${google_service_account.velero.name}',
            'roles/iam.workloadIdentityUser',
            `serviceAccount:\${module.cluster.workload_pool}[${velero.spec.destination.namespace}/${values.serviceAccount.server.name}]`,
          ]);
          // Its grants: the bucket's objects, on that bucket; the plugin's
          // compute permissions for disk snapshots; signBlob on itself.
          const member = `serviceAccount:${email}`;
          const grant = res.google_storage_bucket_iam_member.velero[0];
          expect([grant.bucket, grant.role, grant.member]).toEqual([
            '${google_storage_bucket.backups.name}',
            'roles/storage.objectAdmin',
            member,
          ]);
          // The compute permissions of velero-plugin-for-gcp's README (tag
          // v1.14.2, "Create Custom Role with Permissions for the Velero
          // GSA"); its storage.* and signBlob ones are granted narrower.
          const role = res.google_project_iam_custom_role.velero[0];
          expect([...role.permissions].sort()).toEqual([
            'compute.disks.create',
            'compute.disks.createSnapshot',
            'compute.disks.get',
            'compute.projects.get',
            'compute.snapshots.create',
            'compute.snapshots.delete',
            'compute.snapshots.get',
            'compute.snapshots.setLabels',
            'compute.snapshots.useReadOnly',
            'compute.zones.get',
          ]);
          expect(
            [
              res.google_project_iam_member.velero[0],
              res.google_service_account_iam_member.velero_sign_blob[0],
            ].map(m => [m.role, m.member]),
          ).toEqual([
            ['${google_project_iam_custom_role.velero.name}', member],
            ['roles/iam.serviceAccountTokenCreator', member],
          ]);
          expect(
            res.google_service_account_iam_member.velero_sign_blob[0]
              .service_account_id,
          ).toBe('${google_service_account.velero.name}');
          // The bucket and the grants pass the policy pack with the rest of
          // the cluster layer (above).
          expect(values.configuration).toEqual({
            backupStorageLocation: [],
            volumeSnapshotLocation: [],
          });
          const readme = result.files.get('README.md')!;
          expect(readme).toContain('## Restore runbook');
          expect(readme).toContain(`gs://${bucket.name}/velero`);
        });
      } else {
        it('backs up every day into the CMK-encrypted storage account the cluster layer makes, as a workload identity that may use only its container and disk snapshots', async () => {
          const manifests = manifestsUnder('platform/backups');
          expect(
            validateKubernetesObjects(manifests).filter(r => !r.ok),
          ).toEqual([]);
          const [bsl, vsl, schedule] = manifests;
          expect(manifests.map(m => m.kind)).toEqual([
            'BackupStorageLocation',
            'VolumeSnapshotLocation',
            'Schedule',
          ]);
          const { account, region } = ENVIRONMENTS.find(
            e => e.name === c.environment,
          )!.cloud!;
          const platformGroup = `rg-acme-${c.environment}-platform`;
          const platformGroupId = `/subscriptions/${account}/resourceGroups/${platformGroup}`;
          const tf = (await parseTerraformDir(result.files, 'infra/cluster'))[
            'main.tf'
          ];
          const res = tf.resource;
          // The storage account of the azure-bucket module, its container
          // Velero's bucket; Entra ID (useAAD) at the account's own blob
          // endpoint, so Velero needs no right to read the account's
          // properties.
          const bucket = tf.module.backups[0];
          expect(bsl.spec.provider).toBe('velero.io/azure');
          expect(bsl.spec.objectStorage).toEqual({
            bucket: bucket.container_name,
          });
          expect(bsl.spec.config).toEqual({
            resourceGroup: platformGroup,
            storageAccount: bucket.storage_account_name,
            storageAccountURI: `https://${bucket.storage_account_name}.blob.core.windows.net/`,
            subscriptionId: account,
            useAAD: 'true',
          });
          expect(bucket.resource_group_name).toBe(
            '${local.resource_group_name}',
          );
          // Incremental snapshots, into the platform resource group, which
          // outlives the cluster.
          expect(vsl.spec).toEqual({
            provider: 'velero.io/azure',
            config: {
              resourceGroup: platformGroup,
              subscriptionId: account,
              incremental: 'true',
            },
          });
          const days = production ? 30 : 7;
          expect(schedule.spec.schedule).toBe('0 3 * * *');
          expect(schedule.spec.template).toMatchObject({
            storageLocation: bsl.metadata.name,
            volumeSnapshotLocations: [vsl.metadata.name],
            ttl: `${days * 24}h0m0s`,
          });

          // Planned: the account as Azure gets it, and what may use it.
          const planned = await governRendered(
            result.files,
            'infra/cluster',
            c.environment,
            cloudOf(c.environment),
            clusterVars(c.cloud),
          );
          const changes = planned.document.resource_changes as any[];
          const one = (address: string) =>
            changes.find(r => r.address === address)?.change.after;
          const storage = one('module.backups.azurerm_storage_account.this');
          expect(storage).toMatchObject({
            name: bsl.spec.config.storageAccount,
            resource_group_name: platformGroup,
            location: region,
            min_tls_version: 'TLS1_2',
            https_traffic_only_enabled: true,
            allow_nested_items_to_be_public: false,
            shared_access_key_enabled: false,
            infrastructure_encryption_enabled: true,
            network_rules: [
              expect.objectContaining({
                default_action: 'Deny',
                virtual_network_subnet_ids: [
                  (clusterVars(c.cloud) as { node_subnet_id: string })
                    .node_subnet_id,
                ],
              }),
            ],
            blob_properties: [
              expect.objectContaining({ versioning_enabled: true }),
            ],
          });
          expect(
            storage.blob_properties[0].delete_retention_policy[0].days,
          ).toBeGreaterThanOrEqual(days);
          // A key of its own in the platform key vault, used by an identity
          // of its own, scoped to that key.
          expect(bucket.cmk_key_id).toBe(
            '${azurerm_key_vault_key.backups.versionless_id}',
          );
          expect(bucket.cmk_identity_id).toBe(
            '${azurerm_user_assigned_identity.backups_cmk.id}',
          );
          expect(res.azurerm_key_vault_key.backups[0].key_vault_id).toBe(
            '${local.platform_key_vault_id}',
          );
          expect(res.azurerm_role_assignment.backups_cmk[0]).toMatchObject({
            scope: '${azurerm_key_vault_key.backups.resource_versionless_id}',
            role_definition_name: 'Key Vault Crypto Service Encryption User',
            principal_id:
              '${azurerm_user_assigned_identity.backups_cmk.principal_id}',
          });
          // The lifecycle net under the Schedule's TTL, on Velero's container.
          const [rule] = one('azurerm_storage_management_policy.backups').rule;
          expect(rule.filters[0].prefix_match).toEqual([
            `${bsl.spec.objectStorage.bucket}/`,
          ]);
          expect([
            rule.actions[0].base_blob[0]
              .delete_after_days_since_modification_greater_than,
            rule.actions[0].version[0].delete_after_days_since_creation,
          ]).toEqual([days + 1, days]);

          // Velero runs as the managed identity the cluster layer makes,
          // whose federated credential trusts the chart's server
          // ServiceAccount in its Application's namespace only.
          const velero = chartApp('velero');
          const values = helmValues(velero);
          const identity = 'azurerm_user_assigned_identity.velero';
          const [credential] = res.azurerm_federated_identity_credential.velero;
          expect(credential).toMatchObject({
            parent_id: `\${${identity}.id}`,
            issuer: '${module.cluster.oidc_issuer_url}',
            subject: `system:serviceaccount:${velero.spec.destination.namespace}:${values.serviceAccount.server.name}`,
            audience: ['api://AzureADTokenExchange'],
          });
          expect(values.podLabels).toEqual({
            'azure.workload.identity/use': 'true',
          });
          // Its client id is not in Git (the app-of-apps patches it in).
          expect(values.serviceAccount.server.annotations).toBeUndefined();
          expect(
            (await parseTerraformDir(result.files, 'infra/cluster'))[
              'outputs.tf'
            ].output.velero_client_id[0].value,
          ).toBe(`\${${identity}.client_id}`);
          expect(
            values.initContainers.map((i: any) => [i.name, i.image]),
          ).toEqual([
            [
              'velero-plugin-for-microsoft-azure',
              'docker.io/velero/velero-plugin-for-microsoft-azure:v1.14.2',
            ],
          ]);
          // The plugin's credentials file: ids only, no secret; the disks'
          // resource group is AKS's default node resource group, which the
          // cluster layer holds AKS's answer to.
          const nodeGroup = `MC_${platformGroup}_platform-${c.environment}_${region}`;
          expect(values.credentials.useSecret).toBe(true);
          expect(values.credentials.secretContents.cloud).toBe(
            `AZURE_SUBSCRIPTION_ID=${account}\nAZURE_RESOURCE_GROUP=${nodeGroup}\nAZURE_CLOUD_NAME=AzurePublicCloud\n`,
          );
          expect(values.credentials.secretContents.cloud).not.toMatch(
            /SECRET|KEY|PASSWORD|CERTIFICATE/,
          );
          expect(Object.assign({}, ...tf.locals).node_resource_group).toBe(
            nodeGroup,
          );
          const [check] =
            tf.data.azurerm_kubernetes_cluster.this[0].lifecycle[0]
              .postcondition;
          expect(check.condition).toBe(
            '${self.node_resource_group == local.node_resource_group}',
          );

          // Its grants, planned: Storage Blob Data Contributor on the backup
          // container only, Storage Blob Delegator (user delegation keys for
          // the download URLs of logs) on the backup account only, the
          // plugin's disk permissions on the node resource group and its
          // snapshot permissions on the platform resource group; nothing
          // else, nothing wider.
          const accountId = `${platformGroupId}/providers/Microsoft.Storage/storageAccounts/${bucket.storage_account_name}`;
          const nodeGroupId = `/subscriptions/${account}/resourceGroups/${nodeGroup}`;
          const grants = changes
            .filter(r => r.type === 'azurerm_role_assignment')
            .filter(r =>
              /velero|backups\.azurerm_role_assignment\.workload/.test(
                r.address,
              ),
            )
            .map(r => [
              r.address,
              r.change.after.role_definition_name ?? 'custom',
              r.change.after.scope ?? '(the container)',
            ]);
          expect(grants).toEqual([
            [
              'azurerm_role_assignment.velero_delegator',
              'Storage Blob Delegator',
              accountId,
            ],
            ['azurerm_role_assignment.velero_disks', 'custom', nodeGroupId],
            [
              'azurerm_role_assignment.velero_snapshots',
              'custom',
              platformGroupId,
            ],
            [
              'module.backups.azurerm_role_assignment.workload',
              'Storage Blob Data Contributor',
              '(the container)',
            ],
          ]);
          // The container grant's principal is Velero's identity.
          expect(bucket.workload_principal_id).toBe(
            `\${${identity}.principal_id}`,
          );
          for (const name of [
            'velero_delegator',
            'velero_disks',
            'velero_snapshots',
          ]) {
            expect(res.azurerm_role_assignment[name][0].principal_id).toBe(
              `\${${identity}.principal_id}`,
            );
          }
          // The compute permissions of velero-plugin-for-microsoft-azure's
          // README ("Specify Role", minimum permissions), split by scope;
          // its storage ones are the container grant above.
          const roles = Object.fromEntries(
            ['velero_disks', 'velero_snapshots'].map(n => [
              n,
              one(`azurerm_role_definition.${n}`),
            ]),
          );
          expect(
            Object.values(roles).map((r: any) => [
              r.scope,
              r.assignable_scopes,
              [...r.permissions[0].actions].sort(),
              r.permissions[0].data_actions ?? [],
            ]),
          ).toEqual([
            [
              nodeGroupId,
              [nodeGroupId],
              [
                'Microsoft.Compute/disks/beginGetAccess/action',
                'Microsoft.Compute/disks/endGetAccess/action',
                'Microsoft.Compute/disks/read',
                'Microsoft.Compute/disks/write',
              ],
              [],
            ],
            [
              platformGroupId,
              [platformGroupId],
              [
                'Microsoft.Compute/snapshots/delete',
                'Microsoft.Compute/snapshots/read',
                'Microsoft.Compute/snapshots/write',
              ],
              [],
            ],
          ]);
          expect(
            ['velero_disks', 'velero_snapshots'].map(
              n => res.azurerm_role_assignment[n][0].role_definition_id,
            ),
          ).toEqual([
            '${azurerm_role_definition.velero_disks.role_definition_resource_id}',
            '${azurerm_role_definition.velero_snapshots.role_definition_resource_id}',
          ]);
          // The account and the grants pass the policy pack with the rest
          // of the cluster layer (above).
          expect(values.configuration).toEqual({
            backupStorageLocation: [],
            volumeSnapshotLocation: [],
          });
          expect(values.upgradeCRDs).toBe(false);
          const readme = result.files.get('README.md')!;
          expect(readme).toContain('## Restore runbook');
          expect(readme).toContain(
            `the container \`velero\` of the storage account\n\`${bucket.storage_account_name}\``,
          );
          expect(result.files.get('DECISIONS.md')).toContain(
            'Storage Blob Data Contributor on the container',
          );
        });
      }

      /**
       * The app-of-apps with the project it runs in, from whoever creates
       * them: central, argocd:create-app (its projectSpec); in-cluster, the
       * delivery layer's argocd-apps release (planned from the rendered
       * layer). None before applying.
       */
      const appOfAppsWithProject = async (): Promise<any[]> => {
        const creates = calls.filter(x => x.action === 'argocd:create-app');
        if (!inCluster || !c.apply) return creates.map(x => x.input);
        const g = await governRendered(
          result.files,
          'infra/delivery',
          c.environment,
          cloudOf(c.environment),
          deliveryVars(c.cloud),
        );
        const platform = (g.document.resource_changes as any[]).find(
          r => r.type === 'helm_release' && r.name === 'platform',
        );
        const values = JSON.parse(platform.change.after.values[0]);
        return Object.entries<any>(values.applications).map(([name, app]) => ({
          ...app,
          name,
          projectSpec: values.projects[app.project],
        }));
      };

      /** The secret store, the operator's chart values and the cluster layer's resources. */
      const secretStore = async () => {
        const apps = yamlDocuments(
          result.files.get('platform/addons/applications.yaml')!,
        );
        const eso = apps.find(a => chartOf(a)?.chart === 'external-secrets')!;
        const cluster = await parseTerraformDir(result.files, 'infra/cluster');
        return {
          apps,
          eso,
          stores: manifestsUnder('platform/secret-store'),
          annotations: helmValues(eso).serviceAccount?.annotations ?? {},
          tf: cluster['main.tf'],
          ...ENVIRONMENTS.find(e => e.name === c.environment)!.cloud!,
        };
      };

      if (c.vault) {
        it("reads the platform's secrets from Vault with the operator's service account, only for the add-ons' namespaces", async () => {
          const { stores } = await secretStore();
          expect(validateKubernetesObjects(stores).filter(r => !r.ok)).toEqual(
            [],
          );
          expect(stores.map(m => m.spec.provider)).toEqual([
            {
              vault: {
                server: 'https://vault.acme.dev:8200',
                path: 'secret',
                version: 'v2',
                namespace: 'platform',
                auth: {
                  kubernetes: {
                    mountPath: `kubernetes-${c.environment}`,
                    role: 'external-secrets',
                    serviceAccountRef: {
                      name: 'external-secrets',
                      namespace: 'external-secrets',
                    },
                  },
                },
              },
            },
          ]);
          // Vault's side, for its administrator: the policy reads exactly
          // the paths the ExternalSecrets name.
          const decisions = result.files.get('DECISIONS.md')!;
          expect(decisions).toContain(
            `path "secret/data/${c.environment}/platform/*" { capabilities = ["read"] }`,
          );
          expect(decisions).toContain(
            `vault auth enable -path=kubernetes-${c.environment} kubernetes`,
          );
        });
      } else {
        it("reads the platform's secrets from the cloud's secret manager, only for the add-ons' namespaces", async () => {
          const { stores, apps } = await secretStore();
          expect(validateKubernetesObjects(stores).filter(r => !r.ok)).toEqual(
            [],
          );
          expect(stores.map(m => [m.kind, m.metadata.name])).toEqual([
            ['ClusterSecretStore', 'platform'],
          ]);
          const chartNamespaces = apps
            .filter(a => chartOf(a)?.chart)
            .map(a => a.spec.destination.namespace);
          expect(stores[0].spec.conditions).toEqual([
            { namespaces: [...new Set(chartNamespaces)] },
          ]);
        });
      }

      if (c.cloud === 'aws') {
        it("reads them as the operator's own IAM role, limited to the environment's platform secrets", async () => {
          const { stores, annotations, tf, account, region } =
            await secretStore();
          // No auth block: the controller's IRSA credentials.
          expect(stores[0].spec.provider).toEqual({
            aws: { service: 'SecretsManager', region },
          });
          const role = tf.resource.aws_iam_role.external_secrets[0];
          expect(annotations['eks.amazonaws.com/role-arn']).toBe(
            `arn:aws:iam::${account}:role/${role.name}`,
          );
          const [trust] =
            tf.data.aws_iam_policy_document.external_secrets_trust[0].statement;
          expect(
            trust.condition.find((k: any) => k.variable.endsWith(':sub'))
              .values,
          ).toEqual([
            'system:serviceaccount:external-secrets:external-secrets',
          ]);
          const [read, decrypt] =
            tf.data.aws_iam_policy_document.external_secrets[0].statement;
          const secrets = `arn:aws:secretsmanager:${region}:${account}:secret:${c.environment}/platform/*`;
          expect(read.resources).toEqual([secrets]);
          expect(decrypt.condition.map((k: any) => k.values)).toEqual([
            [`secretsmanager.${region}.amazonaws.com`],
            [secrets],
          ]);
        });
      }

      if (c.cloud === 'azure' && !c.vault) {
        it("reads them as the operator's own managed identity, federated with its ServiceAccount, on the platform key vault only", async () => {
          const { stores, eso, annotations, tf, account } = await secretStore();
          const vault = `kv-acme-${c.environment}-tf`;
          const ref = {
            name: 'external-secrets',
            namespace: 'external-secrets',
          };
          expect(stores[0].spec.provider).toEqual({
            azurekv: {
              authType: 'WorkloadIdentity',
              vaultUrl: `https://${vault}.vault.azure.net`,
              serviceAccountRef: ref,
            },
          });
          // The ServiceAccount the store names is the operator's: the
          // chart's account (its release's name) in its Application's
          // namespace.
          expect([
            chartOf(eso).helm.releaseName,
            eso.spec.destination.namespace,
          ]).toEqual([ref.name, ref.namespace]);
          // The client id is not in Git (Azure makes it up at apply); the
          // webhook's label is.
          expect(annotations).toEqual({});
          expect(helmValues(eso).podLabels).toEqual({
            'azure.workload.identity/use': 'true',
          });

          // The federated credential trusts that ServiceAccount's tokens
          // from this cluster's issuer, for the identity the role is given to.
          const identity = 'azurerm_user_assigned_identity.external_secrets';
          const [credential] =
            tf.resource.azurerm_federated_identity_credential.external_secrets;
          expect(credential).toMatchObject({
            parent_id: `\${${identity}.id}`,
            issuer: '${module.cluster.oidc_issuer_url}',
            subject: `system:serviceaccount:${ref.namespace}:${ref.name}`,
            audience: ['api://AzureADTokenExchange'],
          });
          // Planned: the role assignment's scope is the platform key vault
          // (the one the store reads and azure-bootstrap makes), nothing wider.
          const planned = await governRendered(
            result.files,
            'infra/cluster',
            c.environment,
            cloudOf(c.environment),
            clusterVars(c.cloud),
          );
          const assignments = (planned.document.resource_changes as any[])
            .filter(r => r.type === 'azurerm_role_assignment')
            .filter(r => r.name === 'external_secrets')
            .map(r => r.change.after);
          expect(assignments).toEqual([
            expect.objectContaining({
              role_definition_name: 'Key Vault Secrets User',
              scope: `/subscriptions/${account}/resourceGroups/rg-acme-${c.environment}-platform/providers/Microsoft.KeyVault/vaults/${vault}`,
            }),
          ]);
          expect(
            tf.resource.azurerm_role_assignment.external_secrets[0]
              .principal_id,
          ).toBe(`\${${identity}.principal_id}`);
          // The vault's firewall denies public access: the cluster reaches
          // it through a private endpoint in its node subnet, resolved in the
          // privatelink zone linked to the cluster's network.
          const byType = (type: string) =>
            (planned.document.resource_changes as any[])
              .filter(r => r.type === type)
              .map(r => r.change.after);
          const [endpoint] = byType('azurerm_private_endpoint');
          expect(endpoint.private_service_connection).toEqual([
            expect.objectContaining({
              private_connection_resource_id: `/subscriptions/${account}/resourceGroups/rg-acme-${c.environment}-platform/providers/Microsoft.KeyVault/vaults/${vault}`,
              subresource_names: ['vault'],
              is_manual_connection: false,
            }),
          ]);
          const nodes = (clusterVars(c.cloud) as { node_subnet_id: string })
            .node_subnet_id;
          expect(endpoint.subnet_id).toBe(nodes);
          expect(
            byType('azurerm_private_dns_zone_virtual_network_link').map(
              l => l.virtual_network_id,
            ),
          ).toEqual([nodes.split('/subnets/')[0]]);
          // The cluster's KMS key is in the same vault.
          expect(tf.module.cluster[0].key_vault_id).toBe(
            '${local.platform_key_vault_id}',
          );
          const outputs = (
            await parseTerraformDir(result.files, 'infra/cluster')
          )['outputs.tf'].output;
          expect(outputs.external_secrets_client_id[0].value).toBe(
            `\${${identity}.client_id}`,
          );
        });

        it("hands the managed identity's client id to the operator's ServiceAccount through the app-of-apps, once the cluster layer applied", () => {
          const [appOfApps] = calls.filter(
            x => x.action === 'argocd:create-app',
          );
          // Argo CD builds platform/addons with the app-of-apps' patches
          // added to its kustomization: the same, with the real kustomize.
          const root = writeTree(result.files);
          const kustomization = nodePath.join(
            root,
            'platform/addons/kustomization.yaml',
          );
          fs.writeFileSync(
            kustomization,
            yaml.stringify({
              ...yaml.parse(fs.readFileSync(kustomization, 'utf8')),
              patches: (appOfApps.input.source as any).kustomize.patches,
            }),
          );
          const built = kustomizeBuild(root, 'platform/addons');
          expect(built.ok ? '' : built.error).toBe('');
          const objects = built.ok ? built.objects : [];
          expect(validateKubernetesObjects(objects).filter(r => !r.ok)).toEqual(
            [],
          );
          const byName = new Map(objects.map(o => [o.metadata.name, o]));
          const eso = byName.get(`external-secrets-${c.environment}`);
          // The terraform:apply double answers the cluster layer's
          // external_secrets_client_id as Terraform prints it in a plan.
          expect(
            eso.spec.sources[0].helm.valuesObject.serviceAccount.annotations,
          ).toEqual({
            'azure.workload.identity/client-id': '(known after apply)',
          });
          // Velero's server ServiceAccount gets its own identity's the same
          // way (the cluster layer's velero_client_id).
          const velero = byName.get(`velero-${c.environment}`);
          expect(
            velero.spec.sources[0].helm.valuesObject.serviceAccount.server
              .annotations,
          ).toEqual({
            'azure.workload.identity/client-id': '(known after apply)',
          });
          // Only those Applications change.
          const rendered = yamlDocuments(
            result.files.get('platform/addons/applications.yaml')!,
          );
          const others = rendered.filter(
            a =>
              ![eso.metadata.name, velero.metadata.name].includes(
                a.metadata.name,
              ),
          );
          expect(others.map(a => byName.get(a.metadata.name))).toEqual(others);
          fs.rmSync(root, { recursive: true, force: true });
        });
      }

      if (c.cloud === 'gcp') {
        it("reads them as the operator's own Google service account, limited to the environment's platform secrets", async () => {
          const { stores, annotations, tf, account } = await secretStore();
          expect(stores[0].spec.provider).toEqual({
            gcpsm: { projectID: account },
          });
          const gsa = tf.resource.google_service_account.external_secrets[0];
          expect(annotations['iam.gke.io/gcp-service-account']).toBe(
            `${gsa.account_id}@${account}.iam.gserviceaccount.com`,
          );
          // A Google service account id: 6 to 30 characters.
          expect(gsa.account_id).toMatch(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/);
          expect(
            tf.resource.google_service_account_iam_member
              .external_secrets_workload_identity[0].member,
          ).toBe(
            'serviceAccount:${module.cluster.workload_pool}[external-secrets/external-secrets]',
          );
          const access =
            tf.resource.google_project_iam_member.external_secrets[0];
          expect(access.role).toBe('roles/secretmanager.secretAccessor');
          expect(access.member).toBe(
            `serviceAccount:${gsa.account_id}@${account}.iam.gserviceaccount.com`,
          );
          expect(access.condition[0].expression).toContain(
            `"${c.environment}-platform-"`,
          );
        });
      }

      it('creates the project from the same table: it permits every add-on Application, its namespace and what it syncs', async () => {
        const creates = calls.filter(x => x.action === 'argocd:create-app');
        expect(creates.map(x => x.input.projectMode)).toEqual(
          c.apply && !inCluster ? ['create'] : [],
        );
        const appOfApps = await appOfAppsWithProject();
        expect(appOfApps.map(x => x.name)).toEqual(
          c.apply ? [`platform-addons-${c.environment}`] : [],
        );
        const apps = yamlDocuments(
          result.files.get('platform/addons/applications.yaml')!,
        );
        expect(
          appOfApps.flatMap(x => projectProblems(x, apps, manifestsUnder)),
        ).toEqual([]);
        // Exact: no wildcard repository, namespace or kind, and a kind no
        // add-on creates stays refused.
        expect(
          appOfApps.filter(x => JSON.stringify(x.projectSpec).includes('*')),
        ).toEqual([]);
        expect(
          appOfApps.filter(x =>
            resourcePermitted(
              x.projectSpec as any,
              { group: 'storage.k8s.io', kind: 'StorageClass' },
              false,
            ),
          ),
        ).toEqual([]);
        // Central, the add-ons target the registered cluster by name: a
        // project that permits their namespaces only on Argo CD's own
        // cluster would refuse every one of them.
        const onOwnClusterOnly = appOfApps
          .filter(() => !inCluster)
          .map(x => ({
            ...x,
            projectSpec: {
              ...x.projectSpec,
              destinations: x.projectSpec.destinations.map((d: any) => ({
                server: 'https://kubernetes.default.svc',
                namespace: d.namespace,
              })),
            },
          }));
        expect(
          onOwnClusterOnly
            .flatMap(x => projectProblems(x, apps, manifestsUnder))
            .filter(p => p.includes(': destination ')).length,
        ).toBe(c.apply && !inCluster ? apps.length : 0);
      });

      const delivery = () => ({
        apps: calls.filter(x => x.action === 'argocd:create-app'),
        registered: calls.filter(x => x.action === 'argocd:register-cluster'),
        addons: yamlDocuments(
          result.files.get('platform/addons/applications.yaml')!,
        ),
        clusterOutputs: calls.find(
          x => x.input.workingDirectory === './infra/cluster',
        ),
      });

      (c.apply ? describe.skip : describe)('before applying', () => {
        it('sends nothing to Argo CD before applying', () => {
          const { apps, registered } = delivery();
          expect([apps, registered]).toEqual([[], []]);
        });
      });

      (c.apply && inCluster ? describe : describe.skip)(
        'in-cluster delivery',
        () => {
          it('installs Argo CD into the new cluster (in-cluster), with the project and the app-of-apps, and sends nothing to a pre-existing Argo CD', async () => {
            const { apps, registered, addons } = delivery();
            // Nothing is sent to a pre-existing Argo CD: the delivery layer
            // installs Argo CD into the new cluster, with the project and the
            // app-of-apps, and its add-ons target that same cluster.
            expect([apps, registered]).toEqual([[], []]);
            expect(
              calls
                .filter(x => x.input.workingDirectory === './infra/delivery')
                .map(x => Object.keys(x.input.vars as object).sort()),
            ).toEqual([
              c.cloud === 'aws'
                ? [
                    'cluster_certificate_authority',
                    'cluster_endpoint',
                    'cluster_name',
                    'oidc_provider_arn',
                  ]
                : [
                    'cluster_certificate_authority',
                    'cluster_endpoint',
                    'cluster_name',
                  ],
            ]);
            const g = await governRendered(
              result.files,
              'infra/delivery',
              c.environment,
              cloudOf(c.environment),
              deliveryVars(c.cloud),
            );
            const releases = Object.fromEntries(
              (g.document.resource_changes as any[])
                .filter(r => r.type === 'helm_release')
                .map(r => [r.name, r.change.after]),
            );
            expect(releases.argocd).toMatchObject({
              chart: 'argo-cd',
              repository: 'https://argoproj.github.io/argo-helm',
              namespace: 'argocd',
            });
            expect(releases.argocd.version).toMatch(/^\d+\.\d+\.\d+$/);
            const platform = JSON.parse(releases.platform.values[0]);
            const project = platform.projects[`platform-${c.environment}`];
            const app =
              platform.applications[`platform-addons-${c.environment}`];
            expect(app).toMatchObject({
              project: `platform-${c.environment}`,
              additionalLabels: {
                'groundwork.dev/environment': c.environment,
              },
              source: {
                repoURL: `https://github.com/acme/platform-${c.environment}.git`,
                targetRevision: 'main',
                path: 'platform/addons',
              },
              destination: {
                server: 'https://kubernetes.default.svc',
                namespace: 'argocd',
              },
            });
            // The project is the add-on table's (the same platformAddonsProject
            // the central path gives argocd:create-app), in argocd; the test
            // above holds each add-on Application against it.
            expect(project).toEqual({
              ...platformAddonsProjectSpec(
                `https://github.com/acme/platform-${c.environment}.git`,
                'https://kubernetes.default.svc',
                c.environment,
              ),
              namespace: 'argocd',
            });
            for (const a of addons) {
              expect(a.spec.destination).toEqual({
                server: 'https://kubernetes.default.svc',
                namespace: expect.any(String),
              });
            }
          });
        },
      );

      (c.apply && !inCluster ? describe : describe.skip)(
        'central delivery',
        () => {
          it('registers the new cluster with the central Argo CD (central), whose add-ons then target it', async () => {
            const { apps, registered, addons } = delivery();
            const clusterOutputs = delivery().clusterOutputs!;
            // Central: the new cluster is registered with the environment's
            // Argo CD from the cluster layer's outputs (keyless), the add-ons
            // target it by name, and their Application objects live beside
            // that Argo CD.
            expect(registered.map(r => r.input)).toEqual([
              {
                ...(c.environment === 'prod' ? { instance: 'prod' } : {}),
                entityRef: `resource:default/environment-${c.environment}`,
                environment: c.environment,
                name: `platform-${c.environment}`,
                server: '(known after apply)',
                caData: '(known after apply)',
                auth: {
                  provider: c.cloud,
                  clusterName: `platform-${c.environment}`,
                },
              },
            ]);
            expect(
              apps.map(a => [a.input.source, a.input.destination]),
            ).toEqual([
              [
                {
                  repoURL: `https://github.com/acme/platform-${c.environment}.git`,
                  targetRevision: 'main',
                  path: 'platform/addons',
                  // Azure's cluster layer makes the operator's identity at
                  // apply: its client id comes as a patch (secret store test).
                  // (As the terraform:apply double prints an output known
                  // after apply.)
                  kustomize: platformAddonsKustomize(
                    c.environment,
                    c.cloud === 'azure'
                      ? {
                          external_secrets_client_id: '(known after apply)',
                          velero_client_id: '(known after apply)',
                        }
                      : {},
                  ),
                },
                {
                  server: 'https://kubernetes.default.svc',
                  namespace: 'argocd',
                },
              ],
            ]);
            for (const a of addons) {
              expect(a.spec.destination).toEqual({
                name: `platform-${c.environment}`,
                namespace: expect.any(String),
              });
            }
            // The cluster layer grants the central Argo CD's identity, and only it.
            const cluster = await governRendered(
              result.files,
              'infra/cluster',
              c.environment,
              cloudOf(c.environment),
              clusterOutputs.input.vars as any,
            );
            const grants = (cluster.document.resource_changes as any[])
              .filter(r =>
                [
                  'aws_eks_access_entry',
                  'google_project_iam_member',
                  'azurerm_role_assignment',
                ].includes(r.type),
              )
              .filter(r => r.name === 'argocd')
              .map(r => r.change.after);
            const grantee = {
              aws: { principal_arn: CENTRAL_ARGOCD_ROLE },
              gcp: { member: 'serviceAccount:' },
              azure: {
                role_definition_name:
                  'Azure Kubernetes Service RBAC Cluster Admin',
                principal_id: '00000000-0000-0000-0000-0000000a7c0e',
              },
            }[c.cloud];
            expect(grants).toEqual([expect.objectContaining(grantee)]);
          });
        },
      );

      it('describes the environment with a catalog entity and its decisions', async () => {
        const [entity] = yamlDocuments(result.files.get('catalog-info.yaml')!);
        await validateCatalogEntity(entity);
        expect(entity).toMatchObject({
          kind: 'Resource',
          metadata: { name: `environment-${c.environment}` },
          spec: { type: 'environment' },
        });
        const decisions = result.files.get('DECISIONS.md')!;
        for (const heading of [
          '## Why this budget',
          '## Why multi-AZ, and where not',
          '## Why private',
          '## Admission policy (Kyverno)',
          '## What the Argo CD project allows, and why',
          "## The account's security baseline",
        ]) {
          expect(decisions).toContain(heading);
        }
        // What the baseline leaves to the organisation, per cloud.
        expect(decisions).toContain(
          {
            aws: 'Left to the organisation (AWS Organizations',
            gcp: 'Left to the organisation: SCC activation',
            azure: 'Left to the management groups',
          }[c.cloud],
        );
        expect(
          schemas.problems(
            'catalog:register',
            loggedInputs(result, 'catalog:register')[0],
          ),
        ).toEqual([]);
        expect(
          schemas.problems(
            'publish:github',
            loggedInputs(result, 'publish:github')[0],
          ),
        ).toEqual([]);
      });

      it('shows the estimates before anything is applied', () => {
        const text = result.body.output.text[0].content as string;
        expect(text).toMatch(/\| network \| \d+(\.\d+)? \| [\d.]+ USD \|/);
        expect(text).toContain(
          c.apply ? 'Applied.' : 'Planned only: nothing changed.',
        );
      });
    },
  );

  it('renders no ClusterIssuers without cert-manager and no Grafana secret without kube-prometheus-stack', async () => {
    const r = await dryRun(backend.server, 'environment', {
      ...valuesOf(CASES[0]),
      addons: ['ingress-nginx'],
    });
    expect([r.status, r.body?.error?.message]).toEqual([200, undefined]);
    const platformFiles = [...r.files.keys()].filter(f =>
      f.startsWith('platform/'),
    );
    expect(platformFiles.sort()).toEqual([
      'platform/README.md',
      'platform/addons/applications.yaml',
      'platform/addons/kustomization.yaml',
      'platform/values/ingress-nginx/values.yaml',
    ]);
    expect(
      yamlDocuments(r.files.get('platform/addons/applications.yaml')!).map(
        a => a.metadata.name,
      ),
    ).toEqual(['ingress-nginx-dev']);
  });

  it('runs the mesh in the first stage (dev) when the form asks for it, and not in staging when it refuses it', async () => {
    const names = async (environment: string, serviceMesh: string) => {
      const r = await dryRun(backend.server, 'environment', {
        ...valuesOf(CASES.find(x => x.environment === environment)!),
        serviceMesh,
      });
      expect([r.status, r.body?.error?.message]).toEqual([200, undefined]);
      return yamlDocuments(r.files.get('platform/addons/applications.yaml')!)
        .map(a => a.metadata.name.replace(`-${environment}`, ''))
        .filter(n => /istio|ztunnel|mesh/.test(n));
    };
    expect(await names('dev', 'on')).toEqual([
      'istio-base',
      'istiod',
      'istio-cni',
      'ztunnel',
      'mesh-policy',
    ]);
    expect(await names('staging', 'off')).toEqual([]);
  });

  it('refuses a cluster on another cloud than the environment', async () => {
    const r = await dryRun(backend.server, 'environment', {
      ...valuesOf(CASES[0]),
      cloud: 'gcp',
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain(
      'Environment \\"dev\\" runs on aws, but this template renders gcp infrastructure',
    );
  });
});

describe('environment on Azure with Argo CD in the cluster', () => {
  // azdev, as if groundwork.environments gave it its own Argo CD.
  const state = createDoubleState(cloudOf);
  let backend: Awaited<ReturnType<typeof startScaffolder>>;
  beforeAll(async () => {
    backend = await startScaffolder(state, {
      config: {
        groundwork: {
          ...TEST_CONFIG.groundwork,
          environments: ENVIRONMENTS.map(e =>
            e.name === 'azdev' ? { ...e, delivery: { mode: 'in-cluster' } } : e,
          ),
        },
      },
    });
  });
  afterAll(() => backend?.stop());

  it("gives the app-of-apps the client ids of the operator and of Velero from the cluster layer, as the central path's patches", async () => {
    const c: Case = { cloud: 'azure', environment: 'azdev', apply: true };
    state.calls.length = 0;
    const result = await dryRun(backend.server, 'environment', valuesOf(c));
    expect([result.status, result.body?.error?.message]).toEqual([
      200,
      undefined,
    ]);
    // The delivery layer gets the cluster layer's outputs, the client id
    // among them.
    const [deliveryRun] = state.calls.filter(
      x => x.input.workingDirectory === './infra/delivery',
    );
    expect(Object.keys(deliveryRun.input.vars as object)).toEqual(
      expect.arrayContaining([
        'external_secrets_client_id',
        'velero_client_id',
      ]),
    );
    const appOfApps = async (vars: Record<string, unknown>) => {
      const g = await governRendered(
        result.files,
        'infra/delivery',
        c.environment,
        cloudOf(c.environment),
        vars as any,
      );
      expect(g.summary.blocking).toBe(false);
      const platform = (g.document.resource_changes as any[]).find(
        r => r.type === 'helm_release' && r.name === 'platform',
      );
      return JSON.parse(platform.change.after.values[0]).applications[
        `platform-addons-${c.environment}`
      ];
    };
    const clientIds = {
      external_secrets_client_id: '3f0c2a51-8d4e-4c1b-9a7e-2b6d5f8e1c90',
      velero_client_id: '9b1e7c42-0d3a-4f6e-8c25-71a4d0e6b3f8',
    };
    // The same patches argocd:create-app gets with a central Argo CD: both
    // identities, or the one the cluster layer made.
    const patchesOf = (kustomize: any) =>
      kustomize.patches.map((p: any) => [p.target, JSON.parse(p.patch)]);
    for (const ids of [
      clientIds,
      { velero_client_id: clientIds.velero_client_id },
    ]) {
      const app = await appOfApps({ ...deliveryVars('azure'), ...ids });
      const expected = platformAddonsKustomize(c.environment, ids) as any;
      expect(expected.patches).toHaveLength(Object.keys(ids).length);
      expect(patchesOf(app.source.kustomize)).toEqual(patchesOf(expected));
    }
    // With Vault as the store the cluster layer has no such output.
    expect((await appOfApps(deliveryVars('azure'))).source.kustomize).toEqual({
      patches: [],
    });
  });
});

/** What the cluster layer would hand the delivery layer, when it did not run. */
function deliveryVars(cloud: Case['cloud']) {
  return {
    cluster_name: 'platform-x',
    cluster_endpoint: 'https://platform-x.example.com',
    cluster_certificate_authority: 'LS0tLS1CRUdJTg==',
    ...(cloud === 'aws'
      ? { oidc_provider_arn: 'arn:aws:iam::1:oidc-provider/x' }
      : {}),
  };
}

/** What the network layer would hand the cluster layer, when it did not run. */
function clusterVars(cloud: Case['cloud']) {
  return {
    aws: {
      vpc_id: 'vpc-0a1b2c3d4e5f60001',
      vpc_cidr_block: '10.20.0.0/16',
      private_subnet_ids: ['subnet-1', 'subnet-2'],
    },
    gcp: {
      network_name: 'platform-lab',
      subnetwork_name: 'platform-lab-nodes',
    },
    azure: {
      node_subnet_id:
        '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s',
    },
  }[cloud];
}

/**
 * What Argo CD would refuse of the app-of-apps and the Applications it syncs
 * under the project its argocd:create-app call creates: a source repository
 * or destination the project does not allow (the API server's check), the
 * Namespace that CreateNamespace=true creates, and, for the manifests a
 * Git-sourced add-on syncs, each cluster-scoped kind and each namespace (the
 * application controller's check).
 */
function projectProblems(
  appOfApps: any,
  apps: any[],
  manifestsUnder: (folder: string) => any[],
): string[] {
  const project = appOfApps.projectSpec ?? {};
  const serverOf = (name: string) =>
    name === 'in-cluster' ? 'https://kubernetes.default.svc' : undefined;
  const problems: string[] = [];
  for (const app of [
    { spec: appOfApps, metadata: { name: appOfApps.name } },
    ...apps,
  ]) {
    const name = app.metadata.name;
    for (const source of app.spec.sources ?? [app.spec.source]) {
      if (!repoPermitted(project, source.repoURL)) {
        problems.push(`${name}: repository ${source.repoURL}`);
      }
    }
    if (!destinationPermitted(project, app.spec.destination, serverOf)) {
      problems.push(`${name}: destination ${app.spec.destination.namespace}`);
    }
    if (
      app.spec.syncPolicy?.syncOptions?.includes('CreateNamespace=true') &&
      !resourcePermitted(project, { group: '', kind: 'Namespace' }, false)
    ) {
      problems.push(`${name}: Namespace (CreateNamespace=true)`);
    }
    const path = app.spec.source?.path;
    if (!path || path === 'platform/addons') continue;
    for (const m of manifestsUnder(path)) {
      const namespace: string | undefined = m.metadata.namespace;
      const gk = { group: groupOf(m.apiVersion), kind: m.kind };
      if (!resourcePermitted(project, gk, namespace !== undefined)) {
        problems.push(`${name}: ${m.kind} ${m.metadata.name}`);
      }
      if (
        namespace !== undefined &&
        !destinationPermitted(
          project,
          { ...app.spec.destination, namespace },
          serverOf,
        )
      ) {
        problems.push(`${name}: namespace ${namespace} of ${m.kind}`);
      }
    }
  }
  return problems;
}
