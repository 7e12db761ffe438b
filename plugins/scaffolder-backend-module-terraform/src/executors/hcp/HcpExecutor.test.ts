import { HcpStandIn } from '@groundwork/stand-in-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CRITICAL_PLAN,
  DERIVED_SECRET,
  makeConfig,
  makeWorkspace,
  PASSING_PLAN,
  S3_BACKEND,
  SECRET,
  sensitivePlanFile,
} from '../../__testUtils__/setup';
import { CheckpointStore, runAction } from '../../__testUtils__/runAction';
import yaml from 'yaml';
import { examples } from '../../actions/terraformApply.examples';
import { setTimeout as sleep } from 'node:timers/promises';

jest.setTimeout(60_000);

const TOKEN = 'team-token.atlasv1.s3cr3tT0ken';
const ENTITY = 'component:default/payments-api';

describe('terraform:apply with the HCP Terraform executor', () => {
  let hcp: HcpStandIn;
  let ws: ReturnType<typeof makeWorkspace>;
  let tmp: string;

  beforeEach(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-hcp-'));
    hcp = await new HcpStandIn({
      token: TOKEN,
      planFile: PASSING_PLAN,
      outputs: {
        vpc_id: { value: 'vpc-0hcp' },
        master_password: { value: DERIVED_SECRET, sensitive: true },
      },
    }).start();
    ws = makeWorkspace();
    fs.mkdirSync(path.join(ws.workspace, 'infra', '.terraform'), {
      recursive: true,
    });
    fs.writeFileSync(
      path.join(ws.workspace, 'infra', '.terraform', 'cache.bin'),
      'local cache',
    );
  });
  afterEach(async () => {
    await hcp.stop();
    ws.remove();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const config = (hcpConfig: Record<string, unknown> = {}) =>
    makeConfig({
      hcp: {
        host: hcp.url,
        token: TOKEN,
        organization: 'acme',
        maxPollIntervalSeconds: 0.02,
        ...hcpConfig,
      },
      environments: {
        dev: { backend: S3_BACKEND, executors: ['cli', 'hcp'] },
        prod: {
          executor: 'hcp',
          hcp: { organization: 'acme-prod' },
        },
      },
    });
  const input = (extra: Record<string, unknown> = {}) => ({
    workingDirectory: 'infra',
    entityRef: ENTITY,
    environment: 'dev',
    executor: 'hcp',
    vars: { service_name: 'payments-api', replicas: 2 },
    secretVars: { db_password: SECRET },
    ...extra,
  });

  it('runs the plan on HCP Terraform, gates it here, applies through the API and reads outputs', async () => {
    const run = await runAction({
      config: config(),
      workspace: ws.workspace,
      input: input(),
    });
    expect(run.error).toBeUndefined();
    hcp.api.assertNoViolations();

    const [workspace] = hcp.workspaces.values();
    expect(workspace).toMatchObject({
      org: 'acme',
      name: 'component_default_dev_payments-api',
      attributes: { 'auto-apply': false, 'execution-mode': 'remote' },
    });
    const vars = Object.fromEntries(
      [...workspace.vars.values()].map(v => [v.attributes.key, v.attributes]),
    );
    expect(vars).toEqual({
      service_name: expect.objectContaining({
        value: 'payments-api',
        hcl: false,
        sensitive: false,
        category: 'terraform',
      }),
      replicas: expect.objectContaining({
        value: '2',
        hcl: true,
        sensitive: false,
      }),
      db_password: expect.objectContaining({
        value: SECRET,
        sensitive: true,
        category: 'terraform',
      }),
    });

    const [hcpRun] = hcp.runs.values();
    expect(hcpRun.attributes).toMatchObject({
      'auto-apply': false,
      'plan-only': false,
      'is-destroy': false,
    });
    expect(hcpRun.history).toEqual([
      'pending',
      'plan_queued',
      'planning',
      'planned',
      'confirmed',
      'apply_queued',
      'applying',
      'applied',
    ]);
    expect(hcp.uploadedFiles(hcpRun.cvId)).toEqual(['main.tf']);
    expect(hcp.uploadedText(hcpRun.cvId)).not.toContain(SECRET);
    // Pre-signed URLs never get the token.
    expect(hcp.archivistCalls.length).toBeGreaterThan(0);
    expect(hcp.archivistCalls.every(c => c.authorization === undefined)).toBe(
      true,
    );

    const runUrl = `${hcp.url}/app/acme/workspaces/component_default_dev_payments-api/runs/${hcpRun.id}`;
    expect(run.outputs).toMatchObject({
      result: 'applied',
      runUrl,
      outputs: { vpc_id: 'vpc-0hcp' },
      summary: { add: 29 },
    });
    expect(run.log).toContain('# module.vpc.aws_vpc.this[0] will be created');
    expect(run.log).toContain(
      'module.vpc.aws_vpc.this[0]: Creation complete after 1s',
    );
    expect(run.reports[0]).toMatchObject({
      executor: 'hcp',
      result: 'applied',
      runUrl,
    });
    for (const text of [
      run.log,
      JSON.stringify(run.outputs),
      JSON.stringify(run.reports),
    ]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(DERIVED_SECRET);
    }
  });

  it('updates variables of an existing workspace instead of adding them twice', async () => {
    await runAction({
      config: config(),
      workspace: ws.workspace,
      input: input(),
    });
    const again = await runAction({
      config: config(),
      workspace: ws.workspace,
      input: input({ vars: { service_name: 'payments-v2', replicas: 2 } }),
    });
    expect(again.error).toBeUndefined();
    expect(hcp.workspaces.size).toBe(1);
    expect(hcp.api.callsTo('createWorkspace')).toHaveLength(1);
    const [workspace] = hcp.workspaces.values();
    expect(
      [...workspace.vars.values()].map(v => v.attributes.key).sort(),
    ).toEqual(['db_password', 'replicas', 'service_name']);
    // Unchanged plain values are left alone; sensitive ones cannot be compared, so they are rewritten.
    const patched = hcp.api
      .callsTo('updateWorkspaceVar')
      .map(c => (c.body as any).data.attributes.key);
    expect(patched.sort()).toEqual(['db_password', 'service_name']);
    hcp.api.assertNoViolations();
  });

  it('discards the run when the gate blocks it', async () => {
    hcp.options.planFile = CRITICAL_PLAN;
    const run = await runAction({
      config: config(),
      workspace: ws.workspace,
      input: input(),
    });
    expect(run.error?.name).toBe('NotAllowedError');
    const [hcpRun] = hcp.runs.values();
    expect(hcpRun.status).toBe('discarded');
    expect(hcp.api.callsTo('discardRun')).toHaveLength(1);
    expect(hcp.api.callsTo('applyRun')).toHaveLength(0);
    expect(run.reports[0]).toMatchObject({
      result: 'blocked',
      executor: 'hcp',
      runUrl: expect.stringContaining(hcpRun.id),
    });
    hcp.api.assertNoViolations();
  });

  it('makes a speculative plan-only run for planOnly', async () => {
    const run = await runAction({
      config: config(),
      workspace: ws.workspace,
      input: input({ planOnly: true }),
    });
    expect(run.error).toBeUndefined();
    const [hcpRun] = hcp.runs.values();
    expect(hcpRun.attributes['plan-only']).toBe(true);
    expect(hcpRun.status).toBe('planned_and_finished');
    expect(
      (hcp.api.callsTo('createConfigurationVersion')[0].body as any).data
        .attributes,
    ).toEqual({
      'auto-queue-runs': false,
      speculative: true,
    });
    expect(hcp.api.callsTo('applyRun')).toHaveLength(0);
    expect(run.outputs.result).toBe('planned');
    hcp.api.assertNoViolations();
  });

  it('cancels the run on HCP Terraform when the task is cancelled during apply', async () => {
    hcp.options.pollsPerStatus = 25;
    const controller = new AbortController();
    const running = runAction({
      config: config(),
      workspace: ws.workspace,
      input: input(),
      signal: controller.signal,
    });
    await waitFor(() =>
      [...hcp.runs.values()].some(r => r.status === 'applying'),
    );
    controller.abort();
    const run = await running;
    const [hcpRun] = hcp.runs.values();
    expect(hcp.api.callsTo('cancelRun')).toHaveLength(1);
    expect(hcpRun.status).toBe('canceled');
    expect(run.error?.name).toBe('CancelledError');
    expect(run.error?.message).toMatch(
      /The apply had started on HCP Terraform .* some resources may have been created/,
    );
    expect(run.reports[0]).toMatchObject({ result: 'cancelled' });
    hcp.api.assertNoViolations();
  });

  it('after a recovery, follows the earlier run, or replaces it when it ended without applying', async () => {
    const checkpoints = new CheckpointStore();
    hcp.options.applyFailure = true;
    const first = await runAction({
      config: config(),
      workspace: ws.workspace,
      input: input(),
      checkpoints,
    });
    expect(first.error?.message).toMatch(
      /apply ended as errored; some changes may have been made/,
    );
    const [failedRun] = hcp.runs.values();
    expect([...checkpoints.values.keys()]).toEqual(
      expect.arrayContaining([`terraform.hcp.apply.${failedRun.id}`]),
    );

    hcp.options.applyFailure = false;
    const recovered = await runAction({
      config: config(),
      workspace: ws.workspace,
      input: input(),
      checkpoints,
    });
    expect(recovered.error).toBeUndefined();
    expect(recovered.log).toContain(
      `Run ${failedRun.id} of an earlier attempt of this step ended as errored; queuing a new run.`,
    );
    expect(hcp.api.callsTo('createRun')).toHaveLength(2);
    const second = [...hcp.runs.values()][1];
    expect(second.status).toBe('applied');

    // Once applied, a further recovery neither creates nor applies a run.
    const again = await runAction({
      config: config(),
      workspace: ws.workspace,
      input: input(),
      checkpoints,
    });
    expect(again.error).toBeUndefined();
    expect(hcp.api.callsTo('createRun')).toHaveLength(2);
    expect(hcp.api.callsTo('applyRun')).toHaveLength(2);
    hcp.api.assertNoViolations();
  });

  it('runs the HCP example', async () => {
    const example = examples.find(e => e.example.includes('executor: hcp'))!;
    const exampleInput = yaml.parse(example.example).steps[0].input;
    const run = await runAction({
      config: config(),
      workspace: ws.workspace,
      input: exampleInput,
    });
    expect(run.error).toBeUndefined();
    expect([...hcp.workspaces.values()].map(w => `${w.org}/${w.name}`)).toEqual(
      ['acme-prod/component_default_prod_payments-api'],
    );
    expect(run.outputs.result).toBe('applied');
    hcp.api.assertNoViolations();
  });

  it('needs a token, from startup', async () => {
    await expect(
      runAction({
        config: makeConfig({
          hcp: { host: hcp.url, organization: 'acme' },
          environments: { dev: { executor: 'hcp' } },
        }),
        workspace: ws.workspace,
        input: input(),
      }),
    ).rejects.toThrow(
      'terraform.environments.dev.executors lets runs use the hcp executor, but terraform.hcp.token is not set',
    );
    expect(hcp.api.calls).toHaveLength(0);
  });

  it.each([
    [
      'another organization',
      { organization: 'other-team' },
      'hcp.organization "other-team" is not the organization config gives dev (terraform.hcp.organization: acme)',
    ],
    [
      "another entity's workspace",
      { workspace: 'component_default_dev_ledger-api' },
      'hcp.workspace "component_default_dev_ledger-api" is not the workspace config gives component:default/payments-api in dev (terraform.hcp.workspaceName makes it "component_default_dev_payments-api")',
    ],
  ])(
    'refuses a step that names %s, before any API call',
    async (_, given, message) => {
      const run = await runAction({
        config: config(),
        workspace: ws.workspace,
        input: input({ hcp: given }),
      });
      expect(run.error?.name).toBe('InputError');
      expect(run.error?.message).toContain(message);
      expect(hcp.api.calls).toHaveLength(0);
    },
  );

  it('accepts a step that restates what config gives', async () => {
    const run = await runAction({
      config: config(),
      workspace: ws.workspace,
      input: input({
        hcp: {
          organization: 'acme',
          workspace: 'component_default_dev_payments-api',
        },
      }),
    });
    expect(run.error).toBeUndefined();
  });

  it('makes no API call in a dry run: no workspace, no variables, no run', async () => {
    const run = await runAction({
      config: config(),
      workspace: ws.workspace,
      input: input(),
      isDryRun: true,
    });
    expect(run.error).toBeUndefined();
    expect(hcp.api.calls).toEqual([]);
    expect(hcp.archivistCalls).toEqual([]);
    expect(run.outputs).toMatchObject({
      result: 'dry-run',
      dryRun: {
        executor: 'hcp',
        hcp: {
          organization: 'acme',
          workspace: 'component_default_dev_payments-api',
        },
        commands: expect.arrayContaining([
          'set 3 variable(s): service_name, replicas, db_password (sensitive)',
        ]),
      },
    });
    expect(run.log).toContain('HCP Terraform was not called');
    expect(run.log).not.toContain(SECRET);
  });

  it('explains a refused token', async () => {
    const run = await runAction({
      config: config({ token: 'wrong-token' }),
      workspace: ws.workspace,
      input: input(),
    });
    expect(run.error?.name).toBe('NotAllowedError');
    expect(run.error?.message).toMatch(
      /refused the token .* set a valid team or user token/,
    );
    expect(run.log).not.toContain('wrong-token');
  });

  it('keeps sensitive plan values out of the log', async () => {
    hcp.options.planFile = sensitivePlanFile(tmp);
    const run = await runAction({
      config: config(),
      workspace: ws.workspace,
      input: input(),
    });
    expect(run.error).toBeUndefined();
    expect(JSON.stringify([run.log, run.outputs, run.reports])).not.toContain(
      DERIVED_SECRET,
    );
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 20_000) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs)
      throw new Error('condition not met in time');
    await sleep(10);
  }
}
