import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { loadFixture } from '../../__testUtils__/fixtures';
import { planOf, ResourceSpec } from '../../__testUtils__/plans';
import type { JsonObject, Plan } from '../../plan/types';
import { evaluatePlan } from '../evaluate';
import { parsePolicy, PolicyFileError } from '../policyFile';
import { POLICY_JSON_SCHEMA } from '../schema';
import { globMatches } from './glob';

const TEAM_POLICY = `version: 1
customRules:
  - id: ACME-001
    title: Instances are small outside production
    severity: high
    resourceTypes: [aws_instance]
    where: { attribute: tags.Tier, notEquals: prod }
    assert: { attribute: instance_type, in: [t3.micro, t3.small] }
    message: Non-production instances must be t3.micro or t3.small
    rationale: Large instances in test environments are the first line of waste.
    remediation: { text: Use t3.small., terraform: 'instance_type = "t3.small"' }
  - id: ACME-002
    title: Buckets name their data classification and owner
    severity: medium
    resourceTypes: [aws_s3_bucket]
    assert:
      all:
        - { attribute: tags.DataClassification, in: [public, internal, confidential] }
        - { attribute: tags.Owner, matches: '*@acme.example' }
  - id: ACME-003
    title: Buckets have a public access block that blocks public ACLs
    severity: critical
    resourceTypes: [aws_s3_bucket]
    assert:
      referencedBy:
        type: aws_s3_bucket_public_access_block
        attribute: bucket
        where: { attribute: block_public_acls, equals: true }
  - id: ACME-004
    title: Volumes are small or encrypted
    severity: low
    resourceTypes: [aws_ebs_volume]
    assert:
      any:
        - { attribute: size, lessThanOrEqual: 100 }
        - not: { attribute: encrypted, equals: false, default: false }
`;

const policy = parsePolicy(TEAM_POLICY, 'team.yaml');

function findingsOf(
  plan: Plan,
  ruleId: string,
  environment = 'dev',
  p = policy,
) {
  return evaluatePlan(plan, {
    environment,
    policy: p,
    now: new Date('2026-12-07T00:00:00Z'),
  }).findings.filter(f => f.ruleId === ruleId);
}

const instance = (
  name: string,
  after: JsonObject,
  unknown?: JsonObject,
): ResourceSpec => ({
  type: 'aws_instance',
  name,
  after: { ami: 'ami-1', ...after },
  unknown,
});

