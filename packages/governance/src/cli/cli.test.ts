import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { fixturePath } from '../__testUtils__/fixtures';
import { formatRules, rulesMarkdownTable } from './format/rules';
import { addressPositions } from './format/sarif';
import { readFileSync } from 'fs';

const BIN = resolve(__dirname, '../../bin/groundwork-governance');

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    input,
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

  it('writes SARIF 2.1.0 that code scanning accepts', () => {
    const planFile = fixturePath('01-checkov-terragoat-tfplan.json');
    const r = run([planFile, '--format', 'sarif']);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe('2.1.0');
    const run0 = sarif.runs[0];
    expect(run0.tool.driver.name).toBe('groundwork-governance');
    const ruleIds = run0.tool.driver.rules.map((x: { id: string }) => x.id);
    expect(ruleIds).toContain('GW-AWS-002');
    for (const result of run0.results) {
      expect(ruleIds[result.ruleIndex]).toBe(result.ruleId);
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(result.message.text).toBeTruthy();
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe(
        planFile,
      );
      expect(
        result.locations[0].physicalLocation.region.startLine,
      ).toBeGreaterThanOrEqual(1);
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
  });
});

it('finds the line and column of each address in one pass', () => {
  const positions = addressPositions(
    '{\n  "a": {"address": "x.y"},\n "address":"x.y", "address": "z[\\"k\\"]"}',
  );
  expect(positions.get('x.y')).toEqual({ line: 2, column: 9 });
  expect(positions.get('z["k"]')).toEqual({ line: 3, column: 19 });
});

it('keeps the README rule table in sync with the pack', () => {
  // Prettier pads table cells; compare rows without the padding.
  const squeeze = (text: string) =>
    text
      .split('\n')
      .filter(l => l.startsWith('| GW-'))
      .map(l => l.replace(/\s*\|\s*/g, '|'));
  const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
  expect(squeeze(readme)).toEqual(squeeze(rulesMarkdownTable()));
  expect(formatRules('table').split('\n').length).toBe(
    JSON.parse(formatRules('json')).rules.length,
  );
});
