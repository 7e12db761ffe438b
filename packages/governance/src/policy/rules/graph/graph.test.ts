import { addressOf, planOf, ResourceSpec } from '../../../__testUtils__/plans';
import type { JsonObject } from '../../../plan/types';
import { CHECKOV } from '../../checkov/catalogue';
import { evaluatePlan } from '../../evaluate';
import type { Finding } from '../../types';
import { GRAPH_RULES } from './index';

/** A reference to another resource of the plan, as the configuration shows it. */
const ref = (address: string, attr = 'id'): JsonObject => ({
  references: [`${address}.${attr}`, address],
});

function finding(
  specs: ResourceSpec[],
  ruleId: string,
  address = addressOf(specs[0]),
  environment = 'prod',
): Finding {
  const f = evaluatePlan(planOf(specs), {
    environment,
    rules: GRAPH_RULES,
  }).findings.find(x => x.ruleId === ruleId && x.address === address);
  if (!f) throw new Error(`no ${ruleId} finding for ${address}`);
  return f;
}

const verdictOf = (...args: Parameters<typeof finding>) =>
  finding(...args).verdict;

const sshFromWorld = {
  cidr_blocks: ['0.0.0.0/0'],
  ipv6_cidr_blocks: [],
  from_port: 22,
  to_port: 22,
  protocol: 'tcp',
};

