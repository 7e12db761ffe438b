import type { PlanResource } from '../../../plan/types';
import { AttributePath, blocks } from '../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../types';
import {
  expectAttribute,
  fail,
  hiddenUntilApply,
  pass,
  resourceRule,
  worstOf,
} from '../helpers';

const DOCS =
  'https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/';

/** Where each type names its customer-managed key. */
const CMEK_PATHS: Record<string, AttributePath[]> = {
  google_compute_instance: [
    ['boot_disk', 0, 'kms_key_self_link'],
    ['boot_disk', 0, 'disk_encryption_key_raw'],
  ],
  google_compute_disk: [
    ['disk_encryption_key', 0, 'kms_key_self_link'],
    ['disk_encryption_key', 0, 'raw_key'],
  ],
  google_pubsub_topic: [['kms_key_name']],
  google_artifact_registry_repository: [['kms_key_name']],
  google_spanner_database: [['encryption_config', 0, 'kms_key_name']],
  google_dataflow_job: [['kms_key_name']],
  google_dataproc_cluster: [
    ['cluster_config', 0, 'encryption_config', 0, 'kms_key_name'],
  ],
  google_vertex_ai_dataset: [['encryption_spec', 0, 'kms_key_name']],
  google_vertex_ai_metadata_store: [['encryption_spec', 0, 'kms_key_name']],
};

const labelOf = (path: AttributePath) =>
  path.filter(p => typeof p === 'string').join('.');

/** Whether one of `paths` names a key: pass, fail, or hidden. */
function namesKey(
  r: PlanResource,
  ctx: RuleContext,
  paths: AttributePath[],
): RuleOutcome {
  for (const path of paths) {
    const read = ctx.read(r, path);
    if (read.state === 'known' && typeof read.value === 'string' && read.value)
      return pass(`${labelOf(path)} names a customer-managed key.`);
    // A key reference to a key created in the same plan is still a key.
    if (read.state === 'unknown' && read.configured)
      return pass(`${labelOf(path)} refers to a key created in this plan.`);
  }
  return fail(
    `${labelOf(
      paths[0],
    )} is not set: the data is encrypted with a Google-managed key.`,
  );
}

/** Bigtable names a key per cluster; every cluster must have one. */
function bigtableKeys(r: PlanResource, ctx: RuleContext): RuleOutcome {
  const read = ctx.read(r, ['cluster']);
  if (read.state === 'unknown') return hiddenUntilApply('cluster');
  const clusters = blocks(read.value);
  const worst = worstOf(
    clusters.map((_c, i) => namesKey(r, ctx, [['cluster', i, 'kms_key_name']])),
  );
  return (
    worst ??
    pass(
      `cluster.kms_key_name names a key in all ${clusters.length} cluster(s).`,
    )
  );
}

export const gcpCustomerManagedKeys = resourceRule(
  {
    id: 'GW-GCP-078',
    title: 'Disks and data services encrypt with customer-managed keys',
    severity: 'medium',
    resourceTypes: [...Object.keys(CMEK_PATHS), 'google_bigtable_instance'],
    productionOnly: true,
    rationale:
      'With a customer-managed key the team can cut off access to production data by disabling ' +
      'the key, and every decryption shows in the audit log; Google-managed keys offer neither.',
    remediation: {
      text: 'Name a Cloud KMS key (kms_key_name, or kms_key_self_link for disks) and let the service agent use it.',
      terraform:
        'resource "google_pubsub_topic" "events" {\n  name         = "events"\n  kms_key_name = google_kms_crypto_key.pubsub.id\n}\n\nresource "google_compute_instance" "vm" {\n  # ...\n  boot_disk {\n    kms_key_self_link = google_kms_crypto_key.disks.id\n  }\n}',
    },
    references: {
      checkov: [
        'CKV_GCP_38',
        'CKV_GCP_37',
        'CKV_GCP_83',
        'CKV_GCP_84',
        'CKV_GCP_85',
        'CKV_GCP_93',
        'CKV_GCP_90',
        'CKV_GCP_91',
        'CKV_GCP_92',
        'CKV_GCP_96',
      ],
      docs: [`${DOCS}pubsub_topic`, `${DOCS}compute_instance`],
    },
  },
  (r, ctx) =>
    r.type === 'google_bigtable_instance'
      ? bigtableKeys(r, ctx)
      : namesKey(r, ctx, CMEK_PATHS[r.type]),
);

interface PrivacySetting {
  path: AttributePath;
  compliant: (v: unknown) => boolean;
  /** The value when the attribute is unset. */
  dflt: string | boolean;
  expected: string;
}

const PRIVATE_SETTINGS: Record<string, PrivacySetting> = {
  google_cloudbuild_worker_pool: {
    path: ['worker_config', 0, 'no_external_ip'],
    compliant: v => v === true,
    dflt: false,
    expected: 'true',
  },
  google_data_fusion_instance: {
    path: ['private_instance'],
    compliant: v => v === true,
    dflt: false,
    expected: 'true',
  },
  google_dataflow_job: {
    path: ['ip_configuration'],
    compliant: v => v === 'WORKER_IP_PRIVATE',
    dflt: 'WORKER_IP_PUBLIC',
    expected: 'WORKER_IP_PRIVATE',
  },
  google_notebooks_instance: {
    path: ['no_public_ip'],
    compliant: v => v === true,
    dflt: false,
    expected: 'true',
  },
  // The successor of google_notebooks_instance.
  google_workbench_instance: {
    path: ['gce_setup', 0, 'disable_public_ip'],
    compliant: v => v === true,
    dflt: false,
    expected: 'true',
  },
};

