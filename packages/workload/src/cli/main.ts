import fs from 'node:fs';
import path from 'node:path';
import { parseEnvironments } from '../environments';
import { renderWorkload } from '../render/renderAll';
import { parseWorkload } from '../workload/parseWorkload';
import { diffOverlays, writeOverlays } from '../render/overlayFiles';
import { WorkloadError } from '../workload/errors';

export interface CliIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const USAGE = `Usage:
  groundwork-workload render [--workload workload.yaml]
                             [--environments deploy/environments.yaml]
                             [--overlays deploy/overlays] [--check]

Renders workload.yaml into <overlays>/<environment>/workload/ for every
environment listed. With --check, writes nothing and fails when a rendered
file differs from what is committed.
Exit status: 0 up to date (or written), 1 out of date, 2 bad input.`;

const FLAGS = new Set(['--workload', '--environments', '--overlays']);

function parseArgs(argv: readonly string[]) {
  const [command, ...rest] = argv;
  if (command === '--help' || command === 'help' || command === undefined) {
    return { help: true as const };
  }
  if (command !== 'render') {
    throw new WorkloadError(
      [`unknown command "${command}"\n${USAGE}`],
      'the command line',
    );
  }
  const values: Record<string, string> = {
    '--workload': 'workload.yaml',
    '--environments': 'deploy/environments.yaml',
    '--overlays': 'deploy/overlays',
  };
  let check = false;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--check') check = true;
    else if (FLAGS.has(rest[i]) && rest[i + 1] !== undefined) {
      values[rest[i]] = rest[++i];
    } else {
      throw new WorkloadError(
        [`unexpected argument "${rest[i]}"\n${USAGE}`],
        'the command line',
      );
    }
  }
  return {
    help: false as const,
    workload: values['--workload'],
    environments: values['--environments'],
    overlays: values['--overlays'],
    check,
  };
}

/** Runs the CLI; returns the exit status. Bad input never throws. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.help) {
      io.stdout(USAGE);
      return 0;
    }
    const read = (file: string) => {
      const full = path.resolve(io.cwd, file);
      if (!fs.existsSync(full)) {
        throw new WorkloadError(
          [
            `${file} does not exist (run from the service repository's root, or pass its path)`,
          ],
          file,
        );
      }
      return fs.readFileSync(full, 'utf8');
    };
    const environments = parseEnvironments(
      read(args.environments),
      args.environments,
    );
    const rendered = renderWorkload(
      parseWorkload(read(args.workload)),
      environments,
    );
    const overlays = path.resolve(io.cwd, args.overlays);
    const names = environments.map(e => e.name);
    const { changed, removed } = args.check
      ? diffOverlays(overlays, rendered, names)
      : writeOverlays(overlays, rendered, names);
    if (args.check) {
      if (changed.length === 0 && removed.length === 0) {
        io.stdout(`${rendered.size} rendered files match workload.yaml.`);
        return 0;
      }
      io.stderr(
        `Out of date with workload.yaml (run groundwork-workload render and commit the result):\n${[
          ...changed.map(f => `  changed  ${args.overlays}/${f}`),
          ...removed.map(f => `  removed  ${args.overlays}/${f}`),
        ].join('\n')}`,
      );
      return 1;
    }
    io.stdout(
      [
        `${'file'.padEnd(60)} change`,
        ...[...rendered.keys()].map(
          f =>
            `${`${args.overlays}/${f}`.padEnd(60)} ${
              changed.includes(f) ? 'written' : 'unchanged'
            }`,
        ),
        ...removed.map(f => `${`${args.overlays}/${f}`.padEnd(60)} removed`),
      ].join('\n'),
    );
    return 0;
  } catch (e) {
    if (e instanceof WorkloadError) {
      io.stderr(e.message);
      return 2;
    }
    throw e;
  }
}
