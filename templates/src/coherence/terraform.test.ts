import { iamRolesOf, moduleSourceFindings, sourceProblem } from './terraform';

const files = new Map([
  [
    'infra/envs/dev/main.tf',
    [
      'module "ok" {',
      '  source = "git::https://github.com/acme/terraform-modules.git//aws-baseline?ref=aws-baseline/v1.0.0"',
      '}',
      'module "old" {',
      '  source = "git::https://github.com/acme/terraform-modules.git//aws-baseline?ref=aws-baseline/v0.0.1"',
      '}',
      'module "local" {',
      '  source = "../../modules/thing"',
      '}',
      'module "gone" {',
      '  source = "./nowhere"',
      '}',
      '',
    ].join('\n'),
  ],
  ['infra/modules/thing/main.tf', ''],
]);

describe('Terraform module sources', () => {
  it('resolves a factory tag that exists and a folder of the repository', () => {
    expect(
      sourceProblem(
        files,
        'infra/envs/dev/main.tf',
        'git::https://github.com/acme/terraform-modules.git//aws-baseline?ref=aws-baseline/v1.0.0',
      ),
    ).toBeUndefined();
    expect(
      sourceProblem(files, 'infra/envs/dev/main.tf', '../../modules/thing'),
    ).toBeUndefined();
  });

  it('reports a version the factory does not have, a missing folder and a foreign source', () => {
    expect(
      sourceProblem(
        files,
        'infra/envs/dev/main.tf',
        'git::https://github.com/acme/terraform-modules.git//aws-baseline?ref=aws-baseline/v0.0.1',
      ),
    ).toMatch(/is at 1\.0\.0, not 0\.0\.1/);
    expect(sourceProblem(files, 'infra/envs/dev/main.tf', './nowhere')).toMatch(
      /not a folder of Terraform/,
    );
    expect(
      sourceProblem(
        files,
        'infra/envs/dev/main.tf',
        'terraform-aws-modules/vpc/aws',
      ),
    ).toMatch(/not a module factory source/);
  });

  it('reads every module block of every file', async () => {
    expect((await moduleSourceFindings('svc', files)).sort()).toEqual([
      expect.stringMatching(
        /^terraform: svc infra\/envs\/dev\/main\.tf module gone: \.\/nowhere/,
      ),
      expect.stringMatching(
        /^terraform: svc infra\/envs\/dev\/main\.tf module old: .*not 0\.0\.1/,
      ),
    ]);
  });
});

describe('iamRolesOf', () => {
  it('reads the subjects a role trusts, when the plan knows its policy', () => {
    const policy = JSON.stringify({
      Statement: [
        {
          Condition: {
            StringEquals: {
              'oidc.example/id/X:sub': 'system:serviceaccount:a:b',
              'oidc.example/id/X:aud': 'sts.amazonaws.com',
            },
            StringLike: {
              'oidc.example/id/X:sub': ['system:serviceaccount:c:*'],
            },
          },
        },
      ],
    });
    expect(
      iamRolesOf([
        {
          type: 'aws_iam_role',
          change: { after: { name: 'r', assume_role_policy: policy } },
        },
        { type: 'aws_iam_role', change: { after: { name: 'unknown' } } },
        { type: 'aws_s3_bucket', change: { after: { name: 'x' } } },
      ]),
    ).toEqual([
      {
        name: 'r',
        trustedSubjects: [
          'system:serviceaccount:a:b',
          'system:serviceaccount:c:*',
        ],
      },
      { name: 'unknown' },
    ]);
  });
});