export const gcpManagedWorkersPrivate = resourceRule(
  {
    id: 'GW-GCP-079',
    title:
      'Build workers, Dataflow jobs, Data Fusion and Vertex AI notebooks run without public IPs',
    severity: 'high',
    resourceTypes: Object.keys(PRIVATE_SETTINGS),
    rationale:
      'These services start VMs that hold source code, credentials or data; with public IPs they ' +
      'sit on the internet behind only the firewall rules of the network they land in.',
    remediation: {
      text: 'Turn on the private setting of the service (no_external_ip, private_instance, WORKER_IP_PRIVATE, no_public_ip / disable_public_ip) and give the subnet Private Google Access.',
      terraform:
        'resource "google_dataflow_job" "etl" {\n  # ...\n  ip_configuration = "WORKER_IP_PRIVATE"\n}\n\nresource "google_cloudbuild_worker_pool" "private" {\n  # ...\n  worker_config {\n    no_external_ip = true\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_86', 'CKV_GCP_87', 'CKV_GCP_94', 'CKV_GCP_89'],
      docs: [`${DOCS}dataflow_job`, `${DOCS}cloudbuild_worker_pool`],
    },
  },
  (r, ctx) => {
    const s = PRIVATE_SETTINGS[r.type];
    const label = labelOf(s.path);
    return expectAttribute(ctx, r, s.path, {
      label,
      compliant: v => s.compliant(v === null ? s.dflt : v),
      passMessage: `${label} is ${s.expected}`,
      failMessage: `${label} is not ${s.expected}: the workers get public IPs`,
      providerDefault: s.dflt,
    });
  },
);

export const dataFusionObservability = resourceRule(
  {
    id: 'GW-GCP-080',
    title:
      'Data Fusion instances send logs and metrics to Cloud Logging and Monitoring',
    severity: 'low',
    resourceTypes: ['google_data_fusion_instance'],
    rationale:
      'Pipelines that move data need a record of what ran and when; without Stackdriver logging ' +
      'and monitoring a failed or tampered pipeline leaves nothing to inspect.',
    remediation: {
      text: 'Set enable_stackdriver_logging and enable_stackdriver_monitoring to true.',
      terraform:
        'resource "google_data_fusion_instance" "etl" {\n  name                          = "etl"\n  type                          = "BASIC"\n  enable_stackdriver_logging    = true\n  enable_stackdriver_monitoring = true\n}',
    },
    references: {
      checkov: ['CKV_GCP_104', 'CKV_GCP_105'],
      docs: [`${DOCS}data_fusion_instance`],
    },
  },
  (r, ctx) => {
    const outcomes = [
      'enable_stackdriver_logging',
      'enable_stackdriver_monitoring',
    ].map(attr =>
      expectAttribute(ctx, r, [attr], {
        label: attr,
        compliant: v => v === true,
        passMessage: `${attr} is true`,
        failMessage: `${attr} is not true`,
        providerDefault: false,
      }),
    );
    return worstOf(outcomes) ?? pass('Logging and monitoring are on.');
  },
);

const NOTEBOOK_SHIELDED: Record<string, string[]> = {
  google_notebooks_instance: ['shielded_instance_config'],
  google_workbench_instance: ['gce_setup', 'shielded_instance_config'],
};

export const notebookShieldedVm = resourceRule(
  {
    id: 'GW-GCP-081',
    title:
      'Vertex AI notebooks run as Shielded VMs with vTPM and integrity monitoring',
    severity: 'medium',
    resourceTypes: Object.keys(NOTEBOOK_SHIELDED),
    rationale:
      "Notebooks hold data scientists' credentials and data extracts; a vTPM and integrity " +
      'monitoring detect a tampered boot chain on them.',
    remediation: {
      text: 'Enable shielded_instance_config with enable_vtpm and enable_integrity_monitoring.',
      terraform:
        'resource "google_workbench_instance" "nb" {\n  name     = "nb"\n  location = "europe-west1-b"\n  gce_setup {\n    machine_type = "e2-standard-4"\n    shielded_instance_config {\n      enable_secure_boot          = true\n      enable_vtpm                 = true\n      enable_integrity_monitoring = true\n    }\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_126', 'CKV_GCP_127'],
      docs: [`${DOCS}workbench_instance`],
    },
  },
  (r, ctx) => {
    const prefix = NOTEBOOK_SHIELDED[r.type].flatMap(step => [step, 0]);
    const outcomes = ['enable_vtpm', 'enable_integrity_monitoring'].map(
      attr => {
        const path = [...prefix, attr];
        const label = labelOf(path);
        return expectAttribute(ctx, r, path, {
          label,
          compliant: v => v === true,
          passMessage: `${label} is true`,
          failMessage: `${label} is not true`,
          providerDefault: false,
        });
      },
    );
    return worstOf(outcomes) ?? pass('vTPM and integrity monitoring are on.');
  },
);
