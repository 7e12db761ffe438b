#!/usr/bin/env node
/*
 * Benchmark of terraform:apply's own cost, with the stand-in terraform
 * answering at once:
 *
 *   overhead   wall time of a whole run (version, init, validate, plan,
 *              show -json, gate, apply, output) minus the time spent inside
 *              the Terraform child processes, on a 1,000-resource plan;
 *              median of 20 runs after 2 warm-up runs. Target <= 300 ms.
 *   memory     peak RSS growth of the backend process while the apply
 *              streams N log lines into the task log, for N = 10,000,
 *              100,000 and 1,000,000, each in a fresh process, and the heap
 *              still in use after a GC (what is retained). Target: flat in N.
 *
 * The task log here counts and drops messages: the scaffolder's own log
 * store is not what is measured. Prints a table, then one JSON line.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

// The TypeScript sources run without a build, through governance's require hook.
// Not an export of the package (Backstage's build takes every export for a
// mount point): reached through the package's folder.
const governanceTsRegister = require('node:path').join(
  require('node:path').dirname(
    require.resolve('@groundwork/governance/package.json'),
  ),
  'bin/ts-register.js',
);

require(governanceTsRegister);

const RUNS = Number(process.env.GW_BENCH_RUNS || 20);
const RESOURCES = Number(process.env.GW_BENCH_RESOURCES || 1000);
const LINE_COUNTS = (process.env.GW_BENCH_LINES || '10000,100000,1000000')
  .split(',')
  .map(Number);

const median = xs => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

function setup(extra) {
  const { ConfigReader } = require('@backstage/config');
  const {
    createTerraformStandIn,
    planFixturePath,
  } = require('@groundwork/stand-in-test-utils');
  const {
    createTerraformApplyAction,
  } = require('../src/actions/terraformApply');
  const fixture = planFixturePath(
    '07-tfcompliance-vpc-module-3nat-eu-west-1-plan.json',
  );
  const tf = createTerraformStandIn({
    plan: { generated: { resources: RESOURCES, fixture } },
    outputs: { vpc_id: { value: 'vpc-0bench' } },
    ...extra,
  });
  const stats = { childMs: 0, runs: 0 };
  const config = new ConfigReader({
    terraform: {
      binary: tf.binary,
      pluginCacheDir: tf.pluginCacheDir,
      environments: {
        dev: {
          backend: {
            type: 's3',
            settings: {
              bucket: 'bench',
              key: '{kind}/{namespace}/{name}/{environment}/{workingDirectory}.tfstate',
              region: 'eu-west-1',
              encrypt: true,
              use_lockfile: true,
            },
          },
        },
      },
    },
  });
  // The bench entity is not in the catalog (a new one): no permission is asked.
  const action = createTerraformApplyAction({
    config,
    platformStatus: { reportInfrastructureRun: async () => {} },
    catalog: { getEntityByRef: async () => undefined },
    permissions: {
      authorize: async requests => requests.map(() => ({ result: 'ALLOW' })),
    },
    auth: { getOwnServiceCredentials: async () => ({}) },
    stats,
    processEnv: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-'));
  const workspace = path.join(root, 'workspace');
  fs.mkdirSync(path.join(workspace, 'infra'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'infra', 'main.tf'), 'terraform {}\n');
  let logged = 0;
  const logger = {
    info: m => void (logged += m.length),
    warn: m => void (logged += m.length),
    error: m => void (logged += m.length),
    debug: () => {},
    child: () => logger,
  };
  let n = 0;
  const run = async () => {
    const outputs = {};
    const ctx = {
      input: {
        workingDirectory: 'infra',
        entityRef: 'component:default/bench',
        environment: 'dev',
      },
      workspacePath: workspace,
      logger,
      output: (k, v) => (outputs[k] = v),
      checkpoint: async ({ fn }) => fn(),
      createTemporaryDirectory: async () =>
        fs.mkdtempSync(`${workspace}_step-${n++}-`),
      getInitiatorCredentials: async () => ({}),
      task: { id: `bench-${n}` },
      step: { id: 'infra' },
    };
    await action.handler(ctx);
    if (outputs.result !== 'applied' || outputs.summary.add !== RESOURCES) {
      throw new Error(
        `the benchmark run did not apply ${RESOURCES} resources: ${JSON.stringify(
          outputs.summary,
        )}`,
      );
    }
    return outputs;
  };
  const cleanup = () => {
    tf.remove();
    fs.rmSync(root, { recursive: true, force: true });
  };
  return { run, stats, cleanup, tf, logged: () => logged };
}

async function overhead() {
  const s = setup({});
  const walls = [];
  const children = [];
  const overheads = [];
  const cpus = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const before = s.stats.childMs;
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    await s.run();
    const wall = Number(process.hrtime.bigint() - started) / 1e6;
    const used = process.cpuUsage(cpu);
    const child = s.stats.childMs - before;
    if (i < 2) continue; // warm-up: JIT and the module cache
    walls.push(wall);
    children.push(child);
    overheads.push(wall - child);
    cpus.push((used.user + used.system) / 1000);
  }
  const {
    generatePlanDocument,
    planFixturePath,
  } = require('@groundwork/stand-in-test-utils');
  const planBytes = JSON.stringify(
    generatePlanDocument(
      RESOURCES,
      planFixturePath('07-tfcompliance-vpc-module-3nat-eu-west-1-plan.json'),
    ),
  ).length;
  s.cleanup();
  return {
    wallMs: median(walls),
    childMs: median(children),
    overheadMs: median(overheads),
    cpuMs: median(cpus),
    p90: [...overheads].sort((a, b) => a - b)[
      Math.floor(overheads.length * 0.9)
    ],
    planBytes,
  };
}

/** One streaming run in this process; prints its RSS figures as JSON. */
async function memoryChild(lines) {
  const s = setup({ extraApplyLines: lines });
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const started = Date.now();
  await s.run();
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const ms = Date.now() - started;
  global.gc?.();
  const retainedMb = (process.memoryUsage().heapUsed - heapBefore) / 1048576;
  s.cleanup();
  const streamed = s.tf.calls && lines;
  if (s.logged() < lines * 40)
    throw new Error(
      `only ${s.logged()} bytes reached the task log for ${streamed} lines`,
    );
  process.stdout.write(
    `${JSON.stringify({
      lines,
      baselineMb: baseline / 1048576,
      peakMb: peak / 1048576,
      retainedMb,
      ms,
      loggedBytes: s.logged(),
    })}\n`,
  );
}

