#!/usr/bin/env node
/*
 * A stand-in for the `terraform` (or `tofu`) command line, for tests on
 * machines where the real binary cannot be installed. It implements the
 * subcommands `terraform:apply` uses, with Terraform's own output lines,
 * exit codes and files:
 *
 *   version [-json]                 version banner, or the JSON document of `version -json`
 *   init -input=false               reads the backend (a `backend "x"` block, or an
 *                                   `*_override.tf.json`), writes .terraform/terraform.tfstate
 *                                   and .terraform.lock.hcl, uses TF_PLUGIN_CACHE_DIR, and
 *                                   installs the configured `modules` under .terraform/modules
 *   validate                        needs an initialized directory
 *   plan -out=FILE [-destroy]       takes the state lock, prints the resource changes and
 *        [-refresh-only]            (refresh-only: proposes no actions; the plan's
 *        [-detailed-exitcode]       resource_drift is what the refresh found, from the
 *        [-lock=false]              `drift` option; -detailed-exitcode exits 0 with no
 *                                   changes, 1 on error, 2 with changes, as `terraform
 *                                   plan -help` documents; -lock=false skips the lock)
 *                                   "Plan: ...", writes a plan file holding the plan document
 *   show -json FILE                 prints the plan document on one line, as Terraform does
 *   apply FILE                      refuses a stale plan, takes the lock, prints per-resource
 *                                   progress and "Apply complete! ...", writes state
 *   output -json                    the outputs of the state, sensitive ones included
 *
 * The plan document is a real one (the package's fixtures/terraform-plans), a
 * derived file, one generated with N resources, or one a program computes
 * from the working directory's code; the variables Terraform
 * would put in it (tfvars files and TF_VAR_*) are merged in, so a sensitive
 * variable's value sits in the plan JSON in clear text just as it does with
 * the real tool.
 *
 * Modes (in the config file): slowMs (delay per output line), initFailure,
 * stateLock (another run holds the lock), applyError, ignoreInterrupt (keeps
 * going after SIGINT, to test SIGKILL), extraApplyLines (lines of provider
 * logging during apply), leakVariables (a provider that echoes variable
 * values into its log, to test redaction).
 *
 * Every call is appended to `recordFile` (JSON lines): argv, cwd, the names
 * of the environment variables, a sha256 of each TF_VAR_* value (never the
 * value), the tfvars files found, and how the process ended.
 *
 * Configuration: the JSON file named by TERRAFORM_STANDIN_CONFIG, or the path
 * a launcher (see index.ts) passes to main().
 */
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const EXIT_OK = 0;
const EXIT_ERROR = 1;

class StandIn {
  constructor(config, argv) {
    this.config = config;
    this.argv = argv;
    this.flavour = config.flavour || 'terraform';
    this.product = this.flavour === 'tofu' ? 'OpenTofu' : 'Terraform';
    this.interrupted = false;
    this.heldLock = false;
    this.record = {
      argv,
      cwd: process.cwd(),
      envNames: Object.keys(process.env).sort(),
      tfVarSha256: {},
      tfvarsFiles: {},
      startedAt: new Date().toISOString(),
      pid: process.pid,
    };
    for (const [name, value] of Object.entries(process.env)) {
      if (name.startsWith('TF_VAR_')) {
        this.record.tfVarSha256[name] = sha256(value);
      }
    }
    this.record.tfvarsFiles = readTfvarsFiles(process.cwd());
    this.appendRecord({ ...this.record, event: 'start' });
    process.on('SIGINT', () => this.onInterrupt());
  }

  onInterrupt() {
    this.appendRecord({ pid: process.pid, event: 'SIGINT' });
    if (this.interrupted) return;
    this.interrupted = true;
    this.out(
      '\nInterrupt received.\nPlease wait for Terraform to exit or data loss may occur.\nGracefully shutting down...\n',
    );
  }

  /** Whether work should stop: an interrupt arrived and the mode honours it. */
  get stopping() {
    return this.interrupted && !this.config.ignoreInterrupt;
  }

  out(text) {
    process.stdout.write(text);
  }

  err(text) {
    process.stderr.write(text);
  }

  finish(code) {
    if (this.heldLock) this.releaseLock();
    this.appendRecord({
      pid: process.pid,
      event: 'exit',
      code,
      interrupted: this.interrupted,
    });
    // Let piped output drain before exiting.
    process.stdout.write('', () => process.exit(code));
  }

