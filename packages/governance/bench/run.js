#!/usr/bin/env node
/*
 * Benchmark: how much does governance (policy and cost) add to merely
 * parsing a plan's JSON? For synthetic plans of 1,000, 10,000 and 50,000
 * resources (bench/generate.js) it measures, on the same text:
 *
 *   parseMs     JSON.parse(text) alone
 *   evaluateMs  parsePlan(text) + evaluatePlan + estimateCost: the whole
 *               job from the JSON text (it includes its own JSON.parse)
 *   ratio       evaluateMs / parseMs (target: <= 2.0 at 10,000 resources)
 *   peakRssMb   peak resident set size of the process measuring that size
 *
 * Each size runs in its own process (node --expose-gc), so peak RSS is per
 * size and one size's garbage does not slow the next. In it: warm-up runs
 * first (JIT), then rounds of one JSON.parse and one full evaluation, in
 * alternating order, each after a full GC and with the previous result
 * released. The ratio is taken per round, from two runs a few hundred
 * milliseconds apart, so that load from other processes on the machine
 * affects both alike; figures are the medians of the rounds, and the table
 * shows their spread.
 *
 * The last line printed is one JSON object for machines: per size the
 * medians and the number of rounds behind them, and `rounds`, the fewest
 * rounds behind any figure.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { generatePlan } = require('./generate');

const SIZES = (process.env.GW_BENCH_SIZES || '1000,10000,50000')
  .split(',')
  .map(Number);
/**
 * Rounds per size: fewer for the big plans, whose runs take seconds, and
 * never fewer than five, so that a median is not one noisy run.
 */
const MIN_ROUNDS = 5;
const ROUNDS = size =>
  Math.max(
    MIN_ROUNDS,
    Number(process.env.GW_BENCH_ROUNDS) || (size <= 10000 ? 11 : 5),
  );
const WARMUP = size => (size <= 10000 ? 3 : 1);

const median = xs => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round1 = x => Math.round(x * 10) / 10;
const round2 = x => Math.round(x * 100) / 100;

async function child(file, size) {
  // The package's own require hook runs the TypeScript sources unbuilt.
  require('../bin/ts-register');
  // Another copy of the sources (bench/compare.js) or, by default, this one.
  const gov = require(path.resolve(
    process.env.GW_BENCH_SOURCES || path.join(__dirname, '..', 'src'),
    'index.ts',
  ));
  const text = fs.readFileSync(file, 'utf8');
  const gc = global.gc;
  if (!gc) throw new Error('run the child with node --expose-gc');
  const now = () => Number(process.hrtime.bigint()) / 1e6;
  let sink;
  const parseOnly = () => {
    const t = now();
    sink = JSON.parse(text);
    return now() - t;
  };
  const full = () => {
    const t = now();
    const plan = gov.parsePlan(text, { maxBytes: Infinity });
    const evaluation = gov.evaluatePlan(plan, { environment: 'prod' });
    const cost = gov.estimateCost(plan);
    sink = { plan, evaluation, cost };
    return now() - t;
  };
  // A full GC, then a pause: V8 sweeps the freed pages on helper threads,
  // and a run started at once would compete with that on a 2-core machine.
  const settle = () => new Promise(resolve => setTimeout(resolve, 50));
  const timed = async fn => {
    sink = undefined;
    gc();
    await settle();
    return fn();
  };
  for (let i = 0; i < WARMUP(size); i++) {
    await timed(parseOnly);
    await timed(full);
  }
  const rounds = [];
  for (let i = 0; i < ROUNDS(size); i++) {
    let parseMs;
    let evaluateMs;
    if (i % 2 === 0) {
      parseMs = await timed(parseOnly);
      evaluateMs = await timed(full);
    } else {
      evaluateMs = await timed(full);
      parseMs = await timed(parseOnly);
    }
    rounds.push({ parseMs, evaluateMs, ratio: evaluateMs / parseMs });
  }
  await timed(full);
  const { plan, evaluation, cost } = sink;
  const ratios = rounds.map(r => r.ratio);
  process.stdout.write(
    JSON.stringify({
      resources: plan.resources.length,
      bytes: Buffer.byteLength(text),
      parseMs: round1(median(rounds.map(r => r.parseMs))),
      evaluateMs: round1(median(rounds.map(r => r.evaluateMs))),
      ratio: round2(median(ratios)),
      ratioMin: round2(Math.min(...ratios)),
      ratioMax: round2(Math.max(...ratios)),
      parseMin: round1(Math.min(...rounds.map(r => r.parseMs))),
      evaluateMin: round1(Math.min(...rounds.map(r => r.evaluateMs))),
      rounds: rounds.length,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      findings: evaluation.findings.length,
      failed: Object.values(evaluation.summary.failed).reduce((a, b) => a + b),
      monthlyAfter: cost.monthlyAfter,
    }),
  );
}

function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-'));
  const results = [];
  try {
    for (const size of SIZES) {
      const file = path.join(dir, `plan-${size}.json`);
      fs.writeFileSync(file, JSON.stringify(generatePlan(size)));
      const r = spawnSync(
        process.execPath,
        // Node's own heap settings, as users run it: a larger old space
        // changes how V8 paces collections, and so what is measured.
        ['--expose-gc', __filename, '--child', file, String(size)],
        { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      );
      if (r.status !== 0)
        throw new Error(`bench child for ${size} failed: ${r.stderr}`);
      results.push(JSON.parse(r.stdout));
      fs.unlinkSync(file);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const rows = [
    [
      'resources',
      'plan MB',
      'JSON.parse ms',
      'parse+evaluate ms',
      'ratio',
      'ratio min-max',
      'peak RSS MB',
      'findings',
      'failed',
      'eval ms/1k res',
    ],
    ...results.map(r =>
      [
        r.resources,
        (r.bytes / 1024 / 1024).toFixed(1),
        r.parseMs,
        r.evaluateMs,
        r.ratio,
        `${r.ratioMin}-${r.ratioMax}`,
        r.peakRssMb,
        r.findings,
        r.failed,
        // What governance adds on top of JSON.parse, per 1,000 resources.
        (((r.evaluateMs - r.parseMs) / r.resources) * 1000).toFixed(1),
      ].map(String),
    ),
  ];
  const widths = rows[0].map((_, i) =>
    Math.max(...rows.map(row => row[i].length)),
  );
  for (const row of rows)
    console.log(row.map((c, i) => c.padStart(widths[i])).join('  '));
  console.log(
    `(medians of ${results
      .map(r => r.rounds)
      .join('/')} rounds after warm-up, GC before every run, Node ${
      process.version
    }, ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}; ratio = parse+evaluate / JSON.parse, per round)`,
  );
  console.log(
    JSON.stringify({
      bench: 'governance',
      results: results.map(
        ({ resources, parseMs, evaluateMs, ratio, peakRssMb, rounds }) => ({
          resources,
          parseMs,
          evaluateMs,
          ratio,
          peakRssMb,
          rounds,
        }),
      ),
      rounds: Math.min(...results.map(r => r.rounds)),
    }),
  );
}

if (process.argv[2] === '--child') {
  child(process.argv[3], Number(process.argv[4])).catch(e => {
    process.stderr.write(`${e.stack}\n`);
    process.exitCode = 1;
  });
} else main();
