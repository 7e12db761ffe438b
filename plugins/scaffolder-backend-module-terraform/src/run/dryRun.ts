import fs from 'node:fs/promises';
import path from 'node:path';
import type { TerraformConfig } from '../config';
import type { CodeFinding } from '@groundwork/plugin-groundwork-node';
import { cliCommands } from '../executors/cli/CliExecutor';
import {
  BACKEND_OVERRIDE_FILE,
  backendOverride,
  redactedSettings,
} from './backend';
import type { TaskLog } from './lines';
import type { Redactor } from './redact';
import { TFVARS_FILE } from './variables';
import type { PreparedRun } from './prepare';
import type { TerraformApplyOutput } from '../actions/terraformApply.schema';

/** Files listed at most; a working directory is Terraform code, not a data set. */
const MAX_FILES = 200;

type DryRun = NonNullable<TerraformApplyOutput['dryRun']>;

async function filesUnder(
  dir: string,
  workspace: string,
): Promise<DryRun['files']> {
  const out: DryRun['files'] = [];
  const queue = [dir];
  while (queue.length > 0 && out.length < MAX_FILES) {
    const current = queue.shift()!;
    const entries = await fs.readdir(current, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === '.git' || entry.name === '.terraform') continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) queue.push(full);
      else if (entry.isFile() && out.length < MAX_FILES) {
        out.push({
          path: path.relative(workspace, full),
          bytes: (await fs.stat(full)).size,
        });
      }
    }
  }
  return out;
}

/**
 * What a real run of this step would do, as the task log and the `dryRun`
 * output show it: the files, the state backend written over the code's
 * (secret-looking values masked), the variables by name, and the commands
 * or HCP Terraform API steps in order. Nothing is run, written or called:
 * Terraform runs providers, data sources and the code's own programs from
 * `init` on, and the code of a dry run comes from whoever calls it.
 */
export async function renderDryRun(options: {
  run: PreparedRun;
  terraform: TerraformConfig;
  workspace: string;
  vars: string[];
  secretVars: string[];
  planOnly: boolean;
  destroy: boolean;
  allowedCode: CodeFinding[];
  log: TaskLog;
  redactor: Redactor;
}): Promise<DryRun> {
  const { run, terraform, log, redactor } = options;
  const { selection, env, settings } = options.run;
  const tool = terraform.flavour;
  log.info(
    `Dry run of terraform:apply for ${run.entityRef} in ${env.name}${
      env.production ? ' (production)' : ''
    }: it shows what a real run would do, and runs nothing.`,
  );
  const files = await filesUnder(
    run.workingDirectory.absolute,
    options.workspace,
  );
  log.info(
    `Working directory ${run.workingDirectory.relative} (${files.length}${
      files.length === MAX_FILES ? '+' : ''
    } files):\n${files.map(f => `  ${f.path} (${f.bytes} bytes)`).join('\n')}`,
  );
  log.info(
    `Gate: policy threshold ${run.policy.threshold}${
      run.policy.sources.length ? ` (${run.policy.sources.join(', ')})` : ''
    }; budget ${run.budget === undefined ? 'none' : `${run.budget}/month`} (${
      run.budgetAction
    } when over).`,
  );

  const out: DryRun = {
    executor: selection.executor,
    workingDirectory: run.workingDirectory.relative,
    files,
    commands: [],
    variables: { vars: options.vars, secretVars: options.secretVars },
    allowedPlanTimeCode: options.allowedCode.map(
      f => `${f.file}: ${f.what} (${f.construct})`,
    ),
  };
  if (selection.executor === 'cli' && selection.backend) {
    const shown = {
      type: selection.backend.type,
      settings: redactor.redactValue(
        redactedSettings(selection.backend.settings) as Record<string, unknown>,
      ),
    };
    out.backend = {
      ...shown,
      from: selection.backend.key ?? 'allowLocalState',
    };
    log.info(
      `State backend (${
        out.backend.from
      }), written over the code's as ${BACKEND_OVERRIDE_FILE}:\n${JSON.stringify(
        backendOverride(shown),
        null,
        2,
      )}`,
    );
    const commands = cliCommands(terraform, {
      destroy: options.destroy,
      planFile: '<step temporary directory>/groundwork.tfplan',
    });
    const order = [
      commands.version,
      commands.init,
      commands.validate,
      commands.plan,
      commands.show,
      ...(options.planOnly ? [] : [commands.apply, commands.output]),
    ];
    out.commands = order.map(args => `${tool} ${args.join(' ')}`);
    log.info(
      `Variables: ${
        options.vars.length
          ? `${options.vars.join(', ')} in ${TFVARS_FILE}`
          : 'none'
      }; secret: ${
        options.secretVars.length
          ? options.secretVars.map(v => `TF_VAR_${v}`).join(', ')
          : 'none'
      } in Terraform's environment only.`,
    );
    log.info(
      `Commands, in ${run.workingDirectory.relative} with ${terraform.binary}${
        options.planOnly ? '' : ' (apply only if the gate passes)'
      }:\n${out.commands.map(c => `  $ ${c}`).join('\n')}`,
    );
  } else if (selection.hcp) {
    const { organization, workspace } = selection.hcp;
    out.hcp = { organization, workspace };
    out.commands = [
      `find workspace ${organization}/${workspace} (create it if missing: remote execution, auto-apply off)`,
      `set ${options.vars.length + options.secretVars.length} variable(s): ${[
        ...options.vars,
        ...options.secretVars.map(v => `${v} (sensitive)`),
      ].join(', ')}`,
      `upload ${run.workingDirectory.relative} as a ${
        options.planOnly ? 'speculative ' : ''
      }configuration version`,
      `create a run (auto-apply off${
        options.destroy ? ', destroy' : ''
      }), follow it and gate its plan JSON here`,
      ...(options.planOnly ? [] : ['apply the run if the gate passes']),
    ];
    log.info(
      `HCP Terraform (${
        terraform.hcp.baseUrl
      }), organization ${organization} (${
        settings.hcp.organizationKey
      }), workspace ${workspace} (${
        settings.hcp.workspaceNameKey
      }):\n${out.commands.map(c => `  - ${c}`).join('\n')}`,
    );
  }
  for (const line of out.allowedPlanTimeCode) {
    log.warn(
      `Allowed in ${env.name} by ${settings.key}.allowPlanTimeCode, so a real run would run it: ${line}`,
    );
  }
  return out;
}