  appendRecord(entry) {
    if (!this.config.recordFile) return;
    fs.appendFileSync(this.config.recordFile, `${JSON.stringify(entry)}\n`);
  }

  async run() {
    const [command, ...rest] = this.argv;
    const flags = parseFlags(rest);
    if (process.env.TF_CLI_ARGS) {
      this.err('TF_CLI_ARGS must not reach the stand-in in these tests\n');
      return EXIT_ERROR;
    }
    switch (command) {
      case 'version':
        return this.version(flags);
      case 'init':
        return this.init(flags);
      case 'validate':
        return this.validate(flags);
      case 'plan':
        return this.plan(flags);
      case 'show':
        return this.show(flags);
      case 'apply':
        return this.apply(flags);
      case 'output':
        return this.output(flags);
      default:
        this.err(
          `${this.product} has no command named "${command}".\n\nTo see all of ${this.product}'s top-level commands, run:\n  ${this.flavour} -help\n\n`,
        );
        return EXIT_ERROR;
    }
  }

  version(flags) {
    const version = this.config.version || '1.9.5';
    if (flags.json) {
      this.out(
        `${JSON.stringify(
          {
            terraform_version: version,
            platform: 'linux_amd64',
            provider_selections: {},
            terraform_outdated: false,
          },
          null,
          2,
        )}\n`,
      );
    } else {
      this.out(`${this.product} v${version}\non linux_amd64\n`);
    }
    return EXIT_OK;
  }

  async init(flags) {
    const cwd = process.cwd();
    this.out('\nInitializing the backend...\n');
    if (this.config.initFailure) {
      await this.lines([
        'Initializing provider plugins...',
        '- Finding hashicorp/aws versions matching "~> 5.0"...',
      ]);
      this.err(
        '\nError: Failed to query available provider packages\n\nCould not retrieve the list of available versions for provider\nhashicorp/aws: could not connect to registry.terraform.io: failed to\nrequest discovery document: Get\n"https://registry.terraform.io/.well-known/terraform.json": dial tcp:\nlookup registry.terraform.io: no such host\n\n',
      );
      return EXIT_ERROR;
    }
    if (flags.input !== 'false') {
      this.err('\nError: the stand-in expects -input=false in automation\n');
      return EXIT_ERROR;
    }
    const backend = readBackend(cwd);
    this.appendRecord({ pid: process.pid, event: 'backend', backend });
    fs.mkdirSync(path.join(cwd, '.terraform'), { recursive: true });
    if (backend) {
      fs.writeFileSync(
        path.join(cwd, '.terraform', 'terraform.tfstate'),
        JSON.stringify(
          {
            version: 3,
            serial: 1,
            lineage: 'standin-backend',
            backend: { type: backend.type, config: backend.config, hash: 1 },
          },
          null,
          2,
        ),
      );
      this.out(
        `\nSuccessfully configured the backend "${backend.type}"! ${this.product} will automatically\nuse this backend unless the backend configuration changes.\n`,
      );
    }
    const modules = Object.entries(this.config.modules || {});
    if (modules.length > 0) {
      // As init writes them: each module under .terraform/modules/<key>,
      // and the manifest that lists them.
      await this.lines(['Initializing modules...']);
      const manifest = [{ Key: '', Source: '', Dir: '.' }];
      for (const [key, module] of modules) {
        const dir = path.join('.terraform', 'modules', key);
        for (const [name, text] of Object.entries(module.files)) {
          fs.mkdirSync(path.dirname(path.join(cwd, dir, name)), {
            recursive: true,
          });
          fs.writeFileSync(path.join(cwd, dir, name), text);
        }
        manifest.push({
          Key: key,
          Source: module.source,
          Version: module.version || '1.0.0',
          Dir: dir,
        });
        await this.lines([
          `Downloading ${module.source} ${
            module.version || '1.0.0'
          } for ${key}...`,
          `- ${key} in ${dir}`,
        ]);
      }
      fs.writeFileSync(
        path.join(cwd, '.terraform', 'modules', 'modules.json'),
        JSON.stringify({ Modules: manifest }),
      );
    }
    await this.lines(['Initializing provider plugins...']);
    const cache = process.env.TF_PLUGIN_CACHE_DIR;
    const provider = 'registry.terraform.io/hashicorp/aws/5.61.0/linux_amd64';
    if (cache && fs.existsSync(path.join(cache, provider))) {
      await this.lines([
        '- Reusing previous version of hashicorp/aws from the dependency lock file',
        '- Using hashicorp/aws v5.61.0 from the shared cache directory',
      ]);
    } else {
      await this.lines([
        '- Finding hashicorp/aws versions matching "~> 5.0"...',
        '- Installing hashicorp/aws v5.61.0...',
        '- Installed hashicorp/aws v5.61.0 (signed by HashiCorp)',
      ]);
      if (cache) {
        fs.mkdirSync(path.join(cache, provider), { recursive: true });
        fs.writeFileSync(
          path.join(cache, provider, 'terraform-provider-aws_v5.61.0_x5'),
          'stand-in provider binary\n',
        );
      }
    }
    fs.writeFileSync(
      path.join(cwd, '.terraform.lock.hcl'),
      '# This file is maintained automatically by "terraform init".\n# Manual edits may be lost in future updates.\n\nprovider "registry.terraform.io/hashicorp/aws" {\n  version     = "5.61.0"\n  constraints = "~> 5.0"\n}\n',
    );
    await this.lines([
      `${this.product} has created a lock file .terraform.lock.hcl to record the provider`,
      'selections it made above. Include this file in your version control repository',
      `so that ${this.product} can guarantee to make the same selections by default when`,
      'you run "terraform init" in the future.',
      '',
      `${this.product} has been successfully initialized!`,
    ]);
    return EXIT_OK;
  }