describe('team rules written as data', () => {
  it('judges attributes: pass, fail, not-applicable through where, unknown until apply', () => {
    const plan = planOf([
      instance('small', { instance_type: 't3.small', tags: { Tier: 'dev' } }),
      instance('big', { instance_type: 'm5.4xlarge', tags: { Tier: 'dev' } }),
      instance('prod', { instance_type: 'm5.4xlarge', tags: { Tier: 'prod' } }),
      instance('later', { tags: { Tier: 'dev' } }, { instance_type: true }),
    ]);
    const byAddress = Object.fromEntries(
      findingsOf(plan, 'ACME-001').map(f => [f.address, f]),
    );
    expect(byAddress['aws_instance.small'].verdict).toBe('pass');
    expect(byAddress['aws_instance.big']).toMatchObject({
      verdict: 'fail',
      severity: 'high',
      title: 'Instances are small outside production',
      provider: 'aws',
    });
    expect(byAddress['aws_instance.big'].message).toBe(
      'Non-production instances must be t3.micro or t3.small (instance_type is "m5.4xlarge"; the rule expects instance_type is one of "t3.micro", "t3.small").',
    );
    expect(byAddress['aws_instance.prod'].verdict).toBe('not-applicable');
    expect(byAddress['aws_instance.later']).toMatchObject({
      verdict: 'unknown',
    });
    expect(byAddress['aws_instance.later'].message).toContain(
      'instance_type is only known after apply',
    );
  });

  it('blocks, re-rates, switches off and waives a team rule like any other', () => {
    const plan = planOf([
      instance('big', { instance_type: 'm5.4xlarge', tags: { Tier: 'dev' } }),
    ]);
    // dev blocks at critical by default; prod at high.
    const inProd = evaluatePlan(plan, { environment: 'prod', policy });
    expect(inProd.summary.blocking).toBe(true);

    const tuned = parsePolicy(
      `${TEAM_POLICY}rules:
  ACME-001: { severity: low }
environments:
  staging:
    rules:
      ACME-001: { enabled: false }
waivers:
  - rule: ACME-001
    resource: aws_instance.big
    reason: Load test until the launch (OPS-12)
    owner: ops@acme.example
    expires: 2026-12-31
    environments: [qa]
`,
      'team.yaml',
    );
    expect(findingsOf(plan, 'ACME-001', 'prod', tuned)[0].severity).toBe('low');
    expect(findingsOf(plan, 'ACME-001', 'staging', tuned)).toEqual([]);
    const waived = findingsOf(plan, 'ACME-001', 'qa', tuned)[0];
    expect(waived.verdict).toBe('waived');
    expect(waived.waivedVerdict).toBe('fail');
  });

  it('combines conditions with three-valued all, any and not', () => {
    const plan = planOf([
      {
        type: 'aws_s3_bucket',
        name: 'good',
        after: {
          bucket: 'good',
          tags: { DataClassification: 'internal', Owner: 'data@acme.example' },
        },
      },
      {
        type: 'aws_s3_bucket',
        name: 'foreign',
        after: {
          bucket: 'foreign',
          tags: { DataClassification: 'internal', Owner: 'x@evil.example' },
        },
      },
      {
        type: 'aws_ebs_volume',
        name: 'small',
        after: { size: 20, encrypted: false },
      },
      {
        type: 'aws_ebs_volume',
        name: 'big_plain',
        after: { size: 500, encrypted: false },
      },
      {
        type: 'aws_ebs_volume',
        name: 'big_default',
        after: { size: 500 },
        unknown: { encrypted: true },
      },
      {
        type: 'aws_ebs_volume',
        name: 'big_hidden',
        after: { size: 500 },
        unknown: { encrypted: true },
        config: { encrypted: { references: ['var.encrypted'] } },
      },
    ]);
    const verdicts = (id: string) =>
      Object.fromEntries(findingsOf(plan, id).map(f => [f.address, f.verdict]));
    expect(verdicts('ACME-002')).toEqual({
      'aws_s3_bucket.good': 'pass',
      'aws_s3_bucket.foreign': 'fail',
    });
    expect(verdicts('ACME-004')).toEqual({
      'aws_ebs_volume.small': 'pass',
      'aws_ebs_volume.big_plain': 'fail',
      // Left out of the configuration: the stated provider default (false) is judged.
      'aws_ebs_volume.big_default': 'fail',
      // Set from a variable Terraform resolves only at apply.
      'aws_ebs_volume.big_hidden': 'unknown',
    });
  });

  it('follows references through the plan index: a bucket and its public access block', () => {
    const plan = loadFixture('02-checkov-nested-modules-s3-pab-tfplan.json');
    const findings = findingsOf(plan, 'ACME-003');
    expect(findings.length).toBe(
      plan.resources.filter(
        r => r.type === 'aws_s3_bucket' && r.action !== 'delete',
      ).length,
    );
    const root = findings.find(f => f.address === 'aws_s3_bucket.root_bucket')!;
    expect(root.verdict).toBe('pass');
    expect(root.message).toContain(
      '1 of 1 aws_s3_bucket_public_access_block pointing here through bucket qualify',
    );

    const bare = planOf([
      { type: 'aws_s3_bucket', name: 'bare', after: { bucket: 'bare' } },
    ]);
    expect(findingsOf(bare, 'ACME-003')[0]).toMatchObject({
      verdict: 'fail',
    });
    // A block whose bucket cannot be tied to any bucket in the plan might
    // be this one's: unknown, never a guess either way.
    const unresolved = planOf([
      { type: 'aws_s3_bucket', name: 'b', after: {}, unknown: { id: true } },
      {
        type: 'aws_s3_bucket_public_access_block',
        name: 'pab',
        after: { block_public_acls: true },
        unknown: { bucket: true },
        config: { bucket: { references: ['var.bucket'] } },
      },
    ]);
    expect(findingsOf(unresolved, 'ACME-003')[0].verdict).toBe('unknown');
  });

  it('follows what a resource points at (references), with counts', () => {
    const p = parsePolicy(
      `version: 1
customRules:
  - id: NET-001
    title: NAT gateways use an Elastic IP of this plan tagged for NAT
    severity: medium
    resourceTypes: [aws_nat_gateway]
    assert:
      references:
        attribute: allocation_id
        where: { attribute: tags.Purpose, equals: nat }
        max: 1
`,
      'net.yaml',
    );
    const plan = loadFixture(
      '07-tfcompliance-vpc-module-3nat-eu-west-1-plan.json',
    );
    const findings = findingsOf(plan, 'NET-001', 'dev', p);
    expect(findings.map(f => f.address).sort()).toEqual([
      'module.vpc.aws_nat_gateway.this[0]',
      'module.vpc.aws_nat_gateway.this[1]',
      'module.vpc.aws_nat_gateway.this[2]',
    ]);
    // The fixture's EIPs carry no Purpose tag.
    for (const f of findings) {
      expect(f.verdict).toBe('fail');
      expect(f.message).toContain(
        '0 of 1 resources named by allocation_id qualify; the rule expects between 1 and 1',
      );
    }
  });

  it('keeps to one finding per resource and rule at scale (linear, no quadratic relation walk)', () => {
    const specs: ResourceSpec[] = [];
    for (let i = 0; i < 300; i++) {
      specs.push({
        type: 'aws_s3_bucket',
        name: `b${i}`,
        after: { bucket: `b${i}` },
      });
      specs.push({
        type: 'aws_s3_bucket_public_access_block',
        name: `p${i}`,
        after: { bucket: `b${i}`, block_public_acls: i % 2 === 0 },
      });
    }
    const findings = findingsOf(planOf(specs), 'ACME-003');
    expect(findings).toHaveLength(300);
    expect(findings.filter(f => f.verdict === 'pass')).toHaveLength(150);
  });
});