async function main() {
  if (process.argv[2] === '--memory-child') {
    await memoryChild(Number(process.argv[3]));
    return;
  }
  const o = await overhead();
  const memory = [];
  for (const lines of LINE_COUNTS) {
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', __filename, '--memory-child', String(lines)],
      {
        encoding: 'utf8',
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    if (child.status !== 0)
      throw new Error(`memory run failed: ${child.stderr}`);
    memory.push(JSON.parse(child.stdout.trim().split('\n').pop()));
  }

  console.log(
    `terraform:apply benchmark, ${RESOURCES}-resource plan, ${RUNS} runs, Node ${
      process.version
    }, ${os.cpus().length} cores`,
  );
  console.log('');
  console.log('| figure                                   | value     |');
  console.log('| ---------------------------------------- | --------: |');
  console.log(
    `| wall time per run, median (ms)           | ${String(
      round(o.wallMs),
    ).padStart(9)} |`,
  );
  console.log(
    `| in terraform child processes, median (ms)| ${String(
      round(o.childMs),
    ).padStart(9)} |`,
  );
  console.log(
    `| action overhead, median (ms)             | ${String(
      round(o.overheadMs),
    ).padStart(9)} |`,
  );
  console.log(
    `| action overhead, p90 (ms)                | ${String(
      round(o.p90),
    ).padStart(9)} |`,
  );
  console.log(
    `| action CPU time per run, median (ms)     | ${String(
      round(o.cpuMs),
    ).padStart(9)} |`,
  );
  console.log(
    `| plan JSON (MB)                           | ${String(
      round(o.planBytes / 1048576, 2),
    ).padStart(9)} |`,
  );
  console.log('');
  console.log(
    '| log lines streamed | run (ms) | RSS before (MB) | RSS peak (MB) | growth (MB) | heap retained after GC (MB) |',
  );
  console.log(
    '| -----------------: | -------: | --------------: | ------------: | ----------: | --------------------------: |',
  );
  for (const m of memory) {
    console.log(
      `| ${String(m.lines).padStart(18)} | ${String(m.ms).padStart(
        8,
      )} | ${String(round(m.baselineMb)).padStart(15)} | ${String(
        round(m.peakMb),
      ).padStart(13)} | ${String(round(m.peakMb - m.baselineMb)).padStart(
        11,
      )} | ${String(round(m.retainedMb, 2)).padStart(27)} |`,
    );
  }
  // The target is stated at 100,000 lines; the other sizes show the curve.
  const largest =
    memory.find(m => m.lines === 100000) ?? memory[memory.length - 1];
  const smallest = memory[0];
  console.log('');
  console.log(
    JSON.stringify({
      bench: 'terraform-action',
      overheadMsMedian: round(o.overheadMs),
      rssGrowthMb: round(largest.peakMb - largest.baselineMb),
      resources: RESOURCES,
      runs: RUNS,
      wallMsMedian: round(o.wallMs),
      childMsMedian: round(o.childMs),
      actionCpuMsMedian: round(o.cpuMs),
      planMb: round(o.planBytes / 1048576, 2),
      logLines: largest.lines,
      rssGrowthMbAt: Object.fromEntries(
        memory.map(m => [m.lines, round(m.peakMb - m.baselineMb)]),
      ),
      rssGrowthRatio: round(
        (largest.peakMb - largest.baselineMb) /
          Math.max(0.1, smallest.peakMb - smallest.baselineMb),
        2,
      ),
    }),
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
