#!/usr/bin/env node
/*
 * Compares the engine in this working tree with the engine at a git revision:
 *
 *   pnpm --filter @groundwork/governance bench:compare <revision>
 *
 * On a shared machine one bench run's ratio moves by 10-15 % with nothing changed, which
 * hides most single changes. Here the two engines run in alternating processes (bench/run.js,
 * GW_BENCH_SIZES, default 10000), pair after pair, so that load from elsewhere falls on both
 * alike; the table shows every pair, and the medians are set against the spread. The last
 * line is one JSON object: the medians of both, and of the per-pair quotient here / there.
 *
 * The revision's sources are extracted under .cache/ (git-ignored) inside this package, so
 * that they load this package's dependencies.
 */
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const PACKAGE = path.join(__dirname, '..');
const revision = process.argv[2];
if (!revision) {
  console.error(
    'Name the revision to compare with, e.g. `pnpm --filter @groundwork/governance bench:compare HEAD~1`.',
  );
  process.exit(2);
}
const PAIRS = Math.max(3, Number(process.env.GW_BENCH_PAIRS) || 6);
const SIZE = (process.env.GW_BENCH_SIZES || '10000').split(',')[0];

const median = xs => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round2 = x => Math.round(x * 100) / 100;

/** The revision's src/ of this package, as git has it. */
function extract(rev) {
  const git = args =>
    execFileSync('git', args, { cwd: PACKAGE, encoding: 'utf8' }).trim();
  const commit = git(['rev-parse', '--verify', `${rev}^{commit}`]);
  const dir = path.join(PACKAGE, '.cache', 'bench-compare', commit);
  if (!fs.existsSync(path.join(dir, 'src', 'index.ts'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    // Run in this package's folder, `git archive` names paths from here: src/….
    const archive = spawnSync(
      'git',
      ['archive', '--format=tar', commit, 'src'],
      {
        cwd: PACKAGE,
        maxBuffer: 256 * 1024 * 1024,
      },
    );
    if (archive.status !== 0)
      throw new Error(`git archive failed: ${archive.stderr}`);
    const tar = spawnSync('tar', ['-x'], { cwd: dir, input: archive.stdout });
    if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
  }
  return { commit, sources: path.join(dir, 'src') };
}

/** One bench/run.js process on `sources`; its result for the size. */
function benchOnce(sources) {
  const r = spawnSync(process.execPath, [path.join(__dirname, 'run.js')], {
    encoding: 'utf8',
    env: { ...process.env, GW_BENCH_SIZES: SIZE, GW_BENCH_SOURCES: sources },
  });
  if (r.status !== 0) throw new Error(`bench failed: ${r.stderr}`);
  const last = r.stdout.trim().split('\n').pop();
  return JSON.parse(last).results[0];
}

function main() {
  const there = extract(revision);
  const here = path.join(PACKAGE, 'src');
  const pairs = [];
  for (let i = 0; i < PAIRS; i++) {
    // Alternate which runs first, so that neither always follows the other.
    const pair = {};
    if (i % 2 === 0) {
      pair.here = benchOnce(here);
      pair.there = benchOnce(there.sources);
    } else {
      pair.there = benchOnce(there.sources);
      pair.here = benchOnce(here);
    }
    pairs.push(pair);
    process.stderr.write(`pair ${i + 1} of ${PAIRS} done\n`);
  }
  const rows = [
    ['pair', 'ratio here', `ratio at ${revision}`, 'here / there'],
    ...pairs.map((p, i) => [
      String(i + 1),
      String(p.here.ratio),
      String(p.there.ratio),
      (p.here.ratio / p.there.ratio).toFixed(3),
    ]),
  ];
  const widths = rows[0].map((_, c) =>
    Math.max(...rows.map(row => row[c].length)),
  );
  for (const row of rows)
    console.log(row.map((cell, c) => cell.padStart(widths[c])).join('  '));
  const hereRatios = pairs.map(p => p.here.ratio);
  const thereRatios = pairs.map(p => p.there.ratio);
  const quotients = pairs.map(p => p.here.ratio / p.there.ratio);
  console.log(
    `(${PAIRS} pairs at ${SIZE} resources; each figure is one bench run's median ratio; ` +
      `here ${Math.min(...hereRatios)}-${Math.max(...hereRatios)}, ` +
      `${revision} ${Math.min(...thereRatios)}-${Math.max(...thereRatios)})`,
  );
  console.log(
    JSON.stringify({
      bench: 'governance-compare',
      against: there.commit,
      resources: Number(SIZE),
      pairs: PAIRS,
      ratioHere: round2(median(hereRatios)),
      ratioThere: round2(median(thereRatios)),
      quotient: Math.round(median(quotients) * 1000) / 1000,
    }),
  );
}

main();