describe('team rules: what a bad policy file is told', () => {
  const issuesOf = (yaml: string) => {
    try {
      parsePolicy(yaml, 'team.yaml');
    } catch (e) {
      if (e instanceof PolicyFileError) return e.issues;
      throw e;
    }
    return [];
  };
  const rule = (body: string) =>
    `version: 1\ncustomRules:\n  - id: ACME-010\n    title: T\n    severity: low\n    resourceTypes: [aws_instance]\n${body}`;

  it('reserves the pack ids and refuses duplicates', () => {
    const issues = issuesOf(`version: 1
customRules:
  - { id: GW-AWS-999, title: T, severity: low, resourceTypes: [aws_instance], assert: { attribute: a, exists: true } }
  - { id: ACME-1, title: T, severity: low, resourceTypes: [aws_instance], assert: { attribute: a, exists: true } }
  - { id: ACME-1, title: T, severity: low, resourceTypes: [aws_instance], assert: { attribute: a, exists: true } }
`);
    expect(issues.map(i => [i.line, i.path, i.message])).toEqual([
      [
        3,
        '/customRules/0/id',
        '"GW-AWS-999" is reserved for the pack\'s own rules; use your team\'s prefix (e.g. ACME-001)',
      ],
      [5, '/customRules/2/id', '"ACME-1" is used by rule 0 too'],
    ]);
  });

  it('refuses attribute paths that reach a prototype, and malformed conditions', () => {
    const proto = issuesOf(
      rule(
        '    assert: { attribute: tags.__proto__.polluted, exists: true }\n',
      ),
    );
    expect(proto[0].message).toContain('step "__proto__" is not allowed');
    const ctor = issuesOf(
      rule('    assert: { attribute: constructor, equals: 1 }\n'),
    );
    expect(ctor[0].message).toContain('step "constructor" is not allowed');
    const two = issuesOf(
      rule('    assert: { attribute: a, equals: 1, exists: true }\n'),
    );
    expect(two[0].message).toContain('exactly one operator');
    const mixed = issuesOf(rule('    assert: { all: [], attribute: a }\n'));
    expect(mixed[0].message).toContain('exactly one of attribute, all');
    const typo = issuesOf(rule('    assert: { attribute: a, equal: 1 }\n'));
    expect(typo.map(i => i.message).join(' ')).toContain('unknown key "equal"');
    const nonNumber = issuesOf(
      rule('    assert: { attribute: a, greaterThan: "ten" }\n'),
    );
    expect(nonNumber[0]).toMatchObject({
      path: '/customRules/0/assert/greaterThan',
      message: 'must be a number',
    });
  });

  it('names the relations the index knows when a rule asks for another', () => {
    const issues = issuesOf(
      rule(
        '    assert: { referencedBy: { type: aws_instance, attribute: ami } }\n',
      ),
    );
    expect(issues[0].message).toMatch(
      /^the plan index knows no relation aws_instance\.ami; known: .*aws_s3_bucket_public_access_block\.bucket → aws_s3_bucket/,
    );
    const wrongTarget = issuesOf(
      rule(
        '    assert: { referencedBy: { type: aws_s3_bucket_public_access_block, attribute: bucket } }\n',
      ),
    );
    expect(wrongTarget[0].message).toBe(
      'aws_s3_bucket_public_access_block.bucket points at aws_s3_bucket, not at aws_instance',
    );
  });

  it('lets overrides and waivers name team rules, and still catches typos', () => {
    const issues = issuesOf(`version: 1
customRules:
  - { id: ACME-001, title: T, severity: low, resourceTypes: [aws_instance], assert: { attribute: a, exists: true } }
rules:
  ACME-001: { severity: high }
  ACME-01: { severity: high }
`);
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('/rules/ACME-01');
  });
});