  validate() {
    if (!fs.existsSync(path.join(process.cwd(), '.terraform'))) {
      this.err(
        "\nError: Missing required provider\n\nThis configuration requires provider registry.terraform.io/hashicorp/aws,\nbut that provider isn't available. You may be able to install it\nautomatically by running:\n  terraform init\n\n",
      );
      return EXIT_ERROR;
    }
    this.out('Success! The configuration is valid.\n\n');
    return EXIT_OK;
  }

  async plan(flags) {
    const cwd = process.cwd();
    const refreshOnly = Boolean(flags['refresh-only']);
    if (refreshOnly && flags.destroy) {
      this.err(
        '\nError: Incompatible plan mode options\n\nThe -destroy and -refresh-only options are mutually-exclusive.\n\n',
      );
      return EXIT_ERROR;
    }
    if (!flags.out) {
      this.err('\nError: the stand-in expects -out=FILE\n');
      return EXIT_ERROR;
    }
    if (!fs.existsSync(path.join(cwd, '.terraform'))) {
      this.err(
        '\nError: Backend initialization required, please run "terraform init"\n\n',
      );
      return EXIT_ERROR;
    }
    const locking = flags.lock !== 'false';
    if (locking && !(await this.acquireLock('OperationTypePlan')))
      return EXIT_ERROR;
    if (locking)
      this.out('Acquiring state lock. This may take a few moments...\n');
    const state = this.readState();
    const variables = this.collectVariables(cwd);
    const doc = await this.planDocument(variables, Boolean(flags.destroy));
    if (refreshOnly) return this.refreshOnlyPlan(flags, doc, state);
    this.out(
      '\nTerraform used the selected providers to generate the following execution\nplan. Resource actions are indicated with the following symbols:\n  + create\n  ~ update in-place\n  - destroy\n-/+ destroy and then create replacement\n\nTerraform will perform the following actions:\n\n',
    );
    const counts = { add: 0, change: 0, destroy: 0 };
    const lines = [];
    for (const rc of doc.resource_changes || []) {
      const verb = describe(rc.change.actions);
      if (!verb) continue;
      lines.push(`  # ${rc.address} ${verb}`);
      const a = rc.change.actions;
      if (a.includes('create')) counts.add++;
      if (a.includes('delete')) counts.destroy++;
      if (a.length === 1 && a[0] === 'update') counts.change++;
    }
    if (this.config.leakVariables) {
      for (const [name, v] of Object.entries(variables)) {
        lines.push(
          `provider debug: variable ${name} = ${JSON.stringify(v.value)}`,
        );
      }
    }
    await this.lines(lines);
    if (this.stopping) {
      this.err('\nError: execution halted\n\n');
      return EXIT_ERROR;
    }
    this.out(
      `\nPlan: ${counts.add} to add, ${counts.change} to change, ${counts.destroy} to destroy.\n`,
    );
    fs.writeFileSync(
      path.resolve(cwd, flags.out),
      JSON.stringify({
        standin: 'terraform-plan',
        serial: state.serial,
        destroy: Boolean(flags.destroy),
        document: doc,
      }),
    );
    this.out(
      `\n─────────────────────────────────────────────────────────────────────────────\n\nSaved the plan to: ${flags.out}\n\nTo perform exactly these actions, run the following command to apply:\n    terraform apply "${flags.out}"\n`,
    );
    this.out('Releasing state lock. This may take a few moments...\n');
    return EXIT_OK;
  }

