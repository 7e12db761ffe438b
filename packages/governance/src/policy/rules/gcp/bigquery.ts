import { blocks } from '../../../plan/values';
import { fail, hiddenUntilApply, pass, resourceRule } from '../helpers';
import { expectTrueByDefault } from './support';

const DATASET_DOCS =
  'https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/bigquery_dataset';
const PUBLIC = ['allUsers', 'allAuthenticatedUsers'];

export const bigQueryDatasetNotPublic = resourceRule(
  {
    id: 'GW-GCP-059',
    title:
      'BigQuery datasets are not shared with allUsers or allAuthenticatedUsers',
    severity: 'critical',
    resourceTypes: ['google_bigquery_dataset'],
    rationale:
      'An access entry for allUsers or allAuthenticatedUsers lets anyone with a Google account ' +
      'query every table in the dataset.',
    remediation: {
      text: 'Remove access blocks whose special_group or iam_member is public; grant groups or service accounts.',
      terraform:
        'resource "google_bigquery_dataset" "analytics" {\n  dataset_id = "analytics"\n  location   = "EU"\n  access {\n    role           = "READER"\n    group_by_email = "analysts@example.com"\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_15'],
      cis: ['CIS GCP Foundations v2.0.0 7.1'],
      docs: [DATASET_DOCS],
    },
  },
  (dataset, ctx) => {
    const read = ctx.read(dataset, ['access']);
    if (read.state === 'unknown') return hiddenUntilApply('access');
    const open = blocks(read.value).filter(
      a =>
        PUBLIC.includes(String(a.special_group)) ||
        PUBLIC.includes(String(a.iam_member)),
    );
    return open.length > 0
      ? fail(
          `An access block grants ${open
            .map(a => String(a.role))
            .join(', ')} to ${open
            .map(a => String(a.special_group ?? a.iam_member))
            .join(', ')}.`,
        )
      : pass('No access block is public.');
  },
);

export const bigQueryDatasetCmek = resourceRule(
  {
    id: 'GW-GCP-060',
    title: 'BigQuery datasets encrypt new tables with a customer-managed key',
    severity: 'medium',
    resourceTypes: ['google_bigquery_dataset'],
    rationale:
      'A customer-managed key lets the team revoke access to the data by disabling the key and ' +
      'shows every use of it in the audit log; tables inherit the dataset default.',
    remediation: {
      text: 'Set default_encryption_configuration.kms_key_name to a Cloud KMS key the BigQuery service agent may use.',
      terraform:
        'resource "google_bigquery_dataset" "analytics" {\n  # ...\n  default_encryption_configuration {\n    kms_key_name = google_kms_crypto_key.bigquery.id\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_81'],
      cis: ['CIS GCP Foundations v2.0.0 7.3'],
      docs: [DATASET_DOCS],
    },
  },
  (dataset, ctx) => {
    const read = ctx.read(dataset, ['default_encryption_configuration']);
    if (read.state === 'unknown')
      return hiddenUntilApply('default_encryption_configuration');
    const config = blocks(read.value)[0];
    if (!config)
      return fail(
        'No default_encryption_configuration: tables use Google-managed keys.',
      );
    const key = ctx.read(dataset, [
      'default_encryption_configuration',
      0,
      'kms_key_name',
    ]);
    if (key.state === 'unknown')
      return key.configured
        ? pass(
            'default_encryption_configuration.kms_key_name refers to a KMS key created in this plan.',
          )
        : hiddenUntilApply('default_encryption_configuration.kms_key_name');
    return typeof key.value === 'string' && key.value !== ''
      ? pass('default_encryption_configuration.kms_key_name is set.')
      : fail('default_encryption_configuration.kms_key_name is empty.');
  },
);

export const bigQueryTableDeletionProtection = resourceRule(
  {
    id: 'GW-GCP-061',
    title: 'BigQuery tables keep deletion protection on',
    severity: 'medium',
    resourceTypes: ['google_bigquery_table'],
    productionOnly: true,
    rationale:
      'Terraform drops a table, and its data, when a refactor renames or removes the resource; ' +
      'deletion protection turns that into a failed apply.',
    remediation: {
      text: 'Leave deletion_protection at true (its default).',
      terraform:
        'resource "google_bigquery_table" "events" {\n  dataset_id          = google_bigquery_dataset.analytics.dataset_id\n  table_id            = "events"\n  deletion_protection = true\n}',
    },
    references: {
      checkov: ['CKV_GCP_121'],
      docs: [
        'https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/bigquery_table',
      ],
    },
  },
  (table, ctx) =>
    expectTrueByDefault(
      ctx,
      table,
      ['deletion_protection'],
      'deletion_protection',
      'Deletion protection',
    ),
);