describe('team rules: the published JSON Schema', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(POLICY_JSON_SCHEMA);

  it('accepts what the engine accepts', () => {
    expect(validate(parseYaml(TEAM_POLICY))).toBe(true);
  });

  it('refuses what the engine refuses', () => {
    for (const body of [
      {
        id: 'GW-AWS-001',
        title: 'T',
        severity: 'low',
        resourceTypes: ['aws_instance'],
        assert: { attribute: 'a', exists: true },
      },
      {
        id: 'ACME-001',
        title: 'T',
        severity: 'urgent',
        resourceTypes: ['aws_instance'],
        assert: { attribute: 'a', exists: true },
      },
      {
        id: 'ACME-001',
        title: 'T',
        severity: 'low',
        resourceTypes: ['aws_instance'],
        assert: { attribute: 'a' },
      },
      {
        id: 'ACME-001',
        title: 'T',
        severity: 'low',
        resourceTypes: ['aws_instance'],
        assert: { all: [], any: [] },
      },
    ]) {
      expect(validate({ version: 1, customRules: [body] })).toBe(false);
    }
  });
});

describe('glob matching (no regular expression built from user text)', () => {
  it.each([
    ['*@acme.example', 'data@acme.example', true],
    ['*@acme.example', 'data@acme.example.evil', false],
    ['t3.?', 't3.x', true],
    ['t3.?', 't3.', false],
    ['*', '', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXbY', false],
    ['.*', 'anything', false],
  ])('%s against %s is %s', (pattern, text, expected) => {
    expect(globMatches(pattern, text)).toBe(expected);
  });

  it('answers a pathological pattern against a long text', () => {
    expect(globMatches(`${'*a'.repeat(100)}b`, 'a'.repeat(5000))).toBe(false);
  });
});