describe('graph rules: instances and their security groups', () => {
  const sg = (name: string, ingress: JsonObject[]): ResourceSpec => ({
    type: 'aws_security_group',
    name,
    after: { ingress },
    unknown: { id: true },
  });
  const instance = (groups: string[]): ResourceSpec => ({
    type: 'aws_instance',
    name: 'app',
    after: { instance_type: 't3.micro' },
    unknown: { vpc_security_group_ids: true },
    config: {
      vpc_security_group_ids: {
        references: groups.flatMap(g => [`${g}.id`, g]),
      },
    },
  });

  it('fails an instance whose attached group opens SSH to the world, naming the group', () => {
    const f = finding(
      [
        instance(['aws_security_group.open', 'aws_security_group.ok']),
        sg('open', [sshFromWorld]),
        sg('ok', []),
      ],
      'GW-AWS-403',
    );
    expect(f.verdict).toBe('fail');
    expect(f.message).toContain('aws_security_group.open');
    expect(f.message).toContain('22');
  });

  it('passes an instance whose groups admit no admin port from the world', () => {
    expect(
      verdictOf(
        [instance(['aws_security_group.ok']), sg('ok', [])],
        'GW-AWS-403',
      ),
    ).toBe('pass');
  });

  it('is unknown when the groups are only known after apply and not resolvable', () => {
    const f = finding(
      [
        {
          type: 'aws_instance',
          name: 'app',
          after: {},
          unknown: { vpc_security_group_ids: true },
          config: { vpc_security_group_ids: { references: ['var.groups'] } },
        },
      ],
      'GW-AWS-403',
    );
    expect(f.verdict).toBe('unknown');
    expect(f.message).toContain('vpc_security_group_ids');
  });

  it('is unknown for literal group ids that are not in the plan', () => {
    expect(
      verdictOf(
        [
          {
            type: 'aws_instance',
            after: { vpc_security_group_ids: ['sg-0123'] },
          },
        ],
        'GW-AWS-403',
      ),
    ).toBe('unknown');
  });

  it('flags a group that nothing attaches, and passes one used by an instance or a Lambda vpc_config', () => {
    const f = finding([sg('lonely', [])], 'GW-AWS-401');
    expect(f.verdict).toBe('fail');
    expect(f.message).toContain('vpc_security_group_ids');
    expect(
      verdictOf(
        [sg('ok', []), instance(['aws_security_group.ok'])],
        'GW-AWS-401',
        'aws_security_group.ok',
      ),
    ).toBe('pass');
    expect(
      verdictOf(
        [
          sg('fn', []),
          {
            type: 'aws_lambda_function',
            after: { vpc_config: [{ subnet_ids: ['subnet-1'] }] },
            unknown: { vpc_config: [{ security_group_ids: true }] },
            config: {
              vpc_config: [
                { security_group_ids: ref('aws_security_group.fn') },
              ],
            },
          },
        ],
        'GW-AWS-401',
        'aws_security_group.fn',
      ),
    ).toBe('pass');
  });

  it('ties list values to groups by id when the plan knows them', () => {
    expect(
      verdictOf(
        [
          {
            type: 'aws_security_group',
            name: 'existing',
            action: 'no-op',
            after: { id: 'sg-111', ingress: [sshFromWorld] },
          },
          {
            type: 'aws_instance',
            after: { vpc_security_group_ids: ['sg-111'] },
          },
        ],
        'GW-AWS-403',
        'aws_instance.x',
      ),
    ).toBe('fail');
  });

  it('closes the default security group: inline rules and separate rules fail', () => {
    const dflt: ResourceSpec = {
      type: 'aws_default_security_group',
      name: 'd',
      after: { ingress: [], egress: [] },
      unknown: { id: true },
    };
    expect(verdictOf([dflt], 'GW-AWS-402')).toBe('pass');
    const inline = finding(
      [{ ...dflt, after: { ingress: [sshFromWorld], egress: [] } }],
      'GW-AWS-402',
    );
    expect(inline.verdict).toBe('fail');
    expect(inline.message).toContain('ingress');
    const separate = finding(
      [
        dflt,
        {
          type: 'aws_vpc_security_group_ingress_rule',
          name: 'r',
          after: { cidr_ipv4: '10.0.0.0/8' },
          config: {
            security_group_id: ref('aws_default_security_group.d'),
          },
        },
      ],
      'GW-AWS-402',
    );
    expect(separate.verdict).toBe('fail');
    expect(separate.message).toContain('aws_vpc_security_group_ingress_rule.r');
  });

  it('fails EMR clusters whose managed master group is open to the world', () => {
    const emr = (group: string): ResourceSpec => ({
      type: 'aws_emr_cluster',
      after: { ec2_attributes: [{}] },
      unknown: {
        ec2_attributes: [{ emr_managed_master_security_group: true }],
      },
      config: {
        ec2_attributes: [{ emr_managed_master_security_group: ref(group) }],
      },
    });
    expect(
      verdictOf(
        [
          emr('aws_security_group.m'),
          sg('m', [{ ...sshFromWorld, from_port: 8443, to_port: 8443 }]),
        ],
        'GW-AWS-404',
      ),
    ).toBe('fail');
    expect(
      verdictOf([emr('aws_security_group.m'), sg('m', [])], 'GW-AWS-404'),
    ).toBe('pass');
  });

  it('network ACLs: subnet_ids or an association pass, neither fails', () => {
    expect(
      verdictOf(
        [{ type: 'aws_network_acl', after: { subnet_ids: ['subnet-1'] } }],
        'GW-AWS-405',
      ),
    ).toBe('pass');
    const acl: ResourceSpec = {
      type: 'aws_network_acl',
      name: 'a',
      after: { subnet_ids: [] },
      unknown: { id: true },
    };
    expect(verdictOf([acl], 'GW-AWS-405')).toBe('fail');
    expect(
      verdictOf(
        [
          acl,
          {
            type: 'aws_network_acl_association',
            after: {},
            config: { network_acl_id: ref('aws_network_acl.a') },
          },
        ],
        'GW-AWS-405',
      ),
    ).toBe('pass');
  });
});

