import { expectAttribute, expectTrue, resourceRule } from '../helpers';

const REDIS = ['google_redis_instance'];
const REDIS_DOCS =
  'https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/redis_instance';

export const redisAuth = resourceRule(
  {
    id: 'GW-GCP-062',
    title: 'Memorystore for Redis instances require AUTH',
    severity: 'high',
    resourceTypes: REDIS,
    rationale:
      'Without AUTH any workload that can reach the instance on the network can read and overwrite ' +
      'every key, sessions and cached secrets included.',
    remediation: {
      text: 'Set auth_enabled = true and give clients the AUTH string from Secret Manager.',
      terraform:
        'resource "google_redis_instance" "cache" {\n  name           = "cache"\n  memory_size_gb = 1\n  auth_enabled   = true\n}',
    },
    references: { checkov: ['CKV_GCP_95'], docs: [REDIS_DOCS] },
  },
  (redis, ctx) => expectTrue(ctx, redis, ['auth_enabled'], 'Redis AUTH'),
);

export const redisTransitEncryption = resourceRule(
  {
    id: 'GW-GCP-063',
    title: 'Memorystore for Redis instances encrypt connections with TLS',
    severity: 'medium',
    resourceTypes: REDIS,
    rationale:
      'Redis traffic, AUTH string included, crosses the VPC in clear text unless in-transit ' +
      'encryption is on, and it can only be chosen when the instance is created.',
    remediation: {
      text: 'Set transit_encryption_mode = "SERVER_AUTHENTICATION".',
      terraform:
        'resource "google_redis_instance" "cache" {\n  name                    = "cache"\n  memory_size_gb          = 1\n  auth_enabled            = true\n  transit_encryption_mode = "SERVER_AUTHENTICATION"\n}',
    },
    references: { checkov: ['CKV_GCP_97'], docs: [REDIS_DOCS] },
  },
  (redis, ctx) =>
    expectAttribute(ctx, redis, ['transit_encryption_mode'], {
      label: 'transit_encryption_mode',
      compliant: v => v === 'SERVER_AUTHENTICATION',
      passMessage: 'transit_encryption_mode is SERVER_AUTHENTICATION',
      failMessage:
        'transit_encryption_mode is not SERVER_AUTHENTICATION: connections are unencrypted',
      providerDefault: 'DISABLED',
    }),
);