  /**
   * A refresh-only plan: reads the real objects (the `drift` option says
   * what changed outside Terraform), proposes no actions, and saves a plan
   * whose `resource_drift` lists the changes (`resource_changes` is empty).
   */
  async refreshOnlyPlan(flags, base, state) {
    const cwd = process.cwd();
    if (this.config.refreshError) {
      this.err(
        `\nError: ${this.config.refreshError}\n\n  with provider["registry.terraform.io/hashicorp/aws"],\n  on main.tf line 1, in provider "aws":\n   1: provider "aws" {\n\n`,
      );
      return EXIT_ERROR;
    }
    const drift = this.resourceDrift();
    const lines = [];
    if (drift.length > 0) {
      lines.push(
        '',
        'Note: Objects have changed outside of Terraform',
        '',
        'Terraform detected the following changes made outside of Terraform since the',
        'last "terraform apply" which may have affected this plan:',
        '',
      );
      for (const rd of drift) {
        lines.push(
          `  # ${rd.address} ${
            rd.change.actions.includes('delete')
              ? 'has been deleted'
              : 'has changed'
          }`,
        );
      }
      lines.push(
        '',
        'This is a refresh-only plan, so Terraform will not take any actions to undo',
        'these. If you were expecting these changes then you can apply this plan to',
        'record the updated values in the Terraform state without changing any remote',
        'objects.',
      );
    } else {
      lines.push(
        '',
        'No changes. Your infrastructure still matches the configuration.',
        '',
        'Terraform has checked that the real remote objects still match the result of',
        'your most recent changes, and found no differences.',
      );
    }
    await this.lines(lines);
    if (this.stopping) {
      this.err('\nError: execution halted\n\n');
      return EXIT_ERROR;
    }
    const document = {
      ...base,
      resource_changes: [],
      resource_drift: drift,
    };
    fs.writeFileSync(
      path.resolve(cwd, flags.out),
      JSON.stringify({
        standin: 'terraform-plan',
        serial: state.serial,
        destroy: false,
        refreshOnly: true,
        document,
      }),
    );
    if (flags.lock !== 'false')
      this.out('Releasing state lock. This may take a few moments...\n');
    if (flags['detailed-exitcode'] && drift.length > 0) return 2;
    return EXIT_OK;
  }

  /** What the refresh finds changed: a real plan's `resource_drift`, or the given entries. */
  resourceDrift() {
    const drift = this.config.drift;
    if (!drift) return [];
    if (drift.fromPlan) {
      const doc = JSON.parse(fs.readFileSync(drift.fromPlan, 'utf8'));
      return doc.resource_drift || [];
    }
    return drift.resourceDrift || [];
  }

  show(flags) {
    const file = flags._[0];
    if (!flags.json || !file) {
      this.err('\nError: the stand-in supports only show -json PLANFILE\n');
      return EXIT_ERROR;
    }
    const planFile = readPlanFile(path.resolve(process.cwd(), file));
    if (!planFile) {
      this.err(
        `\nError: Failed to read the given file as a state or plan file\n\nState read error: Error loading statefile: ${file} is not a plan file\n\n`,
      );
      return EXIT_ERROR;
    }
    this.out(`${JSON.stringify(planFile.document)}\n`);
    return EXIT_OK;
  }

