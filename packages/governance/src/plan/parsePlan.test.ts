import {
  writeFileSync,
  mkdtempSync,
  openSync,
  writeSync,
  closeSync,
  rmSync,
} from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  FIXTURE_FILES,
  fixtureDocument,
  fixtureText,
  loadFixture,
} from '../__testUtils__/fixtures';
import { PlanParseError } from './errors';
import { loadPlanFile } from './loadPlanFile';
import { DEFAULT_MAX_PLAN_BYTES, parsePlan } from './parsePlan';

function parseError(input: string): PlanParseError {
  try {
    parsePlan(input);
  } catch (e) {
    expect(e).toBeInstanceOf(PlanParseError);
    return e as PlanParseError;
  }
  throw new Error('expected parsePlan to throw');
}

describe('parsePlan on the vendored real plans', () => {
  it.each(FIXTURE_FILES)('loads %s', name => {
    const plan = loadFixture(name);
    const doc = fixtureDocument(name);
    expect(plan.formatVersion).toBe(doc.format_version);
    // Every resource change becomes exactly one resource of the plan.
    expect(plan.resources.length).toBe(
      (doc.resource_changes as unknown[]).length,
    );
  });

  it('reads format 0.1 (Terraform 0.12) to 1.2 (Terraform 1.9)', () => {
    expect(
      loadFixture('01-checkov-terragoat-tfplan.json').terraformVersion,
    ).toBe('0.12.23');
    expect(
      loadFixture('03-checkov-foreach-module-sg-tfplan.json').formatVersion,
    ).toBe('1.2');
  });

  it('keeps module paths and for_each keys, including keys with dots', () => {
    const plan = loadFixture('05-infracost-terraform_v0.14_plan.json');
    const r = plan.byAddress.get(
      'module.instances.aws_instance.module_instance_named["test.1"]',
    )!;
    expect(r.moduleAddress).toBe('module.instances');
    expect(r.configModulePath).toBe('module.instances');
    expect(r.index).toBe('test.1');
    expect(r.type).toBe('aws_instance');
    const nested = plan.byAddress.get(
      'module.db.module.db_1.module.db_instance.aws_db_instance.this[0]',
    )!;
    expect(nested.configModulePath).toBe(
      'module.db.module.db_1.module.db_instance',
    );
    expect(nested.index).toBe(0);
    expect(nested.action).toBe('update');
    const sg = loadFixture(
      '03-checkov-foreach-module-sg-tfplan.json',
    ).byAddress.get('module.sg["awful_example"].aws_security_group.bad')!;
    expect(sg.moduleAddress).toBe('module.sg["awful_example"]');
    expect(sg.configModulePath).toBe('module.sg');
  });

  it('collapses actions, including deletes that exist only in resource_changes', () => {
    const plan = loadFixture('08-tfcompliance-mixed-actions-plan.json');
    const deleted = plan.byAddress.get(
      'aws_cloudwatch_event_rule.Metricos_custom_alert_schedule_frequent[0]',
    )!;
    expect(deleted.action).toBe('delete');
    expect(deleted.after).toBeNull();
    expect(deleted.before).not.toBeNull();
    expect(
      plan.byAddress.get('aws_cloudwatch_event_target.metric_event_target')!
        .action,
    ).toBe('update');
    expect(plan.byAddress.get('aws_lambda_function.lambda')!.action).toBe(
      'create',
    );
    expect(
      plan.byAddress.get('aws_iam_role.lambda_execution_role')!.action,
    ).toBe('no-op');
    const replaced = parsePlan(
      JSON.stringify({
        format_version: '1.2',
        resource_changes: [
          {
            address: 'aws_instance.a',
            type: 'aws_instance',
            name: 'a',
            change: { actions: ['delete', 'create'] },
          },
          {
            address: 'data.aws_ami.x',
            mode: 'data',
            type: 'aws_ami',
            name: 'x',
            change: { actions: ['read'] },
          },
        ],
      }),
    );
    expect(replaced.byAddress.get('aws_instance.a')!.action).toBe('replace');
    expect(replaced.byAddress.get('data.aws_ami.x')!.action).toBe('read');
    expect(replaced.byAddress.get('data.aws_ami.x')!.mode).toBe('data');
  });

  it('keeps unknown and sensitive markings', () => {
    const plan = loadFixture('04-infracost-example_plan.json');
    const instance = plan.byAddress.get('aws_instance.web_app')!;
    expect((instance.afterUnknown as Record<string, unknown>).arn).toBe(true);
    const terragoat = loadFixture(
      '06b-infracost-instance_with_attachment_after_deploy.json',
    );
    expect(
      terragoat.byAddress.get('aws_ebs_volume.storage')!.afterSensitive,
    ).toEqual({ tags: {}, tags_all: {} });
  });

  it('reports resource_drift, rebuilding addresses Terraform 1.0.0 left out', () => {
    expect(
      loadFixture('06a-infracost-instance_with_attachment_before_deploy.json')
        .drift,
    ).toEqual([
      {
        address: 'aws_ebs_volume.storage',
        type: 'aws_ebs_volume',
        actions: ['update'],
      },
    ]);
    const drift = loadFixture('08-tfcompliance-mixed-actions-plan.json').drift;
    expect(drift).toHaveLength(15);
    expect(drift.map(d => d.address)).toContain(
      'aws_cloudwatch_event_rule.metrics_schedule',
    );
  });
});

