import { ConfigReader } from '@backstage/config';
import { readTerraformConfig } from '../config';
import { loosenings } from '../gate/policy';
import { childEnvironment } from './environment';
import { LineSplitter, MAX_LINE_LENGTH, TaskLog } from './lines';
import { Redactor } from './redact';
import { recordingLogger } from '../__testUtils__/setup';

describe('Redactor', () => {
  it('masks secrets raw, JSON-escaped and line by line, longest first', () => {
    const r = new Redactor();
    r.add(
      'pa"ss',
      'abc',
      'abcdef',
      '-----BEGIN KEY-----\nMIIEsecretbody\n-----END KEY-----',
    );
    expect(r.redact('x=pa"ss y="pa\\"ss" z=abcdef w=abc')).toBe(
      'x=*** y="***" z=*** w=***',
    );
    expect(r.redact('  MIIEsecretbody')).toBe('  ***');
    expect(r.redactValue({ 'k-abc': ['abcdef', 1, { d: 'pa"ss' }] })).toEqual({
      'k-***': ['***', 1, { d: '***' }],
    });
  });

  it('skips short or boolean-like derived values, which would mask the whole log', () => {
    const r = new Redactor();
    r.addDerived({
      a: true,
      b: '8080',
      c: 'true',
      d: 'abc',
      e: 'generated-Secret-1',
    });
    expect(r.redact('port 8080 is true, abc generated-Secret-1')).toBe(
      'port 8080 is true, abc ***',
    );
  });
});

describe('LineSplitter', () => {
  it('keeps multi-byte characters and CRLF lines whole across chunks', () => {
    const lines: string[] = [];
    const s = new LineSplitter(l => lines.push(l));
    const text = Buffer.from('héllo wörld\r\nsecond ✓ line\nlast');
    for (let i = 0; i < text.length; i += 3) s.write(text.subarray(i, i + 3));
    s.end();
    expect(lines).toEqual(['héllo wörld', 'second ✓ line', 'last']);
  });

  it('cuts an over-long line once and drops the rest of it', () => {
    const lines: Array<[string, boolean]> = [];
    const s = new LineSplitter((l, t) => lines.push([l.slice(0, 5), t]), 10);
    s.write(Buffer.from('0123456789abcdefghij'));
    s.write(Buffer.from('klmnop\nnext\n'));
    s.end();
    expect(lines).toEqual([
      ['01234', true],
      ['next', false],
    ]);
  });
});

describe('TaskLog', () => {
  it('groups lines, redacts them, and never leaves half a secret at a cut', () => {
    const log = recordingLogger();
    const r = new Redactor();
    r.add('TOPSECRETVALUE');
    const task = new TaskLog(log.logger, r, { maxLines: 3 });
    task.line('a TOPSECRETVALUE');
    task.line('b');
    task.line('c');
    task.line(`${'x'.repeat(MAX_LINE_LENGTH - 7)}TOPSECR`, true);
    task.info('done');
    expect(log.messages.map(m => m.message)).toEqual([
      'a ***\nb\nc',
      expect.stringMatching(/^x+ … \[line cut at 16384 characters\]$/),
      'done',
    ]);
    expect(log.text()).not.toContain('TOPSECR');
  });
});

describe('childEnvironment', () => {
  it('passes only the allow-list, never TF_CLI_ARGS or TF_VAR_, and learns secret-looking values', () => {
    const { env, secretValues } = childEnvironment({
      source: {
        PATH: '/bin',
        AWS_REGION: 'eu-west-1',
        AWS_SECRET_ACCESS_KEY: 'aws-secret',
        DATABASE_URL: 'postgres://portal',
        TF_CLI_ARGS_apply: '-auto-approve',
        TF_VAR_other: 'x',
        TF_LOG: 'TRACE',
      },
      passThrough: ['AWS_*', 'TF_*'],
      secretVars: { db_password: 'pw' },
      pluginCacheDir: '/cache',
    });
    expect(env).toEqual({
      PATH: '/bin',
      AWS_REGION: 'eu-west-1',
      AWS_SECRET_ACCESS_KEY: 'aws-secret',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
      TF_PLUGIN_CACHE_DIR: '/cache',
      TF_VAR_db_password: 'pw',
    });
    expect(secretValues).toEqual(['aws-secret']);
  });
});

describe('loosenings', () => {
  it('names every relaxation and accepts tightening', () => {
    const base = {
      version: 1 as const,
      environments: { prod: { production: true } },
    };
    expect(
      loosenings(base, 'prod', {
        blockingThreshold: 'medium',
        unknownBlocks: true,
        requiredTags: ['Owner', 'Environment', 'CostCenter'],
        rules: { 'GW-AWS-017': { severity: 'high' } },
      }),
    ).toEqual([]);
    expect(
      loosenings(base, 'prod', {
        blockingThreshold: 'critical',
        requiredTags: ['Owner'],
        rules: {
          'GW-AWS-002': { enabled: false },
          'GW-AWS-004': { severity: 'low' },
        },
      }),
    ).toEqual([
      'raise the blocking threshold from high to critical',
      'disable GW-AWS-002',
      'lower GW-AWS-004 from high to low',
      'drop required tags Environment',
    ]);
  });

  it("treats the policy file's team rules like the pack's: lowering one is a loosening", () => {
    const base = {
      version: 1 as const,
      customRules: [
        {
          id: 'ACME-001',
          title: 'Instances carry a Team tag',
          severity: 'critical' as const,
          resourceTypes: ['aws_instance'],
          assert: { attribute: 'tags.Team', exists: true },
        },
      ],
      environments: { prod: { production: true } },
    };
    expect(
      loosenings(base, 'prod', { rules: { 'ACME-001': { severity: 'low' } } }),
    ).toEqual(['lower ACME-001 from critical to low']);
    expect(
      loosenings(base, 'prod', { rules: { 'ACME-001': { enabled: false } } }),
    ).toEqual(['disable ACME-001']);
  });
});

describe('readTerraformConfig', () => {
  it('fills defaults and infers the flavour from the binary', () => {
    const c = readTerraformConfig(
      new ConfigReader({ terraform: { binary: '/usr/bin/tofu' } }),
    );
    expect(c).toMatchObject({
      flavour: 'tofu',
      minimumVersion: '1.6.0',
      defaultExecutor: 'cli',
      policy: { inputOverrides: 'tighten' },
      timeouts: { defaultMinutes: 60, maxMinutes: 240, cancelGraceMs: 60_000 },
      hcp: {
        baseUrl: 'https://app.terraform.io',
        workspaceName: '{kind}_{namespace}_{environment}_{name}',
      },
    });
  });

  it.each([
    [{ flavour: 'pulumi' }, /terraform.flavour must be one of terraform, tofu/],
    [{ minimumVersion: 'latest' }, /minimumVersion must look like 1.5.0/],
    [{ environment: { passThrough: ['AWS-*'] } }, /passThrough entry "AWS-\*"/],
    [
      { environments: { dev: { budgetAction: 'ignore' } } },
      /environments.dev.budgetAction must be one of block, warn/,
    ],
    [
      { timeouts: { cancelGraceSeconds: -1 } },
      /cancelGraceSeconds must be a number of at least 0/,
    ],
  ])('refuses %j', (terraform, message) => {
    expect(() => readTerraformConfig(new ConfigReader({ terraform }))).toThrow(
      message,
    );
  });
});