  async apply(flags) {
    const cwd = process.cwd();
    const file = flags._[0];
    if (!file) {
      this.err(
        '\nError: the stand-in applies only saved plans: apply PLANFILE\n',
      );
      return EXIT_ERROR;
    }
    const planFile = readPlanFile(path.resolve(cwd, file));
    if (!planFile) {
      this.err(`\nError: Failed to load "${file}" as a plan file\n\n`);
      return EXIT_ERROR;
    }
    if (!(await this.acquireLock('OperationTypeApply'))) return EXIT_ERROR;
    this.out('Acquiring state lock. This may take a few moments...\n');
    const state = this.readState();
    if (state.serial !== planFile.serial) {
      this.err(
        '\nError: Saved plan is stale\n\nThe given plan file can no longer be applied because the state was changed\nby another operation after the plan was created.\n\n',
      );
      return EXIT_ERROR;
    }
    const changes = (planFile.document.resource_changes || []).filter(rc =>
      describe(rc.change.actions),
    );
    const failAt = this.config.applyError ? Math.ceil(changes.length / 2) : -1;
    const counts = { add: 0, change: 0, destroy: 0 };
    const applied = [];
    let extra = Number(this.config.extraApplyLines || 0);
    const extraPerResource = changes.length
      ? Math.ceil(extra / changes.length)
      : extra;
    for (let i = 0; i < changes.length; i++) {
      if (this.stopping) break;
      const rc = changes[i];
      const a = rc.change.actions;
      const [doing, done] = progressWords(a, `${rc.name}-${i}`);
      const lines = [`${rc.address}: ${doing}`];
      for (let n = 0; n < extraPerResource && extra > 0; n++, extra--) {
        lines.push(
          `${rc.address}: Still creating... [${n}s elapsed] (provider log line ${n})`,
        );
      }
      await this.lines(lines);
      if (i === failAt) {
        this.err(
          `\nError: creating ${rc.type} (${rc.name}): operation error: api error BucketAlreadyExists: The requested name is not available.\n\n  with ${rc.address},\n  on main.tf line 1, in resource "${rc.type}" "${rc.name}":\n\n`,
        );
        this.writeState(state.serial + 1, applied, planFile.document);
        return EXIT_ERROR;
      }
      await this.lines([`${rc.address}: ${done}`]);
      applied.push(rc.address);
      if (a.includes('create')) counts.add++;
      if (a.includes('delete')) counts.destroy++;
      if (a.length === 1 && a[0] === 'update') counts.change++;
    }
    if (this.config.leakVariables) {
      const variables = planFile.document.variables || {};
      for (const [name, v] of Object.entries(variables)) {
        this.err(`provider debug: applying with ${name}=${v.value}\n`);
      }
      for (const [name, o] of Object.entries(this.config.outputs || {})) {
        if (o.sensitive && o.value !== undefined) {
          this.err(
            `provider debug: output ${name} is ${JSON.stringify(o.value)}\n`,
          );
        }
      }
    }
    if (this.stopping) {
      this.writeState(state.serial + 1, applied, planFile.document);
      this.err(
        '\nError: operation canceled\n\nThe apply was interrupted; some resources may have been created.\n\n',
      );
      return EXIT_ERROR;
    }
    // As Terraform: what a plan destroyed (and, after a destroy plan, its
    // outputs) is no longer in the state.
    const deleted = new Set(
      changes
        .filter(
          rc =>
            rc.change.actions.length === 1 && rc.change.actions[0] === 'delete',
        )
        .map(rc => rc.address),
    );
    this.writeState(
      state.serial + 1,
      applied.filter(address => !deleted.has(address)),
      planFile.document,
      { noOutputs: planFile.destroy },
    );
    this.out(
      `\nApply complete! Resources: ${counts.add} added, ${counts.change} changed, ${counts.destroy} destroyed.\n`,
    );
    const outputs = this.readState().outputs;
    if (Object.keys(outputs).length > 0) {
      this.out('\nOutputs:\n\n');
      for (const [name, o] of Object.entries(outputs)) {
        this.out(
          `${name} = ${
            o.sensitive ? '<sensitive>' : JSON.stringify(o.value)
          }\n`,
        );
      }
    }
    this.out('Releasing state lock. This may take a few moments...\n');
    return EXIT_OK;
  }

  output(flags) {
    if (!flags.json) {
      this.err('\nError: the stand-in supports only output -json\n');
      return EXIT_ERROR;
    }
    this.out(`${JSON.stringify(this.readState().outputs, null, 2)}\n`);
    return EXIT_OK;
  }

