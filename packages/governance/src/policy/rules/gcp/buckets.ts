import { asObject, blocks } from '../../../plan/values';
import {
  expectAttribute,
  expectTrue,
  fail,
  hiddenUntilApply,
  pass,
  resourceRule,
} from '../helpers';

const BUCKET = ['google_storage_bucket'];
const BUCKET_DOCS =
  'https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/storage_bucket';

export const gcsPublicAccessPrevention = resourceRule(
  {
    id: 'GW-GCP-048',
    title: 'Cloud Storage buckets enforce public access prevention',
    severity: 'high',
    resourceTypes: BUCKET,
    rationale:
      'With public access prevention enforced, no IAM grant or ACL can make the bucket public, so a ' +
      'single mistaken allUsers binding cannot leak its data.',
    remediation: {
      text: 'Set public_access_prevention = "enforced".',
      terraform:
        'resource "google_storage_bucket" "data" {\n  name                        = "acme-data"\n  location                    = "EU"\n  uniform_bucket_level_access = true\n  public_access_prevention    = "enforced"\n}',
    },
    references: { checkov: ['CKV_GCP_114'], docs: [BUCKET_DOCS] },
  },
  (bucket, ctx) =>
    expectAttribute(ctx, bucket, ['public_access_prevention'], {
      label: 'public_access_prevention',
      compliant: v => v === 'enforced',
      passMessage: 'public_access_prevention is enforced',
      failMessage:
        'public_access_prevention is not "enforced": an IAM grant can still make the bucket public',
      providerDefault: 'inherited',
    }),
);

export const gcsVersioning = resourceRule(
  {
    id: 'GW-GCP-049',
    title: 'Cloud Storage buckets keep object versions',
    severity: 'medium',
    resourceTypes: BUCKET,
    productionOnly: true,
    rationale:
      'Versioning keeps overwritten and deleted objects recoverable, which is the difference between ' +
      'an accidental delete and lost data.',
    remediation: {
      text: 'Enable versioning (and a lifecycle rule to expire old versions).',
      terraform:
        'resource "google_storage_bucket" "data" {\n  # ...\n  versioning {\n    enabled = true\n  }\n}',
    },
    references: { checkov: ['CKV_GCP_78'], docs: [BUCKET_DOCS] },
  },
  (bucket, ctx) =>
    expectTrue(ctx, bucket, ['versioning', 0, 'enabled'], 'Versioning'),
);

export const gcsAccessLogging = resourceRule(
  {
    id: 'GW-GCP-050',
    title: 'Cloud Storage buckets log access to another bucket',
    severity: 'low',
    resourceTypes: BUCKET,
    rationale:
      'Usage logs show who fetched which object; written into the bucket they describe, they are ' +
      'lost or tampered with together with the data.',
    remediation: {
      text: 'Add a logging block whose log_bucket is a separate bucket.',
      terraform:
        'resource "google_storage_bucket" "data" {\n  # ...\n  logging {\n    log_bucket = google_storage_bucket.access_logs.name\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_62', 'CKV_GCP_63'],
      docs: [BUCKET_DOCS],
    },
  },
  (bucket, ctx) => {
    const read = ctx.read(bucket, ['logging']);
    if (read.state === 'unknown') return hiddenUntilApply('logging');
    const logging = blocks(read.value)[0];
    if (!logging) return fail('No logging block: access is not logged.');
    const target = asObject(logging)?.log_bucket;
    if (typeof target !== 'string' || target === '')
      return hiddenUntilApply('logging.log_bucket');
    return target === bucket.after?.name
      ? fail(
          'logging.log_bucket is the bucket itself; log to a separate bucket.',
        )
      : pass(`logging.log_bucket is ${target}.`);
  },
);
