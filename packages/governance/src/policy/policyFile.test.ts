import { parsePolicy, PolicyFileError } from './policyFile';

function issues(text: string, name = 'policy.yaml') {
  try {
    parsePolicy(text, name);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyFileError);
    return (e as PolicyFileError).issues;
  }
  throw new Error('expected an invalid policy');
}

describe('policy files', () => {
  it('reads a full YAML policy', () => {
    const policy = parsePolicy(`version: 1
requiredTags: [Owner]
rules:
  GW-AWS-007: { enabled: false }
environments:
  prod:
    blockingThreshold: medium
    requiredTags: [Owner, CostCenter]
waivers:
  - { rule: GW-AWS-004, resource: "module.legacy.*", reason: r, owner: o, expires: 2027-01-01 }
`);
    expect(policy.environments?.prod.blockingThreshold).toBe('medium');
    expect(policy.waivers?.[0].expires).toBe('2027-01-01');
  });

  it('reads JSON too, with line numbers', () => {
    expect(
      parsePolicy('{"version": 1, "requiredTags": ["Owner"]}', 'p.json')
        .requiredTags,
    ).toEqual(['Owner']);
    const found = issues(
      '{\n  "version": 1,\n  "requiredTags": "Owner"\n}',
      'p.json',
    );
    expect(found).toEqual([
      expect.objectContaining({
        line: 3,
        path: '/requiredTags',
        message: 'expected array, found string',
      }),
    ]);
  });

  it('names a mistyped rule id, suggests the closest and points at its line', () => {
    const found = issues(
      'version: 1\nenvironments:\n  dev:\n    rules:\n      GW-AWS-0O4: { enabled: false }\n',
    );
    expect(found).toHaveLength(1);
    expect(found[0].line).toBe(5);
    expect(found[0].message).toContain(
      'unknown rule id "GW-AWS-0O4" (did you mean GW-AWS-004?)',
    );
    const waiver = issues(
      'version: 1\nwaivers:\n  - rule: GW-AWS-12\n    resource: "*"\n    reason: x\n    owner: y\n    expires: 2027-01-01\n',
    );
    expect(waiver[0]).toMatchObject({ line: 3, path: '/waivers/0/rule' });
    expect(waiver[0].message).toContain('did you mean GW-AWS-012?');
  });

  it('reports every schema error with its line', () => {
    const found = issues(`version: 1
blockingThreshold: high
environments:
  prod:
    blockingThreshold: severe
waivers:
  - rule: GW-AWS-001
    resource: "*"
    expires: 2027-02-30
`);
    expect(found.map(i => [i.line, i.message])).toEqual([
      [2, expect.stringContaining('unknown key "blockingThreshold"')],
      [
        5,
        expect.stringContaining(
          'must be one of "critical", "high", "medium", "low"',
        ),
      ],
      [7, 'missing required key "reason"'],
      [7, 'missing required key "owner"'],
      [9, 'must be a date written YYYY-MM-DD; found "2027-02-30"'],
    ]);
  });

  it('reports YAML syntax errors and empty files with a line', () => {
    expect(issues('version: 1\nrules: [\n')[0].line).toBeGreaterThanOrEqual(2);
    expect(issues('')[0].message).toContain('empty');
    expect(issues('requiredTags: []\n')[0].message).toBe(
      'missing required key "version"',
    );
  });

  it('words the error so that a terminal shows file:line:column', () => {
    expect(() => parsePolicy('version: 2\n', 'policies/prod.yaml')).toThrow(
      /policies\/prod\.yaml:1:10 \/version: must be one of 1/,
    );
  });
});