  /** Prints lines one by one, honouring slowMs, until interrupted. */
  async lines(lines) {
    const slow = Number(this.config.slowMs || 0);
    if (!slow) {
      // Batched writes: the fast path the benchmark measures.
      for (let i = 0; i < lines.length; i += 1000) {
        this.out(`${lines.slice(i, i + 1000).join('\n')}\n`);
        if (lines.length > 1000) await new Promise(r => setImmediate(r));
        if (this.stopping) return;
      }
      return;
    }
    for (const line of lines) {
      if (this.stopping) return;
      this.out(`${line}\n`);
      await new Promise(r => setTimeout(r, slow));
    }
  }

  get stateDir() {
    return this.config.stateDir;
  }

  readState() {
    const file = path.join(this.stateDir, 'state.json');
    if (!fs.existsSync(file)) return { serial: 0, resources: [], outputs: {} };
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  }

  writeState(serial, applied, doc, options = {}) {
    const variables = doc.variables || {};
    const outputs = {};
    if (options.noOutputs) {
      fs.writeFileSync(
        path.join(this.stateDir, 'state.json'),
        JSON.stringify({ serial, resources: applied, outputs }, null, 2),
      );
      return;
    }
    // As Terraform, optionally: only the outputs the configuration declares.
    const declared = this.config.outputsDeclaredOnly
      ? declaredOutputs(process.cwd())
      : undefined;
    for (const [name, o] of Object.entries(this.config.outputs || {})) {
      if (declared && !declared.has(name)) continue;
      outputs[name] = {
        sensitive: Boolean(o.sensitive),
        type: o.type || 'string',
        value:
          o.fromVariable !== undefined
            ? variables[o.fromVariable] && variables[o.fromVariable].value
            : o.value,
      };
    }
    fs.writeFileSync(
      path.join(this.stateDir, 'state.json'),
      JSON.stringify({ serial, resources: applied, outputs }, null, 2),
    );
  }

  async acquireLock(operation) {
    const lockFile = path.join(this.stateDir, 'lock.json');
    let held;
    if (this.config.stateLock) {
      held = {
        ID: '8f5a2c1e-2b6e-4c1d-9d57-7a1f0c3e9b42',
        Path: 'acme-tfstate/payments-api/prod.tfstate',
        Operation: 'OperationTypeApply',
        Who: 'ci@runner-7',
        Version: this.config.version || '1.9.5',
        Created: '2026-11-20 09:14:03.412331 +0000 UTC',
      };
    } else if (fs.existsSync(lockFile)) {
      held = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
    }
    if (held) {
      this.err(
        `\nError: Error acquiring the state lock\n\nError message: ConditionalCheckFailedException: The conditional request failed\nLock Info:\n  ID:        ${held.ID}\n  Path:      ${held.Path}\n  Operation: ${held.Operation}\n  Who:       ${held.Who}\n  Version:   ${held.Version}\n  Created:   ${held.Created}\n  Info:\n\n\nTerraform acquires a state lock to protect the state from being written\nby multiple users at the same time. Please resolve the issue above and try\nagain. For most commands, you can disable locking with the "-lock=false"\nflag, but this is not recommended.\n\n`,
      );
      return false;
    }
    fs.writeFileSync(
      lockFile,
      JSON.stringify({
        ID: crypto.randomUUID(),
        Path: 'stand-in/terraform.tfstate',
        Operation: operation,
        Who: `stand-in@${process.pid}`,
        Version: this.config.version || '1.9.5',
        Created: new Date().toISOString(),
      }),
    );
    this.heldLock = true;
    return true;
  }

  releaseLock() {
    fs.rmSync(path.join(this.stateDir, 'lock.json'), { force: true });
    this.heldLock = false;
  }

  /** Variables as Terraform collects them: tfvars files, then TF_VAR_*. */
  collectVariables(cwd) {
    const values = {};
    for (const content of Object.values(readTfvarsFiles(cwd))) {
      for (const [k, v] of Object.entries(content)) values[k] = { value: v };
    }
    for (const [name, value] of Object.entries(process.env)) {
      if (name.startsWith('TF_VAR_')) {
        values[name.slice('TF_VAR_'.length)] = { value };
      }
    }
    return values;
  }

