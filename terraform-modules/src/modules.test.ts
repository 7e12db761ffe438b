import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  Finding,
  PolicyFile,
  governPlan,
  isBlocking,
  planFromDocument,
} from '@groundwork/governance';
import { checkModuleStructure } from '@groundwork/plugin-scaffolder-backend-module-module-factory';
import {
  FACTORY_DIR,
  exampleCloud,
  examplePlanPath,
  listModules,
  readTfvars,
  resolveFactorySource,
  synthesizeExample,
} from './factory';
import { synthesizePlan } from './synth/synthesizePlan';
import { ACCEPTED_FINDINGS, acceptedFor } from './acceptedFindings';

/**
 * The factory's own modules pass the factory's own gate: the structure
 * checks of module-factory:check, and the governance pack on the plan of
 * each example in dev and prod. The plans are synthesized from the HCL
 * (Terraform cannot run here) and committed beside each example as
 * plan.<env>.json, the file a module author attaches to module-factory:check.
 * Set UPDATE_PLANS=1 to rewrite them after changing a module.
 */

const MODULES = listModules();
const ENVIRONMENTS = ['dev', 'prod'] as const;

/** The strictest tags a Groundwork platform asks for (the default pack asks Owner and Environment). */
const STRICT_POLICY: PolicyFile = {
  version: 1,
  requiredTags: ['Owner', 'Environment', 'CostCenter', 'DataClassification'],
};

/** Findings a default carries by design are listed, with why, in acceptedFindings.ts. */
const notAccepted = (f: Finding) => !acceptedFor(f);

const planCache = new Map<string, Promise<Record<string, unknown>>>();
function plan(module: string, env: string) {
  const key = `${module}/${env}`;
  let p = planCache.get(key);
  if (!p) {
    p = synthesizeExample(module, env).then(r => r.document);
    planCache.set(key, p);
  }
  return p;
}

const resourcesOf = async (module: string, env: string) =>
  ((await plan(module, env)).resource_changes as Array<any>).map(r => ({
    address: r.address as string,
    type: r.type as string,
    after: r.change.after as Record<string, any>,
  }));

it('holds the twenty-seven modules the templates compose', () => {
  expect(MODULES).toEqual([
    'aws-account-baseline',
    'aws-baseline',
    'aws-bootstrap',
    'aws-bucket',
    'aws-database',
    'aws-eks',
    'aws-network',
    'aws-queue',
    'aws-service',
    'azure-account-baseline',
    'azure-aks',
    'azure-baseline',
    'azure-bootstrap',
    'azure-bucket',
    'azure-database',
    'azure-network',
    'azure-queue',
    'azure-service',
    'gcp-account-baseline',
    'gcp-baseline',
    'gcp-bootstrap',
    'gcp-bucket',
    'gcp-database',
    'gcp-gke',
    'gcp-network',
    'gcp-queue',
    'gcp-service',
  ]);
});

describe.each(MODULES)('%s', module => {
  it('meets every structure check of module-factory:check (the real checker)', async () => {
    const structure = await checkModuleStructure(
      path.join(FACTORY_DIR, module),
    );
    expect(structure.checks.filter(c => c.status !== 'pass')).toEqual([]);
    expect(structure.passed).toBe(true);
    expect(structure.examples).toEqual(['complete']);
    expect(structure.variables.every(v => v.type && v.description)).toBe(true);
  });

  it.each(ENVIRONMENTS)(
    'has a committed %s example plan that matches its HCL',
    async env => {
      const file = examplePlanPath(module, env);
      const document = await plan(module, env);
      if (process.env.UPDATE_PLANS) {
        fs.writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
      }
      expect(fs.existsSync(file)).toBe(true);
      // Compared as data: the file may be reformatted (prettier) without drift.
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(
        JSON.parse(JSON.stringify(document)),
      );
    },
  );

  it.each(ENVIRONMENTS)(
    'passes the policy pack in %s with nothing failed or unknown',
    async env => {
      const parsed = planFromDocument((await plan(module, env)) as any);
      for (const policy of [undefined, STRICT_POLICY]) {
        const { findings, summary } = governPlan(parsed, {
          environment: env,
          policy,
        });
        expect(summary.blocking).toBe(false);
        expect(
          findings
            .filter(f => f.verdict === 'fail' || f.verdict === 'unknown')
            .filter(notAccepted)
            .map(f => `${f.ruleId} ${f.address}: ${f.message}`),
        ).toEqual([]);
        expect(summary.threshold).toBe(env === 'prod' ? 'high' : 'critical');
      }
    },
  );
});