describe('graph rules: stores and their KMS keys', () => {
  const key = (rotation: boolean | undefined): ResourceSpec => ({
    type: 'aws_kms_key',
    name: 'k',
    after: rotation === undefined ? {} : { enable_key_rotation: rotation },
    unknown: { arn: true, key_id: true, id: true },
  });
  const db: ResourceSpec = {
    type: 'aws_db_instance',
    name: 'db',
    after: { storage_encrypted: true },
    unknown: { kms_key_id: true },
    config: { kms_key_id: ref('aws_kms_key.k', 'arn') },
  };
  const eks: ResourceSpec = {
    type: 'aws_eks_cluster',
    name: 'c',
    after: { encryption_config: [{ resources: ['secrets'], provider: [{}] }] },
    unknown: { encryption_config: [{ provider: [{ key_arn: true }] }] },
    config: {
      encryption_config: [
        { provider: [{ key_arn: ref('aws_kms_key.k', 'arn') }] },
      ],
    },
  };

  it.each([
    ['an RDS instance', db],
    ['an EKS cluster', eks],
  ])(
    '%s with a rotating key of the plan passes; without rotation fails',
    (_, store) => {
      expect(verdictOf([store, key(true)], 'GW-AWS-406')).toBe('pass');
      const f = finding([store, key(false)], 'GW-AWS-406');
      expect(f.verdict).toBe('fail');
      expect(f.message).toContain('enable_key_rotation');
      // Unset: the provider default is no rotation.
      expect(verdictOf([store, key(undefined)], 'GW-AWS-406')).toBe('fail');
    },
  );

  it('a key outside the plan is unknown; no key is not applicable', () => {
    const outside = finding(
      [
        {
          type: 'aws_db_instance',
          after: { kms_key_id: 'arn:aws:kms:us-east-1:1:key/abc' },
        },
      ],
      'GW-AWS-406',
    );
    expect(outside.verdict).toBe('unknown');
    expect(outside.message).toContain('kms_key_id');
    expect(
      verdictOf([{ type: 'aws_db_instance', after: {} }], 'GW-AWS-406'),
    ).toBe('not-applicable');
  });

  it('attached EBS volumes must be encrypted', () => {
    const volume = (encrypted: boolean): ResourceSpec => ({
      type: 'aws_ebs_volume',
      name: 'v',
      after: { encrypted, size: 10 },
      unknown: { id: true },
    });
    const attachment: ResourceSpec = {
      type: 'aws_volume_attachment',
      after: {},
      config: { volume_id: ref('aws_ebs_volume.v') },
    };
    expect(verdictOf([volume(false), attachment], 'GW-AWS-407')).toBe('fail');
    expect(verdictOf([volume(true), attachment], 'GW-AWS-407')).toBe('pass');
    expect(verdictOf([volume(false)], 'GW-AWS-407')).toBe('not-applicable');
  });

  it('KMS keys need a policy: inline or aws_kms_key_policy', () => {
    expect(verdictOf([key(true)], 'GW-AWS-408')).toBe('fail');
    expect(
      verdictOf(
        [
          key(true),
          {
            type: 'aws_kms_key_policy',
            after: { policy: '{}' },
            config: { key_id: ref('aws_kms_key.k') },
          },
        ],
        'GW-AWS-408',
        'aws_kms_key.k',
      ),
    ).toBe('pass');
  });
});