  async planDocument(variables, destroy) {
    const source = this.config.plan || {};
    let doc;
    if (source.generated) {
      doc = generatePlan(source.generated.resources, source.generated.fixture);
    } else if (source.program) {
      doc = await planFromProgram(source.program, process.cwd(), variables);
    } else {
      doc = JSON.parse(fs.readFileSync(source.file, 'utf8'));
    }
    doc.variables = { ...(doc.variables || {}), ...variables };
    const sensitive = sensitiveVariables(process.cwd());
    if (sensitive.length > 0) {
      doc.configuration = doc.configuration || {};
      doc.configuration.root_module = doc.configuration.root_module || {};
      const declared = (doc.configuration.root_module.variables =
        doc.configuration.root_module.variables || {});
      for (const name of sensitive) {
        declared[name] = { ...(declared[name] || {}), sensitive: true };
      }
    }
    if (destroy) {
      for (const rc of doc.resource_changes || []) {
        if (rc.mode !== 'managed') continue;
        rc.change = {
          ...rc.change,
          actions: ['delete'],
          before: rc.change.before || rc.change.after || {},
          after: null,
          after_unknown: {},
          after_sensitive: false,
        };
      }
    }
    return doc;
  }
}

/** The plan a program computes from the working directory (see index.ts). */
async function planFromProgram(program, cwd, variables) {
  if (/\.[cm]?ts$/.test(program.module)) {
    // TypeScript sources of the workspace, as `backstage-cli package start` loads them.
    require('@backstage/cli-node/config/nodeTransform.cjs');
  }
  const { planDocument } = require(program.module);
  if (typeof planDocument !== 'function') {
    throw new Error(`${program.module} exports no planDocument function`);
  }
  return JSON.parse(
    JSON.stringify(
      await planDocument({ cwd, variables, options: program.options }),
    ),
  );
}

function literal(text) {
  if (text === 'true') return true;
  if (text === 'false') return false;
  return Number(text);
}

/** The words Terraform prints before and after applying one change. */
function progressWords(actions, id) {
  if (actions.includes('delete') && !actions.includes('create')) {
    return ['Destroying...', 'Destruction complete after 1s'];
  }
  if (actions.includes('create')) {
    return ['Creating...', `Creation complete after 1s [id=${id}]`];
  }
  return ['Modifying...', `Modifications complete after 1s [id=${id}]`];
}

function describe(actions) {
  const key = actions.join(',');
  switch (key) {
    case 'create':
      return 'will be created';
    case 'update':
      return 'will be updated in-place';
    case 'delete':
      return 'will be destroyed';
    case 'delete,create':
    case 'create,delete':
      return 'must be replaced';
    default:
      return undefined;
  }
}

/** `-out=x`, `-json`, `-destroy`, positional arguments in `_`. */
function parseFlags(args) {
  const flags = { _: [] };
  for (const arg of args) {
    const m = /^-{1,2}([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (m) flags[m[1]] = m[2] === undefined ? true : m[2];
    else flags._.push(arg);
  }
  return flags;
}

function readTfvarsFiles(cwd) {
  const found = {};
  let names = [];
  try {
    names = fs.readdirSync(cwd);
  } catch {
    return found;
  }
  for (const name of names.sort()) {
    if (
      name === 'terraform.tfvars.json' ||
      name.endsWith('.auto.tfvars.json')
    ) {
      found[name] = JSON.parse(fs.readFileSync(path.join(cwd, name), 'utf8'));
    }
  }
  return found;
}

/** `variable "x" { ... sensitive = true ... }` blocks in the .tf files. */
function sensitiveVariables(cwd) {
  const names = [];
  for (const file of fs.readdirSync(cwd).filter(f => f.endsWith('.tf'))) {
    const text = fs.readFileSync(path.join(cwd, file), 'utf8');
    for (const m of text.matchAll(/variable\s+"([^"]+)"\s*\{([^}]*)\}/g)) {
      if (/sensitive\s*=\s*true/.test(m[2])) names.push(m[1]);
    }
  }
  return names;
}

/**
 * The backend Terraform would configure: an override file's backend wins over
 * a `backend "x" {}` block in the .tf files (their attributes, if any, are
 * read with a simple `key = "value"` pattern).
 */
function readBackend(cwd) {
  const files = fs.readdirSync(cwd).sort();
  for (const file of files.filter(f => /(^|_)override\.tf\.json$/.test(f))) {
    const doc = JSON.parse(fs.readFileSync(path.join(cwd, file), 'utf8'));
    const backend = doc.terraform && doc.terraform.backend;
    if (backend) {
      const [type] = Object.keys(backend);
      return { type, config: backend[type] };
    }
  }
  for (const file of files.filter(f => f.endsWith('.tf'))) {
    const text = fs.readFileSync(path.join(cwd, file), 'utf8');
    const m = /backend\s+"([a-z0-9_]+)"\s*\{([^}]*)\}/.exec(text);
    if (m) {
      const config = {};
      for (const a of m[2].matchAll(
        /([a-z_]+)\s*=\s*(?:"([^"]*)"|(true|false|\d+))/g,
      )) {
        config[a[1]] = a[2] !== undefined ? a[2] : literal(a[3]);
      }
      return { type: m[1], config };
    }
  }
  return undefined;
}

