import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { spawnSync } from 'child_process';
import {
  closeSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import {
  fixturePath,
  fixtureText,
  loadFixture,
} from '../__testUtils__/fixtures';
import { estimateCost } from '../cost/estimate';
import { evaluatePlan } from '../policy/evaluate';
import type { Finding } from '../policy/types';
import { formatMarkdown, MAX_COMMENT_CHARS } from './format/markdown';
import type { Report } from './format/report';
import { pricedResourceTypes } from '../cost/estimate';
import { listRules } from '../policy/listRules';
import { coverageMarkdown } from './format/coverage';
import { formatRules, rulesMarkdownTable } from './format/rules';
import {
  addressPositions,
  artifactUri,
  formatSarif,
  MAX_SARIF_RESULTS,
} from './format/sarif';

/** SARIF 2.1.0's JSON schema (draft-04, OASIS rtm.5), as shipped in @microsoft/jest-sarif. */
function sarifValidator() {
  const schema = JSON.parse(
    readFileSync(
      require.resolve(
        '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json',
      ),
      'utf8',
    ),
  );
  // The schema's `language` pattern is not valid as a unicode (u) RegExp.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

function reportOf(planFile: string, findings?: Finding[]): Report {
  const planText = fixtureText(planFile);
  const plan = loadFixture(planFile as never);
  const evaluation = evaluatePlan(plan, { now: new Date('2026-11-22') });
  if (findings) evaluation.findings = findings;
  return {
    planPath: 'infra/plan.json',
    planText,
    plan,
    evaluation,
    cost: estimateCost(plan),
    toolVersion: '0.0.0-test',
  };
}

const BIN = resolve(__dirname, '../../bin/groundwork-governance');

function run(args: string[], input?: string, cwd?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    input,
    cwd,
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('groundwork-governance CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gw-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 1 with JSON findings and cost when a finding blocks', () => {
    const r = run([
      fixturePath('03-checkov-foreach-module-sg-tfplan.json'),
      '--format',
      'json',
      '--environment',
      'prod',
    ]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'GW-AWS-003',
        address: 'module.sg["bad_example"].aws_security_group.bad',
        resourceType: 'aws_security_group',
        verdict: 'fail',
        severity: 'critical',
      }),
    );
    expect(out.cost).toMatchObject({
      currency: 'USD',
      monthlyBefore: 0,
      monthlyAfter: 1,
      delta: 1,
    });
    expect(out.cost.resources).toContainEqual(
      expect.objectContaining({
        address: 'aws_route53_zone.example["example.com"]',
        monthly: 0.5,
      }),
    );
    expect(Array.isArray(out.cost.unpriced)).toBe(true);
  });

  it('exits 0 when nothing reaches the threshold, and reads stdin', () => {
    const plan = readFileSync(
      fixturePath('09-gcp-tfplan2cai-compute-instance-iam.tfplan.json'),
      'utf8',
    );
    const r = run(['-', '--environment', 'prod'], plan);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Nothing blocks.');
  });

  it('applies a policy file', () => {
    const policy = join(dir, 'policy.yaml');
    writeFileSync(
      policy,
      'version: 1\nenvironments:\n  prod:\n    rules:\n      GW-AWS-002: { enabled: false }\n      GW-AWS-003: { severity: medium }\n',
    );
    const r = run([
      fixturePath('03-checkov-foreach-module-sg-tfplan.json'),
      '--policy',
      policy,
      '--environment',
      'prod',
    ]);
    expect(r.code).toBe(0);
  });

  it('exits 2 with a message that says what to do', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '[]');
    const notPlan = run([bad]);
    expect(notPlan.code).toBe(2);
    expect(notPlan.stderr).toContain('found a JSON array');
    expect(notPlan.stderr).toContain('terraform show -json');
    const missing = run([join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Check the path');
    const typo = join(dir, 'typo.yaml');
    writeFileSync(
      typo,
      'version: 1\nrules:\n  GW-AWS-0002: { enabled: false }\n',
    );
    const policy = run([
      fixturePath('02-checkov-nested-modules-s3-pab-tfplan.json'),
      '--policy',
      typo,
    ]);
    expect(policy.code).toBe(2);
    expect(policy.stderr).toContain(
      `${typo}:3:3 /rules/GW-AWS-0002: unknown rule id "GW-AWS-0002" (did you mean GW-AWS-002?)`,
    );
    const usage = run([
      fixturePath('02-checkov-nested-modules-s3-pab-tfplan.json'),
      '--format',
      'xml',
    ]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain(
      '--format must be one of table, json, markdown, sarif',
    );
  });

  it('writes SARIF 2.1.0 that validates against its schema and points at the plan', () => {
    const planFile = fixturePath('01-checkov-terragoat-tfplan.json');
    const policy = join(dir, 'waive.yaml');
    writeFileSync(
      policy,
      'version: 1\nwaivers:\n  - { rule: GW-AWS-004, resource: "aws_s3_bucket.*", reason: "INFRA-1", owner: ops@example.com, expires: 2999-01-01 }\n',
    );
    // Run from a folder the fixture is not under (the repository's
    // fixtures are under whatever folder the tests run from).
    const r = run(
      [planFile, '--format', 'sarif', '--policy', policy],
      undefined,
      dir,
    );
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout);
    const validate = sarifValidator();
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    expect(sarif.version).toBe('2.1.0');
    const run0 = sarif.runs[0];
    expect(run0.tool.driver.name).toBe('groundwork-governance');
    const ruleIds = run0.tool.driver.rules.map((x: { id: string }) => x.id);
    expect(ruleIds).toContain('GW-AWS-002');
    for (const rule of run0.tool.driver.rules) {
      // Code scanning ranks security alerts by this score (a number as a string).
      expect(rule.properties['security-severity']).toMatch(/^\d+\.\d$/);
      expect(rule.help.markdown).toContain('```hcl');
    }
    for (const result of run0.results) {
      expect(ruleIds[result.ruleIndex]).toBe(result.ruleId);
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(result.message.text).toBeTruthy();
      // The fixture lies outside the working directory: a file URI.
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe(
        `file://${planFile}`,
      );
      expect(
        result.locations[0].physicalLocation.region.startLine,
      ).toBeGreaterThanOrEqual(1);
      expect(result.partialFingerprints['groundworkFinding/v1']).toMatch(
        /^[0-9a-f]{64}$/,
      );
    }
    const sg = run0.results.find(
      (x: { ruleId: string }) => x.ruleId === 'GW-AWS-002',
    );
    expect(sg.level).toBe('error');
    expect(sg.locations[0].logicalLocations[0].fullyQualifiedName).toBe(
      'aws_security_group.web-node',
    );
    // Points at the line where the plan first mentions the resource.
    const line = readFileSync(planFile, 'utf8').split('\n')[
      sg.locations[0].physicalLocation.region.startLine - 1
    ];
    expect(line).toContain('"address": "aws_security_group.web-node"');
    // A waived finding stays visible, suppressed, with the waiver's reason.
    const waived = run0.results.find(
      (x: { ruleId: string; suppressions?: unknown }) =>
        x.ruleId === 'GW-AWS-004' && x.suppressions,
    );
    expect(waived.suppressions[0]).toMatchObject({
      kind: 'external',
      status: 'accepted',
    });
    expect(waived.suppressions[0].justification).toContain('INFRA-1');
  });

  it('runs a team rule from the policy file: blocks, and reaches SARIF with its metadata', () => {
    const planFile = fixturePath('01-checkov-terragoat-tfplan.json');
    const policy = join(dir, 'team.yaml');
    writeFileSync(
      policy,
      `version: 1
customRules:
  - id: ACME-007
    title: Instances carry a Team tag
    severity: critical
    resourceTypes: [aws_instance]
    assert: { attribute: tags.Team, exists: true }
    rationale: Every instance needs a team to call.
    remediation: { text: Add a Team tag., terraform: 'tags = { Team = "payments" }' }
`,
    );
    const json = run([planFile, '--format', 'json', '--policy', policy]);
    expect(json.code).toBe(1);
    const team = JSON.parse(json.stdout).findings.filter(
      (f: { ruleId: string }) => f.ruleId === 'ACME-007',
    );
    expect(team.length).toBeGreaterThan(0);
    expect(team[0]).toMatchObject({ verdict: 'fail', severity: 'critical' });
    expect(team[0].message).toContain('tags.Team is not set');

    const r = run([planFile, '--format', 'sarif', '--policy', policy]);
    const sarif = JSON.parse(r.stdout);
    const validate = sarifValidator();
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    const rules = sarif.runs[0].tool.driver.rules;
    const index = rules.findIndex((x: { id: string }) => x.id === 'ACME-007');
    expect(rules[index].fullDescription.text).toBe(
      'Every instance needs a team to call.',
    );
    const result = sarif.runs[0].results.find(
      (x: { ruleId: string }) => x.ruleId === 'ACME-007',
    );
    expect(result.ruleIndex).toBe(index);
  });

  it("keeps SARIF within code scanning's 25,000 results, worst first, and says so", () => {
    const base = reportOf('01-checkov-terragoat-tfplan.json');
    const one = base.evaluation.findings.find(f => f.verdict === 'fail')!;
    const many: Finding[] = [];
    for (let i = 0; i < MAX_SARIF_RESULTS + 10; i++)
      many.push({
        ...one,
        severity: i < 10 ? 'critical' : 'low',
        address: `aws_s3_bucket.b${i}`,
      });
    const sarif = JSON.parse(
      formatSarif({
        ...base,
        evaluation: { ...base.evaluation, findings: many },
      }),
    );
    const validate = sarifValidator();
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    expect(sarif.runs[0].results).toHaveLength(MAX_SARIF_RESULTS);
    expect(
      sarif.runs[0].results.filter(
        (x: { properties: { severity: string } }) =>
          x.properties.severity === 'critical',
      ),
    ).toHaveLength(10);
    expect(
      sarif.runs[0].invocations[0].toolExecutionNotifications[0].message.text,
    ).toMatch(/^10 of 25010 findings were left out/);
  });

  it('names the plan as code scanning resolves it: relative inside the checkout', () => {
    expect(artifactUri('infra/plan.json', '/repo')).toBe('infra/plan.json');
    expect(artifactUri('./plan.json', '/repo')).toBe('plan.json');
    expect(artifactUri('/repo/infra/plan.json', '/repo')).toBe(
      'infra/plan.json',
    );
    expect(artifactUri('/tmp/plan.json', '/repo')).toBe(
      'file:///tmp/plan.json',
    );
    expect(artifactUri('-', '/repo')).toBe('plan.json');
  });

  it('writes a PR comment in markdown', () => {
    const r = run([
      fixturePath('07-tfcompliance-vpc-module-3nat-eu-west-1-plan.json'),
      '--format',
      'markdown',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^## ✅ Governance: nothing blocks `default`/);
    expect(r.stdout).toContain(
      '### 💰 Cost: $0.00 → $116.07 per month (+$116.07)',
    );
    expect(r.stdout).toContain(
      '| `module.vpc.aws_nat_gateway.this[0]` | create | $0.00 | $35.04 | +$35.04 |',
    );
  });

  it("keeps a pull-request comment under GitHub's size limit", () => {
    const base = reportOf('01-checkov-terragoat-tfplan.json');
    const one = base.evaluation.findings.find(
      f => f.verdict === 'fail' && f.severity === 'critical',
    )!;
    const many: Finding[] = Array.from({ length: 5000 }, (_, i) => ({
      ...one,
      address: `module.m${i}.aws_security_group.open`,
    }));
    const text = formatMarkdown({
      ...base,
      evaluation: { ...base.evaluation, findings: many },
    });
    expect(text.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(text).toContain(
      "| … | | | | 4900 more: see the job's SARIF or JSON output |",
    );
    expect(text).toMatch(/<sub>groundwork-governance 0\.0\.0-test/);
  });

  it('prints JSON with the fields the issue names, for every finding and cost line', () => {
    const r = run([
      fixturePath('07-tfcompliance-vpc-module-3nat-eu-west-1-plan.json'),
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.findings.length).toBeGreaterThan(0);
    for (const f of out.findings) {
      expect(Object.keys(f)).toEqual(
        expect.arrayContaining([
          'ruleId',
          'address',
          'resourceType',
          'verdict',
          'severity',
        ]),
      );
      expect([
        'pass',
        'fail',
        'warn',
        'not-applicable',
        'unknown',
        'waived',
      ]).toContain(f.verdict);
    }
    expect(Object.keys(out.cost)).toEqual(
      expect.arrayContaining([
        'currency',
        'monthlyBefore',
        'monthlyAfter',
        'delta',
        'resources',
        'unpriced',
      ]),
    );
    for (const l of out.cost.resources) {
      expect(typeof l.address).toBe('string');
      expect(typeof l.monthly).toBe('number');
    }
    // 3 NAT gateways (0.048 × 730 = 35.04) and their 3 EIPs (0.005 × 730 = 3.65) in eu-west-1.
    expect(out.cost.monthlyAfter).toBeCloseTo(3 * 35.04 + 3 * 3.65, 4);
    expect(out.cost.delta).toBeCloseTo(
      out.cost.monthlyAfter - out.cost.monthlyBefore,
      4,
    );
  });

  it('exits 2 on invalid price overrides and usage figures', () => {
    const prices = join(dir, 'prices.json');
    writeFileSync(
      prices,
      JSON.stringify({ aws: { 'us-east-1': { ebs: { gp2: '0.1' } } } }),
    );
    const r = run([
      fixturePath('04-infracost-example_plan.json'),
      '--prices',
      prices,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'aws.us-east-1.ebs.gp2: expected number, found string',
    );
    const usage = join(dir, 'usage.json');
    writeFileSync(
      usage,
      JSON.stringify({ 'aws_s3_bucket.*': { storageGB: 10 } }),
    );
    const u = run([
      fixturePath('04-infracost-example_plan.json'),
      '--usage',
      usage,
    ]);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain(
      'aws_s3_bucket.*.storageGB: unknown usage figure',
    );
  });

  it('reads an Infracost usage file given to --usage, warning about unknown keys', () => {
    const usage = join(dir, 'infracost-usage.yml');
    writeFileSync(
      usage,
      [
        'version: 0.1',
        'resource_usage:',
        '  aws_lambda_function.hello_world:',
        '    monthly_requests: 2000000',
        '    request_duration_ms: 250',
        '    monthly_requestz: 1',
        '  aws_s3_bucket.usage:',
        '    standard:',
        '      storage_gb: 100',
        '',
      ].join('\n'),
    );
    const r = run([
      fixturePath('04-infracost-example_plan.json'),
      '--usage',
      usage,
      '--format',
      'json',
    ]);
    expect(r.code).not.toBe(2);
    expect(r.stderr).toContain(
      'warning: aws_lambda_function.hello_world: "monthly_requestz" is not a usage key of aws_lambda_function',
    );
    const out = JSON.parse(r.stdout);
    const monthly = (address: string) =>
      out.cost.resources.find((l: { address: string }) => l.address === address)
        .monthly;
    // 2 M × 0.20 = 0.40; 2 M × 0.25 s × 1 GB = 500,000 GB-s × 0.0000166667 = 8.3334
    expect(monthly('aws_lambda_function.hello_world')).toBeCloseTo(8.7334, 3);
    // standard.storage_gb 100 × 0.023 = 2.30
    expect(monthly('aws_s3_bucket.usage')).toBeCloseTo(2.3, 4);
    // The estimator's own shape still works, in YAML too.
    const own = join(dir, 'usage.yml');
    writeFileSync(own, "'aws_s3_bucket.*':\n  storageGb: 10\n");
    const o = run([
      fixturePath('04-infracost-example_plan.json'),
      '--usage',
      own,
      '--format',
      'json',
    ]);
    const ownOut = JSON.parse(o.stdout);
    expect(
      ownOut.cost.resources.find(
        (l: { address: string }) => l.address === 'aws_s3_bucket.usage',
      ).monthly,
    ).toBeCloseTo(0.23, 4);
  });

  it('refuses a 200 MB plan from its size, without reading it, and says how to raise the limit', () => {
    const big = join(dir, 'big-plan.json');
    const fd = openSync(big, 'w');
    writeSync(fd, '{"format_version":"1.2","resource_changes":[');
    // Sparse: 200 MB on paper; the CLI must decide from the size alone.
    ftruncateSync(fd, 200 * 1024 * 1024);
    closeSync(fd);
    const r = run([big, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'The plan is 200.0 MiB, above the 128.0 MiB limit',
    );
    expect(r.stderr).toContain('--max-plan-mb');
    expect(r.stdout).toBe('');
    rmSync(big);
  });

  it('lists every rule as JSON', () => {
    const r = run(['rules', '--format', 'json']);
    expect(r.code).toBe(0);
    const { rules } = JSON.parse(r.stdout);
    const versioning = rules.find((x: { id: string }) => x.id === 'GW-AWS-006');
    expect(versioning).toMatchObject({
      severity: 'medium',
      resourceTypes: ['aws_s3_bucket'],
    });
    expect(versioning.references.checkov).toEqual(['CKV_AWS_21']);
    expect(
      rules.find((x: { id: string }) => x.id === 'GW-AWS-002').references.cis,
    ).toContain('CIS AWS Foundations v1.5.0 5.2');
    for (const rule of rules) {
      expect(rule).toEqual(
        expect.objectContaining({
          id: expect.stringMatching(/^GW-(AWS|GCP|AZ|TF)-\d{3}$/),
          title: expect.any(String),
          severity: expect.stringMatching(/^(critical|high|medium|low)$/),
          resourceTypes: expect.any(Array),
          references: expect.objectContaining({
            checkov: expect.any(Array),
            cis: expect.any(Array),
          }),
        }),
      );
    }
  });
});

it('finds the line and column of each address in one pass', () => {
  const positions = addressPositions(
    '{\n  "a": {"address": "x.y"},\n "address":"x.y", "address": "z[\\"k\\"]"}',
  );
  expect(positions.get('x.y')).toEqual({ line: 2, column: 9 });
  expect(positions.get('z["k"]')).toEqual({ line: 3, column: 19 });
});

it('keeps docs/rules.md and docs/coverage.md in sync with the pack', () => {
  const docs = (name: string) =>
    readFileSync(resolve(__dirname, '../../docs', name), 'utf8').trimEnd();
  expect(docs('rules.md')).toEqual(rulesMarkdownTable());
  expect(docs('coverage.md')).toEqual(coverageMarkdown());
  expect(formatRules('table').split('\n').length).toBe(
    JSON.parse(formatRules('json')).rules.length,
  );
});

it("keeps the README's counts of rules and priced types true", () => {
  const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
  const rules = listRules();
  const count = (provider: string) =>
    rules.filter(r => r.provider === provider).length;
  expect(readme).toContain(
    `A policy pack of ${rules.length} rules (${count('aws')} AWS, ${count(
      'google',
    )} GCP, ${count('azurerm')} Azure, and ${count(
      'terraform',
    )} on Terraform's own constructs)`,
  );
  expect(readme).toContain(
    `A line-by-line estimate for ${
      pricedResourceTypes().length
    } priced resource types`,
  );
});

it('reports the coverage table with the rules', () => {
  const { rules, coverage } = JSON.parse(formatRules('json'));
  expect(coverage.totals.aws.rules).toBe(
    rules.filter((r: { provider: string }) => r.provider === 'aws').length,
  );
  const s3 = coverage.resourceTypes.find(
    (t: { resourceType: string }) => t.resourceType === 'aws_s3_bucket',
  );
  expect(s3.inScope).toBe(true);
  // GW-AWS-006 (versioning) carries CKV_AWS_21.
  expect(
    s3.checks.find((c: { checkov: string }) => c.checkov === 'CKV_AWS_21'),
  ).toMatchObject({ status: 'covered', rules: ['GW-AWS-006'] });
});