describe('graph rules: roles and their policies', () => {
  const role: ResourceSpec = {
    type: 'aws_iam_role',
    name: 'app',
    after: { name: 'app', assume_role_policy: '{}' },
    unknown: { arn: true },
  };
  const admin = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  });
  const narrow = JSON.stringify({
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
  });

  it('fails a role with an inline policy resource granting * on *', () => {
    const f = finding(
      [
        role,
        {
          type: 'aws_iam_role_policy',
          name: 'p',
          after: { policy: admin },
          config: { role: ref('aws_iam_role.app', 'name') },
        },
      ],
      'GW-AWS-409',
    );
    expect(f.verdict).toBe('fail');
    expect(f.message).toContain('aws_iam_role_policy.p');
  });

  it('follows an attachment to a customer policy of the plan, and to AWS managed admin policies', () => {
    const attach = (policy: JsonObject): ResourceSpec => ({
      type: 'aws_iam_role_policy_attachment',
      name: 'a',
      after: policy,
      unknown: policy.policy_arn ? {} : { policy_arn: true },
      config: {
        role: ref('aws_iam_role.app', 'name'),
        ...(policy.policy_arn
          ? {}
          : { policy_arn: ref('aws_iam_policy.p', 'arn') }),
      },
    });
    const policy = (doc: string): ResourceSpec => ({
      type: 'aws_iam_policy',
      name: 'p',
      after: { policy: doc },
      unknown: { arn: true },
    });
    expect(verdictOf([role, attach({}), policy(admin)], 'GW-AWS-409')).toBe(
      'fail',
    );
    expect(verdictOf([role, attach({}), policy(narrow)], 'GW-AWS-409')).toBe(
      'pass',
    );
    const managed = finding(
      [role, attach({ policy_arn: 'arn:aws:iam::aws:policy/IAMFullAccess' })],
      'GW-AWS-409',
    );
    expect(managed.verdict).toBe('fail');
    expect(managed.message).toContain('IAMFullAccess');
  });

  it('is unknown when an attachment cannot be tied to any role', () => {
    expect(
      verdictOf(
        [
          role,
          {
            type: 'aws_iam_role_policy_attachment',
            after: { policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
            unknown: { role: true },
            config: { role: { references: ['var.role_name'] } },
          },
        ],
        'GW-AWS-409',
      ),
    ).toBe('unknown');
  });

  it('judges iam:* on * in any policy document', () => {
    const doc = (action: string) =>
      JSON.stringify({
        Statement: [{ Effect: 'Allow', Action: [action], Resource: '*' }],
      });
    const f = finding(
      [{ type: 'aws_iam_policy', after: { policy: doc('iam:*') } }],
      'GW-AWS-410',
    );
    expect(f.verdict).toBe('fail');
    expect(f.message).toContain('iam:*');
    expect(
      verdictOf(
        [{ type: 'aws_iam_policy', after: { policy: doc('iam:PassRole') } }],
        'GW-AWS-410',
      ),
    ).toBe('pass');
    expect(
      verdictOf(
        [{ type: 'aws_iam_policy', after: {}, unknown: { policy: true } }],
        'GW-AWS-410',
      ),
    ).toBe('unknown');
  });

  it('instance profiles, console passwords and notebook roles', () => {
    expect(
      verdictOf(
        [{ type: 'aws_instance', after: { iam_instance_profile: 'app' } }],
        'GW-AWS-411',
      ),
    ).toBe('pass');
    expect(verdictOf([{ type: 'aws_instance', after: {} }], 'GW-AWS-411')).toBe(
      'fail',
    );
    const user: ResourceSpec = {
      type: 'aws_iam_user',
      name: 'u',
      after: { name: 'alice' },
    };
    expect(verdictOf([user], 'GW-AWS-412')).toBe('pass');
    expect(
      verdictOf(
        [
          user,
          {
            type: 'aws_iam_user_login_profile',
            after: {},
            config: { user: ref('aws_iam_user.u', 'name') },
          },
        ],
        'GW-AWS-412',
      ),
    ).toBe('fail');
    const notebook: ResourceSpec = {
      type: 'aws_sagemaker_notebook_instance',
      after: {},
      unknown: { role_arn: true },
      config: { role_arn: ref('aws_iam_role.app', 'arn') },
    };
    expect(
      verdictOf(
        [
          notebook,
          role,
          {
            type: 'aws_iam_role_policy',
            after: { policy: admin },
            config: { role: ref('aws_iam_role.app', 'name') },
          },
        ],
        'GW-AWS-413',
      ),
    ).toBe('fail');
    expect(verdictOf([notebook, role], 'GW-AWS-413')).toBe('pass');
  });
});