function readPlanFile(file) {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    return parsed.standin === 'terraform-plan' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function sha256(value) {
  return crypto.createHash('sha256').update(value).digest('hex');
}

/**
 * A plan of `count` resources, made of copies of a real fixture's root
 * module placed in `module.unit[i]` (as `count` on a module would), so that
 * addresses, configuration references and values stay those Terraform
 * printed.
 */
function generatePlan(count, fixtureFile) {
  const base = JSON.parse(fs.readFileSync(fixtureFile, 'utf8'));
  const managed = (base.resource_changes || []).filter(
    rc => rc.mode === 'managed',
  );
  if (managed.length === 0)
    throw new Error(`${fixtureFile} has no managed resources`);
  const planned = new Map();
  const walk = mod => {
    for (const r of (mod && mod.resources) || []) planned.set(r.address, r);
    for (const child of (mod && mod.child_modules) || []) walk(child);
  };
  walk(base.planned_values && base.planned_values.root_module);
  const units = Math.ceil(count / managed.length);
  const resourceChanges = [];
  const children = [];
  for (let i = 0; i < units && resourceChanges.length < count; i++) {
    const prefix = `module.unit[${i}]`;
    const resources = [];
    for (const rc of managed) {
      if (resourceChanges.length >= count) break;
      resourceChanges.push({
        ...rc,
        address: `${prefix}.${rc.address}`,
        module_address: rc.module_address
          ? `${prefix}.${rc.module_address}`
          : prefix,
      });
      const values = planned.get(rc.address);
      if (values)
        resources.push({ ...values, address: `${prefix}.${values.address}` });
    }
    children.push({ address: prefix, resources });
  }
  const rootConfig =
    (base.configuration && base.configuration.root_module) || {};
  return {
    format_version: base.format_version,
    terraform_version: base.terraform_version,
    variables: {},
    planned_values: { root_module: { child_modules: children } },
    resource_changes: resourceChanges,
    configuration: {
      provider_config: base.configuration && base.configuration.provider_config,
      root_module: {
        module_calls: {
          unit: {
            source: './unit',
            count_expression: { constant_value: units },
            module: rootConfig,
          },
        },
      },
    },
  };
}

function main(configPath) {
  const file = configPath || process.env.TERRAFORM_STANDIN_CONFIG;
  if (!file) {
    process.stderr.write(
      'terraform stand-in: set TERRAFORM_STANDIN_CONFIG to its config file\n',
    );
    process.exit(EXIT_ERROR);
  }
  const config = JSON.parse(fs.readFileSync(file, 'utf8'));
  const cli = new StandIn(config, process.argv.slice(2));
  cli.run().then(
    code => cli.finish(code),
    error => {
      cli.err(`\nError: stand-in crashed: ${error && error.stack}\n`);
      cli.finish(EXIT_ERROR);
    },
  );
}

/** Names of the `output` blocks of the root module in `dir`. */
function declaredOutputs(dir) {
  const names = new Set();
  for (const f of fs.readdirSync(dir)) {
    if (!f.endsWith('.tf')) continue;
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    for (const m of text.matchAll(/^\s*output\s+"([^"]+)"/gm)) names.add(m[1]);
  }
  return names;
}

module.exports = { main, generatePlan };

if (require.main === module) main();