describe('parsePlan on bad input', () => {
  it('rejects an empty file', () => {
    expect(parseError('').kind).toBe('empty');
    expect(parseError('  \n').message).toMatch(/empty.*terraform show -json/s);
  });

  it('rejects text that is not JSON, naming what it starts with', () => {
    const e = parseError('Terraform will perform the following actions:');
    expect(e.kind).toBe('not-json');
    expect(e.message).toContain('"Terraform will perfo"');
  });

  it('rejects a JSON array', () => {
    const e = parseError('[{"address":"x"}]');
    expect(e.kind).toBe('not-a-plan');
    expect(e.message).toContain('a JSON array');
  });

  it('rejects JSON that is not a plan, and says when it is a state file', () => {
    expect(parseError('{"hello":"world"}').message).toContain(
      'without format_version (keys: hello)',
    );
    expect(
      parseError('{"format_version":"1.0","values":{}}').message,
    ).toContain('a state document');
  });

  it('rejects an unsupported major version, naming it', () => {
    const e = parseError('{"format_version":"2.0","resource_changes":[]}');
    expect(e.kind).toBe('unsupported-version');
    expect(e.message).toContain('"2.0"');
  });

  it('reports a truncated file as truncated, wherever it was cut', () => {
    const text = fixtureText('03-checkov-foreach-module-sg-tfplan.json');
    const e = parseError(text.slice(0, Math.floor(text.length / 2)));
    expect(e.kind).toBe('truncated');
    expect(e.message).toContain('looks truncated');
    // Inside a string, a number, a key, after a comma or a colon: all truncated.
    const kinds = new Set<string>();
    for (let cut = 1; cut < text.length - 1; cut += 97) {
      kinds.add(parseError(text.slice(0, cut)).kind);
    }
    expect([...kinds]).toEqual(['truncated']);
  });

  it('reads plans written with a byte order mark, in UTF-8 and UTF-16', () => {
    const text = fixtureText('03-checkov-foreach-module-sg-tfplan.json');
    const utf16le = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(text, 'utf16le'),
    ]);
    const utf16be = Buffer.from(utf16le);
    utf16be.swap16();
    for (const input of [
      `\ufeff${text}`,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
      utf16le, // Windows PowerShell 5: terraform show -json > plan.json
      utf16be,
    ]) {
      const plan = parsePlan(input);
      expect(plan.resources).toHaveLength(5);
      expect(
        plan.byAddress.get('module.sg["bad_example"].aws_security_group.bad'),
      ).toBeDefined();
    }
    // The caller's buffer is left as it was.
    expect(utf16be.subarray(0, 2)).toEqual(Buffer.from([0xfe, 0xff]));
  });

  it('names a format_version that is not a string', () => {
    const e = parseError('{"format_version":1.2,"resource_changes":[]}');
    expect(e.kind).toBe('not-a-plan');
    expect(e.message).toContain('a format_version of 1.2');
  });

  it('rejects plan sections of the wrong type instead of dropping resources', () => {
    const wrong = parseError(
      '{"format_version":"1.2","resource_changes":{"address":"aws_s3_bucket.b"}}',
    );
    expect(wrong.kind).toBe('not-a-plan');
    expect(wrong.message).toContain(
      'a "resource_changes" that is a JSON object, not an array',
    );
    const noAddress = parseError(
      '{"format_version":"1.2","resource_changes":[{"address":"aws_s3_bucket.a","type":"aws_s3_bucket","name":"a","change":{"actions":["create"]}},{"change":{"actions":["create"]}}]}',
    );
    expect(noAddress.message).toContain(
      'resource_changes[1] without an address',
    );
    expect(
      parseError('{"format_version":"1.2","configuration":[]}').message,
    ).toContain('a "configuration" that is a JSON array, not an object');
  });

  it('accepts unknown extra fields', () => {
    const doc = fixtureDocument('02-checkov-nested-modules-s3-pab-tfplan.json');
    const plan = parsePlan(
      JSON.stringify({
        ...doc,
        future_section: { anything: [1, 2] },
        checks: [],
        resource_changes: (doc.resource_changes as object[]).map(r => ({
          ...r,
          importing: { id: 'x' },
        })),
      }),
    );
    expect(plan.resources).toHaveLength(9);
  });

  it('refuses a 200 MB plan before reading it, with bounded memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-big-plan-'));
    const file = join(dir, 'plan.json');
    try {
      // A real (if repetitive) plan document, written in chunks.
      const fd = openSync(file, 'w');
      writeSync(fd, '{"format_version":"1.2","resource_changes":[');
      const one = JSON.stringify({
        address: 'aws_s3_bucket.b',
        type: 'aws_s3_bucket',
        name: 'b',
        change: { actions: ['create'], after: { bucket: 'x'.repeat(400) } },
      });
      const chunk = Array(2000).fill(one).join(',');
      let written = 0;
      while (written < 200 * 1024 * 1024) {
        writeSync(fd, written === 0 ? chunk : `,${chunk}`);
        written += chunk.length + 1;
      }
      writeSync(fd, ']}');
      closeSync(fd);
      const rssBefore = process.memoryUsage().rss;
      const error = await loadPlanFile(file).catch(e => e);
      expect(error).toBeInstanceOf(PlanParseError);
      expect((error as PlanParseError).kind).toBe('too-large');
      expect((error as PlanParseError).message).toMatch(
        /above the 128\.0 MiB limit.*--max-plan-mb/s,
      );
      // Refused from its size alone: the process did not load 200 MB.
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(
        64 * 1024 * 1024,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('applies the same cap to in-memory input', () => {
    const e = (() => {
      try {
        parsePlan('{"format_version":"1.0","resource_changes":[]}', {
          maxBytes: 10,
        });
      } catch (err) {
        return err as PlanParseError;
      }
      return undefined;
    })();
    expect(e?.kind).toBe('too-large');
    expect(DEFAULT_MAX_PLAN_BYTES).toBe(128 * 1024 * 1024);
  });
});

it('reads a plan file from disk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-plan-'));
  try {
    writeFileSync(
      join(dir, 'p.json'),
      fixtureText('07-tfcompliance-vpc-module-3nat-eu-west-1-plan.json'),
    );
    const plan = await loadPlanFile(join(dir, 'p.json'));
    expect(plan.byType.get('aws_nat_gateway')).toHaveLength(3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