describe('graph rules: edge, data and service settings', () => {
  const lb: ResourceSpec = {
    type: 'aws_lb',
    name: 'web',
    after: { internal: false, load_balancer_type: 'application' },
    unknown: { arn: true },
  };
  const listener = (action: JsonObject): ResourceSpec => ({
    type: 'aws_lb_listener',
    name: 'http',
    after: { protocol: 'HTTP', port: 80, default_action: [action] },
    config: { load_balancer_arn: ref('aws_lb.web', 'arn') },
  });

  it('HTTP listeners must redirect to HTTPS', () => {
    const redirect = {
      type: 'redirect',
      redirect: [{ protocol: 'HTTPS', port: '443' }],
    };
    expect(verdictOf([lb, listener(redirect)], 'GW-AWS-414')).toBe('pass');
    const f = finding([lb, listener({ type: 'forward' })], 'GW-AWS-414');
    expect(f.verdict).toBe('fail');
    expect(f.message).toContain('aws_lb_listener.http');
  });

  it('public load balancers, stages and AppSync APIs need a WAF association', () => {
    expect(verdictOf([lb], 'GW-AWS-415')).toBe('fail');
    expect(
      verdictOf(
        [
          lb,
          {
            type: 'aws_wafv2_web_acl_association',
            after: {},
            config: { resource_arn: ref('aws_lb.web', 'arn') },
          },
        ],
        'GW-AWS-415',
      ),
    ).toBe('pass');
    expect(
      verdictOf([{ ...lb, after: { internal: true } }], 'GW-AWS-415'),
    ).toBe('not-applicable');
    expect(
      verdictOf([{ type: 'aws_appsync_graphql_api', after: {} }], 'GW-AWS-426'),
    ).toBe('fail');
  });

  it('stages log through method settings', () => {
    const stage: ResourceSpec = {
      type: 'aws_api_gateway_stage',
      name: 's',
      after: { stage_name: 'prod' },
    };
    const settings = (level: string): ResourceSpec => ({
      type: 'aws_api_gateway_method_settings',
      after: { stage_name: 'prod', settings: [{ logging_level: level }] },
      config: { stage_name: ref('aws_api_gateway_stage.s', 'stage_name') },
    });
    expect(verdictOf([stage, settings('INFO')], 'GW-AWS-417')).toBe('pass');
    const off = finding([stage, settings('OFF')], 'GW-AWS-417');
    expect(off.verdict).toBe('fail');
    expect(off.message).toContain('logging_level');
    expect(verdictOf([stage], 'GW-AWS-417')).toBe('fail');
  });

  it('secrets rotate; public zones sign and log; private zones are exempt', () => {
    const secret: ResourceSpec = {
      type: 'aws_secretsmanager_secret',
      name: 's',
      after: {},
    };
    expect(verdictOf([secret], 'GW-AWS-419')).toBe('fail');
    expect(
      verdictOf(
        [
          secret,
          {
            type: 'aws_secretsmanager_secret_rotation',
            after: {},
            config: { secret_id: ref('aws_secretsmanager_secret.s') },
          },
        ],
        'GW-AWS-419',
      ),
    ).toBe('pass');
    expect(
      verdictOf(
        [{ type: 'aws_route53_zone', after: { vpc: [] } }],
        'GW-AWS-420',
      ),
    ).toBe('fail');
    expect(
      verdictOf(
        [{ type: 'aws_route53_zone', after: { vpc: [{ vpc_id: 'vpc-1' }] } }],
        'GW-AWS-420',
      ),
    ).toBe('not-applicable');
  });

  it('PostgreSQL logging and TLS come from the linked parameter group', () => {
    const group = (family: string, params: JsonObject[]): ResourceSpec => ({
      type: 'aws_db_parameter_group',
      name: 'pg',
      after: { name: 'custom', family, parameter: params },
    });
    const db: ResourceSpec = {
      type: 'aws_db_instance',
      name: 'db',
      after: { engine: 'postgres' },
      config: {
        parameter_group_name: ref('aws_db_parameter_group.pg', 'name'),
      },
    };
    const logging = [
      { name: 'log_statement', value: 'ddl' },
      { name: 'log_min_duration_statement', value: '1000' },
    ];
    expect(verdictOf([db, group('postgres16', logging)], 'GW-AWS-423')).toBe(
      'pass',
    );
    const f = finding([db, group('postgres16', [])], 'GW-AWS-423');
    expect(f.verdict).toBe('fail');
    expect(f.message).toContain('log_statement');
    // rds.force_ssl is on by default from PostgreSQL 15.
    expect(verdictOf([db, group('postgres16', [])], 'GW-AWS-424')).toBe('pass');
    expect(verdictOf([db, group('postgres14', [])], 'GW-AWS-424')).toBe('fail');
    const mysql = finding(
      [
        { ...db, after: { engine: 'mysql' } },
        group('mysql8.0', [{ name: 'require_secure_transport', value: '0' }]),
      ],
      'GW-AWS-424',
    );
    expect(mysql.verdict).toBe('fail');
    expect(mysql.message).toContain('require_secure_transport');
  });

  it('service settings: ASG health checks, CloudFront origins, Config recorder, production-only failover', () => {
    expect(
      verdictOf(
        [
          {
            type: 'aws_autoscaling_group',
            after: { target_group_arns: ['arn:tg'], health_check_type: 'EC2' },
          },
        ],
        'GW-AWS-425',
      ),
    ).toBe('fail');
    const cf = (origin: JsonObject): ResourceSpec => ({
      type: 'aws_cloudfront_distribution',
      after: { origin: [origin] },
    });
    expect(
      verdictOf(
        [cf({ domain_name: 'site.s3.eu-west-1.amazonaws.com' })],
        'GW-AWS-429',
      ),
    ).toBe('fail');
    expect(
      verdictOf(
        [
          cf({
            domain_name: 'site.s3.eu-west-1.amazonaws.com',
            origin_access_control_id: 'oac-1',
          }),
        ],
        'GW-AWS-429',
      ),
    ).toBe('pass');
    const http = finding(
      [
        cf({
          domain_name: 'api.example.com',
          custom_origin_config: [{ origin_protocol_policy: 'http-only' }],
        }),
      ],
      'GW-AWS-430',
    );
    expect(http.verdict).toBe('fail');
    expect(http.message).toContain('origin_protocol_policy');
    expect(
      verdictOf(
        [
          {
            type: 'aws_config_configuration_recorder',
            after: { recording_group: [{ all_supported: true }] },
          },
        ],
        'GW-AWS-428',
      ),
    ).toBe('fail');
    const group: ResourceSpec = {
      type: 'aws_elasticache_replication_group',
      after: { automatic_failover_enabled: false, multi_az_enabled: true },
    };
    expect(verdictOf([group], 'GW-AWS-431')).toBe('fail');
    expect(verdictOf([group], 'GW-AWS-431', undefined, 'dev')).toBe(
      'not-applicable',
    );
    expect(
      verdictOf(
        [
          {
            type: 'aws_lambda_function_url',
            after: { cors: [{ allow_origins: ['*'] }] },
          },
        ],
        'GW-AWS-436',
      ),
    ).toBe('fail');
  });
});