describe('environment-specific defaults, as the policy sees them', () => {
  it('aws-network puts a NAT gateway in every zone in prod and one in dev', async () => {
    const count = async (env: string, type: string) =>
      (await resourcesOf('aws-network', env)).filter(r => r.type === type)
        .length;
    expect(await count('prod', 'aws_nat_gateway')).toBe(3);
    expect(await count('prod', 'aws_subnet')).toBe(6);
    expect(await count('dev', 'aws_nat_gateway')).toBe(1);
    expect(await count('dev', 'aws_subnet')).toBe(4);
    const cost = async (env: string) =>
      governPlan(planFromDocument((await plan('aws-network', env)) as any), {
        environment: env,
      }).cost.monthlyAfter;
    // Three NAT gateways and their addresses against one.
    expect(await cost('prod')).toBeGreaterThan(2.5 * (await cost('dev')));
  });

  it('aws-database is Multi-AZ, protected and keeps 30 days of backups in prod only', async () => {
    const db = async (env: string) =>
      (await resourcesOf('aws-database', env)).find(
        r => r.type === 'aws_db_instance',
      )!.after;
    expect(await db('prod')).toMatchObject({
      multi_az: true,
      deletion_protection: true,
      backup_retention_period: 30,
      publicly_accessible: false,
      storage_encrypted: true,
      skip_final_snapshot: false,
    });
    expect(await db('dev')).toMatchObject({
      multi_az: false,
      deletion_protection: false,
      backup_retention_period: 7,
      instance_class: 'db.t4g.micro',
    });
  });

  it('every AWS stack carries a budget at the amount its tfvars give', async () => {
    for (const module of MODULES.filter(m => m.startsWith('aws-'))) {
      for (const env of ENVIRONMENTS) {
        const budgets = (await resourcesOf(module, env)).filter(
          r => r.type === 'aws_budgets_budget',
        );
        expect(budgets).toHaveLength(1);
        expect(Number(budgets[0].after.limit_amount)).toBeGreaterThan(0);
      }
    }
    const bootstrap = (await resourcesOf('aws-bootstrap', 'prod')).find(
      r => r.type === 'aws_budgets_budget',
    )!;
    expect(bootstrap.after.limit_amount).toBe('5000');
    // The account budget counts everything; a service budget filters by tag.
    expect(bootstrap.after.cost_filter).toEqual([]);
  });

  it('aws-eks keeps the API private and nodes on IMDSv2 in every environment', async () => {
    for (const env of ENVIRONMENTS) {
      const rs = await resourcesOf('aws-eks', env);
      const cluster = rs.find(r => r.type === 'aws_eks_cluster')!.after;
      expect(cluster.vpc_config[0]).toMatchObject({
        endpoint_private_access: true,
        endpoint_public_access: false,
      });
      const lt = rs.find(r => r.type === 'aws_launch_template')!.after;
      expect(lt.metadata_options[0].http_tokens).toBe('required');
    }
  });

  it('every cluster enforces the NetworkPolicies services render (EKS: the VPC CNI agent, GKE: Dataplane V2, AKS: Cilium)', async () => {
    for (const env of ENVIRONMENTS) {
      const eks = await resourcesOf('aws-eks', env);
      const cni = eks.find(
        r => r.type === 'aws_eks_addon' && r.after.addon_name === 'vpc-cni',
      )!.after;
      expect(JSON.parse(cni.configuration_values)).toEqual({
        enableNetworkPolicy: 'true',
      });
      const gke = (await resourcesOf('gcp-gke', env)).find(
        r => r.type === 'google_container_cluster',
      )!.after;
      expect(gke.datapath_provider).toBe('ADVANCED_DATAPATH');
      const aks = (await resourcesOf('azure-aks', env)).find(
        r => r.type === 'azurerm_kubernetes_cluster',
      )!.after;
      expect(aks.network_profile[0].network_policy).toBe('cilium');
    }
  });

  it('aws-account-baseline keeps the audit trail longer and records continuously in prod', async () => {
    const of = async (env: string, type: string) =>
      (await resourcesOf('aws-account-baseline', env)).filter(
        r => r.type === type,
      );
    for (const env of ENVIRONMENTS) {
      const [trail] = await of(env, 'aws_cloudtrail');
      expect(trail.after).toMatchObject({
        is_multi_region_trail: true,
        include_global_service_events: true,
        enable_log_file_validation: true,
        enable_logging: true,
      });
      const [policy] = await of(env, 'aws_iam_account_password_policy');
      expect(policy.after).toMatchObject({
        minimum_password_length: 14,
        password_reuse_prevention: 24,
      });
      const [recorder] = await of(env, 'aws_config_configuration_recorder');
      expect(recorder.after.recording_group[0]).toMatchObject({
        all_supported: true,
        include_global_resource_types: true,
      });
      const [attachment] = await of(env, 'aws_iam_role_policy_attachment');
      expect(attachment.after.policy_arn).toBe(
        'arn:aws:iam::aws:policy/service-role/AWS_ConfigRole',
      );
      const [cis] = await of(env, 'aws_securityhub_standards_subscription');
      expect(cis.after.standards_arn).toBe(
        'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0',
      );
      expect(
        (await of(env, 'aws_guardduty_detector_feature'))
          .map(f => f.after.name)
          .sort(),
      ).toEqual([
        'EBS_MALWARE_PROTECTION',
        'EKS_AUDIT_LOGS',
        'RDS_LOGIN_EVENTS',
        'S3_DATA_EVENTS',
      ]);
    }
    const expiry = async (env: string) =>
      (await of(env, 'aws_s3_bucket_lifecycle_configuration'))[0].after.rule[0]
        .expiration[0].days;
    expect(await expiry('prod')).toBe(2555);
    expect(await expiry('dev')).toBe(365);
    const frequency = async (env: string) =>
      (await of(env, 'aws_config_configuration_recorder'))[0].after
        .recording_mode[0].recording_frequency;
    expect(await frequency('prod')).toBe('CONTINUOUS');
    expect(await frequency('dev')).toBe('DAILY');
    // CloudTrail to CloudWatch Logs only in production (aws-baseline's group besides).
    expect(await of('prod', 'aws_cloudwatch_log_group')).toHaveLength(2);
    expect(await of('dev', 'aws_cloudwatch_log_group')).toHaveLength(1);
  });

  it('gcp-account-baseline audits every service and locks the audit bucket in prod only', async () => {
    const of = async (env: string, type: string) =>
      (await resourcesOf('gcp-account-baseline', env)).filter(
        r => r.type === type,
      );
    for (const env of ENVIRONMENTS) {
      const [audit] = await of(env, 'google_project_iam_audit_config');
      expect(audit.after.service).toBe('allServices');
      expect(audit.after.audit_log_config.map((c: any) => c.log_type)).toEqual([
        'ADMIN_READ',
        'DATA_READ',
        'DATA_WRITE',
      ]);
      const [sink] = await of(env, 'google_logging_project_sink');
      expect(sink.after.filter).toBe('logName:"cloudaudit.googleapis.com"');
      expect(
        (await of(env, 'google_project_service')).map(s => s.after.service),
      ).toContain('securitycenter.googleapis.com');
    }
    const bucket = async (env: string) =>
      (await of(env, 'google_storage_bucket'))[0].after;
    expect((await bucket('prod')).retention_policy[0]).toEqual({
      retention_period: 2555 * 86400,
      is_locked: true,
    });
    expect((await bucket('dev')).retention_policy[0]).toEqual({
      retention_period: 365 * 86400,
      is_locked: false,
    });
    // SCC notifications only where the organisation is given (prod.tfvars).
    expect(
      await of('prod', 'google_scc_project_notification_config'),
    ).toHaveLength(1);
    expect(
      await of('dev', 'google_scc_project_notification_config'),
    ).toHaveLength(0);
  });

  it('gcp-baseline labels everything with the required tags as GCP labels and budgets the service by its label', async () => {
    for (const env of ENVIRONMENTS) {
      const rs = await resourcesOf('gcp-baseline', env);
      const key = rs.find(r => r.type === 'google_kms_crypto_key')!.after;
      // Owner, Environment, CostCenter, DataClassification as lower-case
      // label keys; values cleaned of the characters GCP refuses.
      expect(key.labels).toEqual({
        owner: 'group_default_payments',
        environment: env,
        'cost-center': 'cc-1042',
        'data-classification': 'confidential',
        service: 'payments-api',
        'managed-by': 'terraform',
        repository: 'acme_payments-api',
      });
      expect(key.key_ring).toBe(
        `projects/acme-${env}/locations/europe-west1/keyRings/acme-${env}-platform`,
      );
      expect(key.rotation_period).toBe('7776000s');
      const channels = rs.filter(
        r => r.type === 'google_monitoring_notification_channel',
      );
      expect(channels.map(c => c.after.labels.email_address).sort()).toEqual([
        'payments-lead@example.com',
        'payments-oncall@example.com',
      ]);
      expect(channels.every(c => c.after.type === 'email')).toBe(true);
      const budget = rs.find(r => r.type === 'google_billing_budget')!.after;
      expect(budget.budget_filter[0]).toMatchObject({
        projects: [
          `projects/${env === 'prod' ? '300000000003' : '100000000001'}`,
        ],
        labels: { service: 'payments-api' },
      });
      expect(budget.threshold_rules).toEqual([
        { threshold_percent: 0.8, spend_basis: 'FORECASTED_SPEND' },
        { threshold_percent: 1, spend_basis: 'CURRENT_SPEND' },
      ]);
      expect(budget.all_updates_rule[0]).toMatchObject({
        disable_default_iam_recipients: true,
      });
      expect(
        budget.all_updates_rule[0].monitoring_notification_channels,
      ).toHaveLength(2);
    }
    const of = async (env: string) =>
      (await resourcesOf('gcp-baseline', env)).filter(
        r =>
          r.type === 'google_billing_budget' ||
          r.type === 'google_kms_crypto_key',
      );
    const [prodBudget, prodKey] = await of('prod');
    const [devBudget, devKey] = await of('dev');
    expect(prodBudget.after.amount[0].specified_amount[0]).toEqual({
      currency_code: 'USD',
      units: '1200',
    });
    expect(devBudget.after.amount[0].specified_amount[0].units).toBe('150');
    expect(prodKey.after.destroy_scheduled_duration).toBe('2592000s');
    expect(devKey.after.destroy_scheduled_duration).toBe('604800s');
  });

  it('gcp-service lets only the repository environment push and only the pods service account read its own secrets', async () => {
    for (const env of ENVIRONMENTS) {
      const rs = await resourcesOf('gcp-service', env);
      const project = `acme-${env}`;
      const number = env === 'prod' ? '300000000003' : '100000000001';
      const gke = rs.find(
        r =>
          r.address ===
          'module.service.google_service_account_iam_member.workload_gke',
      )!.after;
      expect(gke).toMatchObject({
        role: 'roles/iam.workloadIdentityUser',
        member: `serviceAccount:${project}.svc.id.goog[payments-api/payments-api]`,
      });
      const secrets = rs.find(
        r => r.type === 'google_project_iam_member',
      )!.after;
      expect(secrets).toMatchObject({
        role: 'roles/secretmanager.secretAccessor',
        member: `serviceAccount:payments-api-workload@${project}.iam.gserviceaccount.com`,
      });
      expect(secrets.condition[0].expression).toBe(
        `resource.name.startsWith("projects/${number}/secrets/${env}_payments-api_")`,
      );
      // Nothing is granted at project level but the conditioned accessor.
      expect(
        rs.filter(r => r.type === 'google_project_iam_member'),
      ).toHaveLength(1);
    }
    const dev = await resourcesOf('gcp-service', 'dev');
    const repo = dev.find(
      r => r.type === 'google_artifact_registry_repository',
    )!.after;
    expect(repo).toMatchObject({
      repository_id: 'payments-api',
      format: 'DOCKER',
      docker_config: [{ immutable_tags: true }],
      cleanup_policy_dry_run: false,
    });
    expect(
      repo.cleanup_policies.find((p: any) => p.action === 'KEEP')
        .most_recent_versions[0].keep_count,
    ).toBe(50);
    const member = (address: string) =>
      dev.find(r => r.address === `module.service.${address}`)!.after;
    expect(member('google_service_account_iam_member.ci_github[0]')).toEqual({
      role: 'roles/iam.workloadIdentityUser',
      member:
        'principal://iam.googleapis.com/projects/100000000001/locations/global/workloadIdentityPools/github/subject/repo:acme/payments-api:environment:dev',
    });
    expect(
      member('google_artifact_registry_repository_iam_member.ci_writer[0]'),
    ).toMatchObject({
      role: 'roles/artifactregistry.writer',
      member: 'serviceAccount:payments-api-ci@acme-dev.iam.gserviceaccount.com',
    });
    expect(member('google_kms_crypto_key_iam_member.registry[0]').member).toBe(
      'serviceAccount:service-100000000001@gcp-sa-artifactregistry.iam.gserviceaccount.com',
    );
    // Outside the registry environment: no repository, no push identity.
    const prod = await resourcesOf('gcp-service', 'prod');
    expect(
      prod.filter(r =>
        /artifact_registry|google_service_account\.ci|ci_github|kms_crypto_key_iam/.test(
          r.address,
        ),
      ),
    ).toEqual([]);
    const outputs = (await plan('gcp-service', 'prod')).planned_values as any;
    expect(outputs.outputs.repository_url.value).toBeNull();
    expect(
      ((await plan('gcp-service', 'dev')) as any).planned_values.outputs
        .repository_url.value,
    ).toBe('europe-west1-docker.pkg.dev/acme-dev/payments-api');
  });

  it('gcp-service refuses a registry without the GitHub provider', async () => {
    const dir = path.join(FACTORY_DIR, 'gcp-service', 'examples', 'complete');
    await expect(
      synthesizePlan({
        dir,
        variables: {
          ...(await readTfvars(path.join(dir, 'dev.tfvars'))),
          github_workload_identity_provider: null,
        },
        cloud: exampleCloud('gcp-service', 'dev'),
        resolveSource: resolveFactorySource,
      }),
    ).rejects.toThrow(
      /github_workload_identity_provider is required when create_registry is true/,
    );
  });

  it('gcp-database is private, TLS-only, password-less and regional and protected in prod only', async () => {
    const of = async (env: string, type: string) =>
      (await resourcesOf('gcp-database', env)).filter(r => r.type === type);
    for (const env of ENVIRONMENTS) {
      const [db] = await of(env, 'google_sql_database_instance');
      expect(db.after.database_version).toBe('POSTGRES_16');
      expect(db.after.settings[0].ip_configuration).toEqual([
        {
          ipv4_enabled: false,
          private_network: `projects/acme-${env}/global/networks/platform-${env}`,
          ssl_mode: 'ENCRYPTED_ONLY',
        },
      ]);
      expect(db.after.settings[0].backup_configuration[0]).toMatchObject({
        enabled: true,
        point_in_time_recovery_enabled: true,
      });
      const flags = Object.fromEntries(
        db.after.settings[0].database_flags.map((f: any) => [f.name, f.value]),
      );
      expect(flags).toMatchObject({
        'cloudsql.iam_authentication': 'on',
        'cloudsql.enable_pgaudit': 'on',
        log_connections: 'on',
        log_disconnections: 'on',
        log_checkpoints: 'on',
        log_lock_waits: 'on',
        log_min_duration_statement: '-1',
        log_statement: 'ddl',
      });
      const email = `payments-api-workload@acme-${env}.iam.gserviceaccount.com`;
      const [user] = await of(env, 'google_sql_user');
      expect(user.after).toMatchObject({
        type: 'CLOUD_IAM_SERVICE_ACCOUNT',
        name: `payments-api-workload@acme-${env}.iam`,
      });
      expect(
        JSON.stringify(await resourcesOf('gcp-database', env)),
      ).not.toMatch(/password/i);
      const grants = await of(env, 'google_project_iam_member');
      expect(grants.map(g => g.after.role).sort()).toEqual([
        'roles/cloudsql.client',
        'roles/cloudsql.instanceUser',
      ]);
      for (const g of grants) {
        expect(g.after.member).toBe(`serviceAccount:${email}`);
        expect(g.after.condition[0].expression).toBe(
          `resource.name == "projects/acme-${env}/instances/payments-api-${env}" && resource.type == "sqladmin.googleapis.com/Instance"`,
        );
      }
      const number = env === 'prod' ? '300000000003' : '100000000001';
      const [key] = await of(env, 'google_kms_crypto_key_iam_member');
      expect(key.after.member).toBe(
        `serviceAccount:service-${number}@gcp-sa-cloud-sql.iam.gserviceaccount.com`,
      );
      const identity = (
        (await plan('gcp-database', env)) as any
      ).resource_changes.find(
        (r: any) => r.type === 'google_project_service_identity',
      );
      expect(identity.provider_name).toBe(
        'registry.terraform.io/hashicorp/google-beta',
      );
    }
    const settings = async (env: string) =>
      (await of(env, 'google_sql_database_instance'))[0].after;
    expect(await settings('prod')).toMatchObject({
      deletion_protection: true,
      settings: [
        {
          availability_type: 'REGIONAL',
          deletion_protection_enabled: true,
          tier: 'db-custom-2-7680',
          backup_configuration: [
            { backup_retention_settings: [{ retained_backups: 30 }] },
          ],
        },
      ],
    });
    expect(await settings('dev')).toMatchObject({
      deletion_protection: false,
      settings: [
        {
          availability_type: 'ZONAL',
          deletion_protection_enabled: false,
          tier: 'db-custom-1-3840',
          backup_configuration: [
            { backup_retention_settings: [{ retained_backups: 7 }] },
          ],
        },
      ],
    });
  });

  it('gcp-bucket is private and encrypted, lets the service alone use its objects and keeps versions longer in prod', async () => {
    for (const env of ENVIRONMENTS) {
      const rs = await resourcesOf('gcp-bucket', env);
      const number = env === 'prod' ? '300000000003' : '100000000001';
      const bucket = rs.find(r => r.type === 'google_storage_bucket')!.after;
      expect(bucket).toMatchObject({
        name: `payments-api-uploads-${env}-${number}`,
        uniform_bucket_level_access: true,
        public_access_prevention: 'enforced',
        versioning: [{ enabled: true }],
        force_destroy: false,
      });
      const grants = rs.filter(
        r => r.type === 'google_storage_bucket_iam_member',
      );
      expect(grants.map(g => g.after)).toEqual([
        {
          bucket: `payments-api-uploads-${env}-${number}`,
          role: 'roles/storage.objectUser',
          member: `serviceAccount:payments-api-workload@acme-${env}.iam.gserviceaccount.com`,
        },
      ]);
      const key = rs.find(
        r => r.address === 'module.bucket.google_kms_crypto_key_iam_member.gcs',
      )!.after;
      expect(key.member).toBe(
        `serviceAccount:service-${number}@gs-project-accounts.iam.gserviceaccount.com`,
      );
    }
    const bucket = async (env: string) =>
      (await resourcesOf('gcp-bucket', env)).find(
        r => r.type === 'google_storage_bucket',
      )!.after;
    const prod = await bucket('prod');
    const dev = await bucket('dev');
    expect(prod.lifecycle_rule[0].condition[0].days_since_noncurrent_time).toBe(
      90,
    );
    expect(dev.lifecycle_rule[0].condition[0].days_since_noncurrent_time).toBe(
      30,
    );
    // Usage logs where the environment has a bucket for them (prod.tfvars).
    expect(prod.logging).toEqual([
      {
        log_bucket: 'acme-usage-logs-prod',
        log_object_prefix: 'payments-api-uploads-prod-300000000003',
      },
    ]);
    expect(dev.logging).toEqual([]);
  });

  it('gcp-network reserves a private services range and peers it with Service Networking', async () => {
    for (const env of ENVIRONMENTS) {
      const rs = await resourcesOf('gcp-network', env);
      const range = rs.find(r => r.type === 'google_compute_global_address')!;
      expect(range.after).toMatchObject({
        name: `platform-${env}-private-services`,
        purpose: 'VPC_PEERING',
        address_type: 'INTERNAL',
        address: '10.40.0.0',
        prefix_length: 16,
      });
      const peering = rs.find(
        r => r.type === 'google_service_networking_connection',
      )!.after;
      expect(peering).toMatchObject({
        service: 'servicenetworking.googleapis.com',
        reserved_peering_ranges: [`platform-${env}-private-services`],
        deletion_policy: 'ABANDON',
      });
    }
  });

  it('gcp-bootstrap federates the GitHub organisation and nobody else', async () => {
    for (const env of ENVIRONMENTS) {
      const rs = await resourcesOf('gcp-bootstrap', env);
      const pool = rs.find(
        r => r.type === 'google_iam_workload_identity_pool',
      )!.after;
      expect(pool.workload_identity_pool_id).toBe('github');
      const provider = rs.find(
        r => r.type === 'google_iam_workload_identity_pool_provider',
      )!.after;
      expect(provider).toMatchObject({
        workload_identity_pool_provider_id: 'github-actions',
        attribute_condition: 'assertion.repository_owner == "acme"',
        oidc: [{ issuer_uri: 'https://token.actions.githubusercontent.com' }],
      });
      // gcp-service trusts google.subject; principalSet grants use the rest.
      expect(provider.attribute_mapping).toMatchObject({
        'google.subject': 'assertion.sub',
        'attribute.repository': 'assertion.repository',
        'attribute.repository_owner': 'assertion.repository_owner',
        'attribute.environment': 'assertion.environment',
      });
    }
  });

  it('azure-account-baseline turns on the Defender plans and keeps the activity log longer in prod', async () => {
    const of = async (env: string, type: string) =>
      (await resourcesOf('azure-account-baseline', env)).filter(
        r => r.type === type,
      );
    for (const env of ENVIRONMENTS) {
      const plans = await of(
        env,
        'azurerm_security_center_subscription_pricing',
      );
      expect(plans.map(p => p.after.resource_type).sort()).toEqual([
        'Arm',
        'Containers',
        'KeyVaults',
        'OpenSourceRelationalDatabases',
        'StorageAccounts',
        'VirtualMachines',
      ]);
      expect(plans.every(p => p.after.tier === 'Standard')).toBe(true);
      const [setting] = await of(env, 'azurerm_monitor_diagnostic_setting');
      expect(setting.after.target_resource_id).toMatch(
        /^\/subscriptions\/[0-9a-f-]+$/,
      );
      expect(setting.after.enabled_log.map((l: any) => l.category)).toContain(
        'Administrative',
      );
      expect(await of(env, 'azurerm_security_center_contact')).toHaveLength(1);
    }
    const retention = async (env: string) =>
      (await of(env, 'azurerm_log_analytics_workspace'))[0].after
        .retention_in_days;
    expect(await retention('prod')).toBe(730);
    expect(await retention('dev')).toBe(90);
  });

  it('azure-network gives PostgreSQL a delegated subnet and a private zone linked to the network', async () => {
    for (const env of ENVIRONMENTS) {
      const rs = await resourcesOf('azure-network', env);
      const subnet = (name: string) =>
        rs.find(r => r.type === 'azurerm_subnet' && r.after.name === name)!
          .after;
      expect(subnet('snet-postgres')).toMatchObject({
        address_prefixes: ['10.40.32.0/24'],
        default_outbound_access_enabled: false,
        delegation: [
          {
            name: 'postgres-flexible-servers',
            service_delegation: [
              {
                name: 'Microsoft.DBforPostgreSQL/flexibleServers',
                actions: [
                  'Microsoft.Network/virtualNetworks/subnets/join/action',
                ],
              },
            ],
          },
        ],
      });
      // Outside the node range (10.40.0.0/20).
      expect(subnet('snet-nodes').address_prefixes).toEqual(['10.40.0.0/20']);
      expect(subnet('snet-nodes').service_endpoints).toEqual([
        'Microsoft.KeyVault',
        'Microsoft.Storage',
      ]);
      const [zone] = rs.filter(r => r.type === 'azurerm_private_dns_zone');
      expect(zone.after.name).toBe(
        `platform-${env}.private.postgres.database.azure.com`,
      );
      const [link] = rs.filter(
        r => r.type === 'azurerm_private_dns_zone_virtual_network_link',
      );
      expect(link.after).toMatchObject({
        private_dns_zone_name: zone.after.name,
        registration_enabled: false,
      });
      expect(
        rs.filter(
          r => r.type === 'azurerm_subnet_network_security_group_association',
        ),
      ).toHaveLength(2);
    }
  });

  it('azure-baseline tags everything, scopes the CMK identity to its key and budgets the resource group', async () => {
    for (const env of ENVIRONMENTS) {
      const rs = await resourcesOf('azure-baseline', env);
      const of = (type: string) => rs.filter(r => r.type === type);
      for (const r of rs.filter(x => 'tags' in x.after)) {
        expect(r.after.tags).toMatchObject({
          Owner: 'group:default/payments',
          Environment: env,
          CostCenter: 'cc-1042',
          DataClassification: 'confidential',
          Service: 'payments-api',
          Tier: 'backend',
        });
      }
      expect(of('azurerm_resource_group')[0].after.name).toBe(
        `rg-payments-api-${env}`,
      );
      const vault = rs.find(
        r => r.address === 'module.baseline.azurerm_key_vault.this',
      )!;
      expect(vault.after).toMatchObject({
        name: `kv-payments-api-${env}`,
        enable_rbac_authorization: true,
        purge_protection_enabled: true,
        soft_delete_retention_days: env === 'prod' ? 90 : 30,
        network_acls: [
          expect.objectContaining({
            default_action: 'Deny',
            bypass: 'AzureServices',
          }),
        ],
      });
      const key = rs.find(
        r => r.address === 'module.baseline.azurerm_key_vault_key.cmk',
      )!;
      expect(key.after.key_opts).toEqual(['unwrapKey', 'wrapKey']);
      expect(key.after.rotation_policy[0].automatic[0]).toEqual({
        time_after_creation: 'P1Y',
      });
      // The CMK identity may use this key and nothing else in the vault.
      const config = (await plan('azure-baseline', env)).configuration as any;
      const cmkRole =
        config.root_module.module_calls.baseline.module.resources.find(
          (r: any) => r.address === 'azurerm_role_assignment.cmk',
        );
      expect(cmkRole.expressions.scope.references).toContain(
        'azurerm_key_vault_key.cmk.resource_versionless_id',
      );
      expect(
        of('azurerm_role_assignment').map(r => [
          r.address,
          r.after.role_definition_name,
        ]),
      ).toEqual(
        [
          ['cmk', 'Key Vault Crypto Service Encryption User'],
          ['deployer', 'Key Vault Administrator'],
          ...(env === 'prod'
            ? [
                ['deployer_geo[0]', 'Key Vault Administrator'],
                ['geo[0]', 'Key Vault Crypto Service Encryption User'],
              ]
            : []),
        ].map(([a, role]) => [
          `module.baseline.azurerm_role_assignment.${a}`,
          role,
        ]),
      );
      // Geo-redundant backups get their own vault, key and identity in the
      // paired region, in production only.
      expect(
        rs
          .filter(r => r.address.includes('.geo['))
          .map(r => [r.type, r.after.location ?? null]),
      ).toEqual(
        env === 'prod'
          ? [
              ['azurerm_key_vault', 'northeurope'],
              ['azurerm_key_vault_key', null],
              ['azurerm_role_assignment', null],
              ['azurerm_user_assigned_identity', 'northeurope'],
            ]
          : [],
      );
      const [budget] = of('azurerm_consumption_budget_resource_group');
      expect(budget.after.amount).toBe(200);
      expect(budget.after.time_grain).toBe('Monthly');
      expect(
        budget.after.notification.map((n: any) => [
          n.threshold,
          n.threshold_type,
          n.contact_emails,
        ]),
      ).toEqual([
        [80, 'Forecasted', ['payments-oncall@example.com']],
        [100, 'Actual', ['payments-oncall@example.com']],
      ]);
    }
  });

  it('azure-service federates the CI identity with one repository and environment, and the pods with one service account', async () => {
    const dev = await resourcesOf('azure-service', 'dev');
    const registry = dev.find(r => r.type === 'azurerm_container_registry')!;
    expect(registry.after).toMatchObject({
      name: 'crpaymentsapidev',
      sku: 'Standard',
      admin_enabled: false,
      anonymous_pull_enabled: false,
    });
    const credentials = dev.filter(
      r => r.type === 'azurerm_federated_identity_credential',
    );
    expect(
      credentials.map(c => [c.after.issuer, c.after.subject, c.after.audience]),
    ).toEqual([
      [
        'https://token.actions.githubusercontent.com',
        'repo:acme/payments-api:environment:dev',
        ['api://AzureADTokenExchange'],
      ],
      [
        'https://westeurope.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000001/00000000-0000-0000-0000-0000000000e1/',
        'system:serviceaccount:payments-api:payments-api',
        ['api://AzureADTokenExchange'],
      ],
    ]);
    const roles = (rs: typeof dev) =>
      rs
        .filter(
          r =>
            r.type === 'azurerm_role_assignment' &&
            r.address.startsWith('module.service.'),
        )
        .map(r => [
          r.address.replace('module.service.', ''),
          r.after.role_definition_name,
        ]);
    expect(roles(dev)).toEqual([
      ['azurerm_role_assignment.ci_push[0]', 'AcrPush'],
      [
        'azurerm_role_assignment.pull["00000000-0000-0000-0000-0000000000c1"]',
        'AcrPull',
      ],
      [
        'azurerm_role_assignment.pull["00000000-0000-0000-0000-0000000000c3"]',
        'AcrPull',
      ],
      ['azurerm_role_assignment.workload_secrets', 'Key Vault Secrets User'],
    ]);
    // Without the registry: the workload identity and its one role only.
    const prod = await resourcesOf('azure-service', 'prod');
    expect(prod.filter(r => r.type === 'azurerm_container_registry')).toEqual(
      [],
    );
    expect(roles(prod)).toEqual([
      ['azurerm_role_assignment.workload_secrets', 'Key Vault Secrets User'],
    ]);
    // The registry environment pays for the registry (Standard, per day).
    const cost = async (env: string) =>
      governPlan(planFromDocument((await plan('azure-service', env)) as any), {
        environment: env,
      }).cost;
    const registryLine = (await cost('dev')).resources.find(
      r => r.address === 'module.service.azurerm_container_registry.this[0]',
    )!;
    expect(registryLine.monthly).toBeCloseTo((0.667 * 730) / 24, 3);
    expect(
      (await cost('prod')).resources.some(r =>
        r.address.includes('azurerm_container_registry'),
      ),
    ).toBe(false);
    const outputs = (await plan('azure-service', 'prod')).planned_values as any;
    expect(outputs.outputs.ci_client_id).toEqual({
      sensitive: false,
      value: null,
    });
  });

  it('azure-database is private, password-less and CMK-encrypted, with HA and geo backups in prod only', async () => {
    const of = async (env: string) =>
      (await resourcesOf('azure-database', env)).filter(r =>
        r.address.startsWith('module.database.'),
      );
    for (const env of ENVIRONMENTS) {
      const rs = await of(env);
      const server = rs.find(
        r => r.type === 'azurerm_postgresql_flexible_server',
      )!.after;
      expect(server).toMatchObject({
        version: '16',
        public_network_access_enabled: false,
        delegated_subnet_id: expect.stringMatching(/\/subnets\/snet-postgres$/),
        private_dns_zone_id: expect.stringMatching(
          /\.private\.postgres\.database\.azure\.com$/,
        ),
        authentication: [
          {
            active_directory_auth_enabled: true,
            password_auth_enabled: false,
            tenant_id: '00000000-0000-0000-0000-000000000001',
          },
        ],
      });
      // No password anywhere: neither an administrator login nor a password.
      expect(server.administrator_login ?? null).toBeNull();
      expect(server.administrator_password ?? null).toBeNull();
      const admin = rs.find(
        r =>
          r.type ===
          'azurerm_postgresql_flexible_server_active_directory_administrator',
      )!.after;
      expect(admin).toMatchObject({
        principal_name: `id-payments-api-${env}-workload`,
        principal_type: 'ServicePrincipal',
      });
      expect(
        Object.fromEntries(
          rs
            .filter(
              r =>
                r.type === 'azurerm_postgresql_flexible_server_configuration',
            )
            .map(r => [r.after.name, r.after.value]),
        ),
      ).toEqual({
        'connection_throttle.enable': 'on',
        log_checkpoints: 'on',
        log_connections: 'on',
        log_disconnections: 'on',
        'logfiles.retention_days': '7',
        require_secure_transport: 'on',
        ssl_min_protocol_version: 'TLSv1.2',
      });
    }
    const server = async (env: string) =>
      (await of(env)).find(
        r => r.type === 'azurerm_postgresql_flexible_server',
      )!.after;
    expect(await server('prod')).toMatchObject({
      sku_name: 'GP_Standard_D2ds_v5',
      geo_redundant_backup_enabled: true,
      backup_retention_days: 30,
      zone: '1',
      high_availability: [
        { mode: 'ZoneRedundant', standby_availability_zone: '2' },
      ],
    });
    // Both the primary and the geo-backup identity are attached in prod.
    expect((await server('prod')).identity[0].identity_ids).toHaveLength(2);
    expect(await server('dev')).toMatchObject({
      sku_name: 'B_Standard_B1ms',
      geo_redundant_backup_enabled: false,
      backup_retention_days: 7,
      high_availability: [],
    });
    expect((await server('dev')).identity[0].identity_ids).toHaveLength(1);
    // The keys come from azure-baseline: the primary one, and in prod the paired region's.
    const config = (await plan('azure-database', 'prod')).configuration as any;
    const cmk = config.root_module.module_calls.database.module.resources.find(
      (r: any) => r.type === 'azurerm_postgresql_flexible_server',
    ).expressions.customer_managed_key[0];
    expect(cmk.key_vault_key_id.references).toContain('var.cmk_key_id');
    expect(cmk.geo_backup_key_vault_key_id.references).toContain(
      'local.geo_backup_key',
    );
  });

  it('azure-bucket admits Entra identities only, encrypts with the CMK and gives the workload one container', async () => {
    for (const env of ENVIRONMENTS) {
      const rs = (await resourcesOf('azure-bucket', env)).filter(r =>
        r.address.startsWith('module.bucket.'),
      );
      const account = rs.find(r => r.type === 'azurerm_storage_account')!.after;
      const days = env === 'prod' ? 90 : 30;
      expect(account).toMatchObject({
        name: `stpaymentsapi${env}`,
        account_replication_type: env === 'prod' ? 'GZRS' : 'LRS',
        min_tls_version: 'TLS1_2',
        https_traffic_only_enabled: true,
        allow_nested_items_to_be_public: false,
        shared_access_key_enabled: false,
        infrastructure_encryption_enabled: true,
        network_rules: [
          {
            default_action: 'Deny',
            bypass: ['AzureServices'],
            virtual_network_subnet_ids: [
              expect.stringMatching(/\/subnets\/snet-nodes$/),
            ],
          },
        ],
        blob_properties: [
          {
            versioning_enabled: true,
            change_feed_enabled: true,
            change_feed_retention_in_days: days,
            delete_retention_policy: [{ days }],
            container_delete_retention_policy: [{ days }],
          },
        ],
      });
      const container = rs.find(r => r.type === 'azurerm_storage_container')!;
      expect(container.after).toEqual({
        name: 'documents',
        container_access_type: 'private',
      });
      // The role is scoped to the container, not the account.
      const config = (await plan('azure-bucket', env)).configuration as any;
      const bucket = config.root_module.module_calls.bucket.module.resources;
      const role = bucket.find(
        (r: any) => r.address === 'azurerm_role_assignment.workload',
      );
      expect(role.expressions.scope.references).toContain(
        'azurerm_storage_container.this.id',
      );
      expect(role.expressions.role_definition_name.constant_value).toBe(
        'Storage Blob Data Contributor',
      );
      const cmk = bucket.find(
        (r: any) => r.address === 'azurerm_storage_account.this',
      ).expressions.customer_managed_key[0];
      expect(cmk.key_vault_key_id.references).toContain('var.cmk_key_id');
      const [logs] = rs.filter(
        r => r.type === 'azurerm_monitor_diagnostic_setting',
      );
      expect(logs.after.enabled_log.map((l: any) => l.category)).toEqual([
        'StorageRead',
        'StorageWrite',
        'StorageDelete',
      ]);
    }
  });

  it('aws-queue encrypts both queues with the stack key, refuses plain HTTP and dead-letters after five receives', async () => {
    for (const env of ENVIRONMENTS) {
      const rs = (await resourcesOf('aws-queue', env)).filter(r =>
        r.address.startsWith('module.queue.'),
      );
      const queue = rs.find(
        r => r.address === 'module.queue.aws_sqs_queue.this',
      )!.after;
      const dlq = rs.find(
        r => r.address === 'module.queue.aws_sqs_queue.dlq',
      )!.after;
      const arn = (name: string) =>
        `arn:aws:sqs:us-east-1:${
          env === 'prod' ? '333333333333' : '111111111111'
        }:${name}`;
      expect(queue.name).toBe(`payments-api-${env}`);
      expect(JSON.parse(queue.redrive_policy)).toEqual({
        deadLetterTargetArn: arn(`payments-api-${env}-dlq`),
        maxReceiveCount: 5,
      });
      // The dead-letter queue accepts this queue's messages and nobody else's.
      expect(JSON.parse(dlq.redrive_allow_policy)).toEqual({
        redrivePermission: 'byQueue',
        sourceQueueArns: [arn(`payments-api-${env}`)],
      });
      expect(dlq.message_retention_seconds).toBe(1209600);
      // Retention: 14 days in production, the SQS default of 4 elsewhere.
      expect(queue.message_retention_seconds).toBe(
        env === 'prod' ? 1209600 : 345600,
      );
      const policies = rs
        .filter(r => r.type === 'aws_sqs_queue_policy')
        .map(r => JSON.parse(r.after.policy).Statement);
      expect(policies.map(p => p[0].Resource).sort()).toEqual([
        arn(`payments-api-${env}`),
        arn(`payments-api-${env}-dlq`),
      ]);
      for (const [statement] of policies) {
        expect(statement).toMatchObject({
          Effect: 'Deny',
          Action: 'sqs:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        });
      }
      // The key is aws-baseline's, known only after apply: the configuration says which.
      const config = (await plan('aws-queue', env)).configuration as any;
      const calls = config.root_module.module_calls;
      expect(calls.queue.expressions.kms_key_arn.references).toContain(
        'module.baseline.kms_key_arn',
      );
      for (const q of calls.queue.module.resources.filter(
        (r: any) => r.type === 'aws_sqs_queue',
      )) {
        expect(q.expressions.kms_master_key_id.references).toEqual([
          'var.kms_key_arn',
        ]);
      }
    }
    // SQS is billed by requests: the estimate says so instead of guessing.
    const { cost } = governPlan(
      planFromDocument((await plan('aws-queue', 'prod')) as any),
      { environment: 'prod' },
    );
    expect(JSON.stringify(cost)).toContain('requests');
  });

  it('aws-queue grants the workload this queue and the key through SQS, nothing else', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-queue-'));
    try {
      fs.writeFileSync(
        path.join(tmp, 'main.tf'),
        `module "queue" {
  source      = "factory/aws-queue"
  name        = "orders"
  environment = "dev"
  kms_key_arn   = "arn:aws:kms:us-east-1:111111111111:key/k1"
  kms_key_alias = "alias/orders-dev"
  tags          = { Owner = "group:default/payments" }
}

output "policy" {
  value = module.queue.access_policy_json
}
`,
      );
      const { document } = await synthesizePlan({
        dir: tmp,
        cloud: exampleCloud('aws-queue', 'dev'),
        resolveSource: source =>
          source === 'factory/aws-queue'
            ? path.join(FACTORY_DIR, 'aws-queue')
            : undefined,
      });
      const policy = JSON.parse(
        (document.planned_values as any).outputs.policy.value,
      );
      expect(policy.Statement).toEqual([
        {
          Sid: 'UseQueue',
          Effect: 'Allow',
          Action: [
            'sqs:SendMessage',
            'sqs:ReceiveMessage',
            'sqs:DeleteMessage',
            'sqs:GetQueueAttributes',
          ],
          Resource: 'arn:aws:sqs:us-east-1:111111111111:orders-dev',
        },
        {
          Sid: 'UseKeyThroughSqs',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          // By its alias: the key's ARN is unknown until it exists.
          Resource: 'arn:aws:kms:us-east-1:111111111111:key/*',
          Condition: {
            'ForAnyValue:StringEquals': {
              'kms:ResourceAliases': 'alias/orders-dev',
            },
            StringEquals: { 'kms:ViaService': 'sqs.us-east-1.amazonaws.com' },
          },
        },
      ]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('gcp-queue encrypts both topics with the service key, keeps messages in the region and dead-letters after five deliveries', async () => {
    for (const env of ENVIRONMENTS) {
      const rs = (await resourcesOf('gcp-queue', env)).filter(r =>
        r.address.startsWith('module.queue.'),
      );
      const project = `acme-${env}`;
      const agent = `serviceAccount:service-${
        env === 'prod' ? '300000000003' : '100000000001'
      }@gcp-sa-pubsub.iam.gserviceaccount.com`;
      const byAddress = (a: string) =>
        rs.find(r => r.address === `module.queue.${a}`)!.after;
      for (const topic of ['this', 'dead_letter']) {
        expect(
          byAddress(`google_pubsub_topic.${topic}`).message_storage_policy,
        ).toEqual([{ allowed_persistence_regions: ['europe-west1'] }]);
      }
      const subscription = byAddress('google_pubsub_subscription.this');
      expect(subscription).toMatchObject({
        name: `payments-api-${env}`,
        ack_deadline_seconds: 30,
        expiration_policy: [{ ttl: '' }],
        dead_letter_policy: [
          {
            dead_letter_topic: `projects/${project}/topics/payments-api-${env}-dlq`,
            max_delivery_attempts: 5,
          },
        ],
        // Retention: 7 days (the Pub/Sub maximum) in production, 4 elsewhere.
        message_retention_duration: env === 'prod' ? '604800s' : '345600s',
      });
      // The dead letters are kept: a topic without subscription drops them.
      expect(byAddress('google_pubsub_subscription.dead_letter')).toMatchObject(
        {
          name: `payments-api-${env}-dlq`,
          message_retention_duration: '604800s',
          expiration_policy: [{ ttl: '' }],
        },
      );
      // Who may do what: the service publishes and consumes its own queue,
      // Pub/Sub's service agent uses the key and forwards dead letters.
      const grants = rs
        .filter(r => r.type.endsWith('_iam_member'))
        .map(r => [
          r.type,
          r.after.topic ?? r.after.subscription ?? 'key',
          r.after.role,
          r.after.member,
        ])
        .sort();
      const workload = `serviceAccount:payments-api-workload@${project}.iam.gserviceaccount.com`;
      expect(grants).toEqual(
        [
          [
            'google_kms_crypto_key_iam_member',
            'key',
            'roles/cloudkms.cryptoKeyEncrypterDecrypter',
            agent,
          ],
          [
            'google_pubsub_subscription_iam_member',
            `payments-api-${env}`,
            'roles/pubsub.subscriber',
            agent,
          ],
          [
            'google_pubsub_subscription_iam_member',
            `payments-api-${env}`,
            'roles/pubsub.subscriber',
            workload,
          ],
          [
            'google_pubsub_topic_iam_member',
            `payments-api-${env}`,
            'roles/pubsub.publisher',
            workload,
          ],
          [
            'google_pubsub_topic_iam_member',
            `payments-api-${env}-dlq`,
            'roles/pubsub.publisher',
            agent,
          ],
        ].sort(),
      );
      // The key is gcp-baseline's, known only after apply: the configuration says which.
      const config = (await plan('gcp-queue', env)).configuration as any;
      const calls = config.root_module.module_calls;
      expect(calls.queue.expressions.kms_key_id.references).toContain(
        'module.baseline.kms_key_id',
      );
      for (const t of calls.queue.module.resources.filter(
        (r: any) => r.type === 'google_pubsub_topic',
      )) {
        expect(t.expressions.kms_key_name.references).toEqual([
          'var.kms_key_id',
        ]);
      }
      const outputs = (await plan('gcp-queue', env)).planned_values as any;
      expect(outputs.outputs.subscription_id.value).toBe(
        `projects/${project}/subscriptions/payments-api-${env}`,
      );
    }
    // Pub/Sub bills throughput: the estimate says so instead of guessing.
    const { cost } = governPlan(
      planFromDocument((await plan('gcp-queue', 'prod')) as any),
      { environment: 'prod' },
    );
    expect(
      cost.unpriced
        .filter(u => u.address.startsWith('module.queue.google_pubsub_'))
        .map(u => u.status),
    ).toEqual(Array(4).fill('usage-priced'));
  });

  it('azure-queue is Entra-only and TLS 1.2, dead-letters after five deliveries, gives the workload this queue only, and is Premium with the CMK in prod', async () => {
    for (const env of ENVIRONMENTS) {
      const rs = (await resourcesOf('azure-queue', env)).filter(r =>
        r.address.startsWith('module.queue.'),
      );
      const namespace = rs.find(
        r => r.type === 'azurerm_servicebus_namespace',
      )!.after;
      expect(namespace).toMatchObject({
        name: `sb-payments-api-${env}-3f9a1c`,
        local_auth_enabled: false,
        minimum_tls_version: '1.2',
        sku: env === 'prod' ? 'Premium' : 'Standard',
        capacity: env === 'prod' ? 1 : 0,
      });
      expect(namespace.customer_managed_key).toHaveLength(
        env === 'prod' ? 1 : 0,
      );
      const queue = rs.find(r => r.type === 'azurerm_servicebus_queue')!.after;
      expect(queue).toMatchObject({
        max_delivery_count: 5,
        dead_lettering_on_message_expiration: true,
        default_message_ttl: env === 'prod' ? 'P14D' : 'P4D',
      });
      const config = (await plan('azure-queue', env)).configuration as any;
      const resources = config.root_module.module_calls.queue.module.resources;
      // Both roles are scoped to the queue, not the namespace.
      const roles = resources
        .filter((r: any) => r.type === 'azurerm_role_assignment')
        .map((r: any) => [
          r.expressions.role_definition_name.constant_value,
          r.expressions.scope.references,
          r.expressions.principal_id.references,
        ]);
      expect(roles).toEqual([
        [
          'Azure Service Bus Data Receiver',
          expect.arrayContaining(['azurerm_servicebus_queue.this.id']),
          ['var.workload_principal_id'],
        ],
        [
          'Azure Service Bus Data Sender',
          expect.arrayContaining(['azurerm_servicebus_queue.this.id']),
          ['var.workload_principal_id'],
        ],
      ]);
      // The key is azure-baseline's, known only after apply.
      expect(
        config.root_module.module_calls.queue.expressions.cmk_key_id.references,
      ).toContain('module.baseline.cmk_key_id');
      const [logs] = rs.filter(
        r => r.type === 'azurerm_monitor_diagnostic_setting',
      );
      expect(logs.after.enabled_log.map((l: any) => l.category)).toEqual(
        env === 'prod'
          ? ['OperationalLogs', 'RuntimeAuditLogs']
          : ['OperationalLogs'],
      );
    }
    // What the tier costs, as the estimate (and so the budget gate) sees it:
    // one Premium messaging unit against Standard's base charge.
    const namespaceCost = async (env: string) =>
      governPlan(planFromDocument((await plan('azure-queue', env)) as any), {
        environment: env,
      }).cost.resources.find(
        r => r.address === 'module.queue.azurerm_servicebus_namespace.this',
      )!.monthly;
    expect(await namespaceCost('prod')).toBeCloseTo(0.928 * 730, 2);
    expect(await namespaceCost('dev')).toBeCloseTo(0.0135 * 730, 3);
  });

  it('azure-baseline refuses key vault names Azure refuses (3-24 characters, a letter first, no "--", no trailing "-")', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'azure-baseline-'));
    // One folder per name: parsed files are cached by path.
    const synth = (keyVaultName: string) => {
      const dir = fs.mkdtempSync(path.join(tmp, 'root-'));
      fs.writeFileSync(
        path.join(dir, 'main.tf'),
        `module "baseline" {
  source              = "factory/azure-baseline"
  name                = "payments-api"
  environment         = "dev"
  location            = "westeurope"
  owner               = "group:default/payments"
  cost_center         = "cc-1042"
  monthly_budget      = 100
  budget_alert_emails = ["oncall@example.com"]
  tenant_id           = "00000000-0000-0000-0000-000000000001"
  key_vault_name      = ${JSON.stringify(keyVaultName)}
}
`,
      );
      return synthesizePlan({
        dir,
        cloud: exampleCloud('azure-baseline', 'dev'),
        resolveSource: source =>
          source === 'factory/azure-baseline'
            ? path.join(FACTORY_DIR, 'azure-baseline')
            : undefined,
      });
    };
    try {
      for (const bad of [
        'kv',
        'kv-payments-api-development',
        '1kv-payments',
        'kv--payments',
        'kv-payments-',
        'kv_payments',
      ]) {
        await expect(synth(bad)).rejects.toThrow(
          /Invalid value for variable "key_vault_name"/,
        );
      }
      for (const good of ['kv1', 'kv-payments-api-prod-123']) {
        const { document } = await synth(good);
        expect(
          (document.resource_changes as any[]).find(
            r => r.type === 'azurerm_key_vault',
          ).change.after.name,
        ).toBe(good);
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('every accepted finding is still there and blocks nowhere, so the list cannot go stale or hide a blocker', async () => {
    const used = new Set<string>();
    const blocking: string[] = [];
    for (const module of MODULES) {
      for (const env of ENVIRONMENTS) {
        const { findings, summary } = governPlan(
          planFromDocument((await plan(module, env)) as any),
          { environment: env },
        );
        for (const f of findings) {
          if (f.verdict !== 'fail' && f.verdict !== 'unknown') continue;
          const accepted = acceptedFor(f);
          if (!accepted) continue;
          used.add(`${accepted.ruleId} ${accepted.address}`);
          if (isBlocking(f, summary.threshold, summary.unknownBlocks))
            blocking.push(`${module} ${env}: ${f.ruleId} ${f.address}`);
        }
      }
    }
    expect(blocking).toEqual([]);
    expect(
      ACCEPTED_FINDINGS.map(a => `${a.ruleId} ${a.address}`).filter(
        a => !used.has(a),
      ),
    ).toEqual([]);
  });
});
