import fs from 'node:fs';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  checkModuleStructure,
  isPinnedConstraint,
} from './checkModuleStructure';

const fixture = path.join(__dirname, '..', '__fixtures__', 'key-module');

function readFixture(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(fixture, rel), {
      withFileTypes: true,
    })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else out[p] = fs.readFileSync(path.join(fixture, p), 'utf8');
    }
  };
  walk('');
  return out;
}

describe('checkModuleStructure', () => {
  const dir = createMockDirectory();
  const statusOf = async (id: string) =>
    (await checkModuleStructure(dir.path)).checks.find(c => c.id === id);

  beforeEach(() => dir.setContent(readFixture()));

  it('passes a module that has everything the factory asks for', async () => {
    const result = await checkModuleStructure(dir.path);
    expect(result.checks.map(c => [c.id, c.status])).toEqual([
      ['hcl-syntax', 'pass'],
      ['readme', 'pass'],
      ['variables-file', 'pass'],
      ['variable-types', 'pass'],
      ['variable-descriptions', 'pass'],
      ['outputs', 'pass'],
      ['versions', 'pass'],
      ['no-provider-blocks', 'pass'],
      ['example', 'pass'],
      ['readme-inputs', 'pass'],
    ]);
    expect(result.passed).toBe(true);
    expect(result.variables).toEqual([
      {
        name: 'name',
        type: 'string',
        description: 'Name of the key.',
        required: true,
        sensitive: false,
      },
      {
        name: 'tags',
        type: 'map(string)',
        description: 'Tags of every resource.',
        required: true,
        sensitive: false,
      },
    ]);
    expect(result.providers).toEqual([
      { name: 'aws', source: 'hashicorp/aws', version: '~> 5.70' },
    ]);
    expect(result.examples).toEqual(['basic']);
  });

  it('fails variables without a type or description, naming them', async () => {
    dir.addContent({
      'variables.tf':
        'variable "name" {\n  type = string\n}\nvariable "tags" {\n  description = "Tags."\n}\n',
    });
    const result = await checkModuleStructure(dir.path);
    expect(result.passed).toBe(false);
    expect(result.checks.find(c => c.id === 'variable-types')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('Give tags a type'),
    });
    expect(
      result.checks.find(c => c.id === 'variable-descriptions'),
    ).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('Describe name'),
    });
  });

  it('fails providers without an upper bound and providers used but not declared', async () => {
    dir.addContent({
      'versions.tf':
        'terraform {\n  required_version = ">= 1.5.0"\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = ">= 5.0"\n    }\n  }\n}\n',
      'random.tf': 'resource "random_id" "x" {\n  byte_length = 4\n}\n',
    });
    const versions = await statusOf('versions');
    expect(versions?.status).toBe('fail');
    expect(versions?.message).toContain('Pin provider aws with an upper bound');
    expect(versions?.message).toContain('Resources use provider random');
  });

  it('fails provider blocks, missing outputs, a missing README and a missing example', async () => {
    dir.setContent({
      'versions.tf': readFixture()['versions.tf'],
      'variables.tf': readFixture()['variables.tf'],
      'main.tf': 'provider "aws" {\n  region = "us-east-1"\n}\n',
    });
    const result = await checkModuleStructure(dir.path);
    const failed = result.checks
      .filter(c => c.status === 'fail')
      .map(c => c.id);
    expect(failed).toEqual([
      'readme',
      'outputs',
      'no-provider-blocks',
      'example',
    ]);
  });

  it('reports a syntax error with the file that holds it', async () => {
    dir.addContent({
      'broken.tf': 'resource "aws_s3_bucket" "x" {\n  bucket = \n',
    });
    const syntax = await statusOf('hcl-syntax');
    expect(syntax).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('broken.tf'),
    });
  });

  it('does not count an example that calls some other module', async () => {
    dir.addContent({
      'examples/basic/main.tf':
        'module "key" {\n  source = "terraform-aws-modules/kms/aws"\n}\n',
    });
    expect((await statusOf('example'))?.status).toBe('fail');
  });

  it('warns when the README leaves out a required input', async () => {
    dir.addContent({
      'README.md':
        '# key-module\n\nA KMS key with rotation and a budget, for tests.\n',
    });
    const result = await checkModuleStructure(dir.path);
    expect(result.checks.find(c => c.id === 'readme-inputs')).toMatchObject({
      status: 'warn',
      message: 'The README does not mention name, tags.',
    });
    expect(result.passed).toBe(true);
  });
});

describe('isPinnedConstraint', () => {
  it.each([
    ['~> 5.70', true],
    ['>= 5.0, < 6.0', true],
    ['= 5.70.1', true],
    ['5.70.1', true],
    ['>= 5.0', false],
    ['', false],
    [undefined, false],
  ])('%s -> %s', (constraint, pinned) => {
    expect(isPinnedConstraint(constraint)).toBe(pinned);
  });
});