describe('graph rules: bucket policies and the public access block', () => {
  const bucket: ResourceSpec = {
    type: 'aws_s3_bucket',
    name: 'b',
    after: { bucket: 'site' },
    unknown: { id: true },
  };
  const policy = (statement: JsonObject): ResourceSpec => ({
    type: 'aws_s3_bucket_policy',
    name: 'p',
    after: { policy: JSON.stringify({ Statement: [statement] }) },
    config: { bucket: ref('aws_s3_bucket.b') },
  });
  const open = {
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::site/*',
  };
  const pab = (on: boolean): ResourceSpec => ({
    type: 'aws_s3_bucket_public_access_block',
    name: 'pab',
    after: {
      block_public_acls: on,
      block_public_policy: on,
      ignore_public_acls: on,
      restrict_public_buckets: on,
    },
    config: { bucket: ref('aws_s3_bucket.b') },
  });

  it('fails a public policy on a bucket whose public access block does not hold it back', () => {
    const f = finding([policy(open), bucket, pab(false)], 'GW-AWS-438');
    expect(f.verdict).toBe('fail');
    expect(f.message).toContain('aws_s3_bucket.b');
    expect(verdictOf([policy(open), bucket], 'GW-AWS-438')).toBe('fail');
  });

  it('passes when the linked block restricts public policies, or the policy has a condition', () => {
    expect(verdictOf([policy(open), bucket, pab(true)], 'GW-AWS-438')).toBe(
      'pass',
    );
    expect(
      verdictOf(
        [
          policy({
            ...open,
            Condition: { StringEquals: { 'aws:SourceArn': 'arn:cf' } },
          }),
          bucket,
        ],
        'GW-AWS-438',
      ),
    ).toBe('pass');
  });

  it('is unknown when the bucket cannot be tied to the policy', () => {
    expect(
      verdictOf(
        [
          {
            type: 'aws_s3_bucket_policy',
            after: { policy: JSON.stringify({ Statement: [open] }) },
            unknown: { bucket: true },
            config: { bucket: { references: ['var.bucket'] } },
          },
        ],
        'GW-AWS-438',
      ),
    ).toBe('unknown');
  });
});

describe('graph rule metadata', () => {
  const ids = new Set(CHECKOV.checks.map(c => c.id));
  it.each(GRAPH_RULES.map(r => [r.id, r] as const))(
    '%s is complete',
    (_, rule) => {
      expect(rule.id).toMatch(/^GW-AWS-4([0-4]\d)$/);
      expect(rule.references.checkov.every(id => ids.has(id))).toBe(true);
      expect(rule.rationale.length).toBeGreaterThan(40);
      expect(rule.references.docs.length).toBeGreaterThan(0);
      expect(
        rule.resourceTypes.some(t => rule.remediation.terraform.includes(t)) ||
          rule.remediation.terraform.includes('aws_'),
      ).toBe(true);
    },
  );
});
