import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

// Docker cannot run where these tests run, so they hold packages/backend/Dockerfile
// to the repository instead: what it copies exists, what it runs is what
// `npm run start:production` runs, and the image it describes is a production one.

const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  name?: string;
  from: string;
  instructions: Instruction[];
}

/** The Dockerfile's stages and their instructions, continuation lines joined. */
function parseDockerfile(text: string): Stage[] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op, args] = line.match(/^(\w+)\s+(.*)$/)!;
    if (op.toUpperCase() === 'FROM') {
      const [, from, name] = args.match(/^(\S+)(?:\s+AS\s+(\S+))?$/i)!;
      stages.push({ from, name, instructions: [] });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push({
        op: op.toUpperCase(),
        args: args.replace(/\s+/g, ' '),
      });
    }
  }
  return stages;
}

const stages = parseDockerfile(read('packages/backend/Dockerfile'));
const finalStage = stages[stages.length - 1];
const all = (op: string, stage?: Stage) =>
  (stage ? [stage] : stages).flatMap(s =>
    s.instructions.filter(i => i.op === op),
  );

/** `COPY [--flags] src... dest` split into its flags, sources and destination. */
function copyParts(args: string) {
  const words = args.split(' ');
  const flags = words.filter(w => w.startsWith('--'));
  const paths = words.filter(w => !w.startsWith('--'));
  return {
    from: flags.find(f => f.startsWith('--from='))?.slice('--from='.length),
    sources: paths.slice(0, -1),
    dest: paths[paths.length - 1],
  };
}

/** The production start's commands: scripts/start-production.sh and what it sources. */
const startScripts = [
  'scripts/start-production.sh',
  'scripts/lib/production.sh',
  'scripts/lib/toolchain.sh',
]
  .map(read)
  .join('\n');

describe('packages/backend/Dockerfile', () => {
  it('copies only paths that exist in the repository, or that an earlier stage builds', () => {
    const stageNames = stages.map(s => s.name).filter(Boolean);
    const built = [
      '/app/packages/backend/dist/skeleton.tar.gz',
      '/app/packages/backend/dist/bundle.tar.gz',
    ];
    const copies = all('COPY').map(c => copyParts(c.args));
    const fromStages = copies.filter(c => c.from);
    const fromContext = copies.filter(c => !c.from);
    expect(fromStages).not.toHaveLength(0);
    for (const { from } of fromStages) expect(stageNames).toContain(from);
    const stageSources = fromStages.flatMap(c => c.sources);
    for (const source of stageSources.filter(s => s !== '/app')) {
      expect(built).toContain(source);
    }
    for (const source of fromContext.flatMap(c => c.sources)) {
      expect(fs.existsSync(path.join(ROOT, source))).toBe(true);
    }
    // The bundler writes what the later stages copy.
    const bundler = read('scripts/lib/bundle-backend.cjs');
    expect(bundler).toContain("'skeleton.tar.gz'");
    expect(bundler).toContain("'bundle.tar.gz'");
  });

  it('runs the start script’s build and install commands, and those exist', () => {
    const pnpmRuns = all('RUN')
      .map(r => r.args.match(/pnpm [^&;]+/)?.[0].trim())
      .filter((c): c is string => Boolean(c));
    expect(pnpmRuns).toEqual([
      'pnpm install --frozen-lockfile',
      'pnpm tsc',
      'pnpm build:backend',
      'pnpm install --frozen-lockfile --prod',
    ]);
    for (const command of pnpmRuns) {
      expect(startScripts).toContain(command);
    }
    const { scripts } = JSON.parse(read('package.json'));
    expect(scripts.tsc).toBe('tsc');
    expect(scripts['build:backend']).toContain(
      'node scripts/lib/bundle-backend.cjs',
    );
  });

  it('installs the pnpm that package.json names, on a Node that package.json allows', () => {
    const { packageManager, engines } = JSON.parse(read('package.json'));
    expect(all('RUN', stages[0]).map(r => r.args)).toContainEqual(
      expect.stringContaining(`npm install --global ${packageManager}`),
    );
    const image = read('packages/backend/Dockerfile').match(
      /ARG NODE_IMAGE=node:(\d+)-/,
    )![1];
    expect(engines.node.split('||').map((v: string) => v.trim())).toContain(
      image,
    );
  });

  it('starts what npm run start:production starts, with config files that exist', () => {
    const cmd = JSON.parse(all('CMD', finalStage)[0].args) as string[];
    expect(startScripts).toContain(`exec ${cmd.join(' ')}`);
    const configs = cmd.filter((_, i) => cmd[i - 1] === '--config');
    expect(configs).toEqual(['app-config.yaml', 'app-config.production.yaml']);
    const copied = all('COPY', finalStage).flatMap(c => copyParts(c.args));
    for (const config of configs) {
      expect(fs.existsSync(path.join(ROOT, config))).toBe(true);
      expect(copied.some(c => !c.from && c.sources.includes(config))).toBe(
        true,
      );
    }
  });

  it('holds the software templates where the production catalog looks for them', () => {
    const production = parseYaml(read('app-config.production.yaml'));
    const targets = production.catalog.locations.map(
      (l: { target: string }) => l.target,
    );
    expect(targets).toEqual(['./templates/*/template.yaml']);
    expect(all('WORKDIR', stages[0]).map(w => w.args)).toEqual(['/app']);
    expect(
      all('COPY', finalStage).some(
        c =>
          c.args === 'templates templates' ||
          c.args === 'templates ./templates',
      ),
    ).toBe(true);
    const templates = fs
      .readdirSync(path.join(ROOT, 'templates'))
      .filter(d =>
        fs.existsSync(path.join(ROOT, 'templates', d, 'template.yaml')),
      );
    expect(templates.length).toBeGreaterThan(0);
  });

  it('runs in production mode, as the node user, without compilers', () => {
    expect(all('ENV', finalStage).map(e => e.args)).toContain(
      'NODE_ENV=production',
    );
    const ops = finalStage.instructions.map(i => i.op);
    expect(ops.lastIndexOf('USER')).toBeGreaterThan(ops.lastIndexOf('RUN'));
    expect(all('USER', finalStage).map(u => u.args)).toEqual(['node']);
    expect(finalStage.from).toBe('base');
    const base = stages.find(s => s.name === 'base')!;
    for (const run of [...all('RUN', base), ...all('RUN', finalStage)]) {
      expect(run.args).not.toMatch(/apt-get|g\+\+|python3|build-essential/);
    }
  });

  it('keeps what the host built or installed, and secrets, out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map(l => l.trim())
      .filter(l => l && !l.startsWith('#'));
    for (const pattern of [
      '.git',
      '**/node_modules',
      '**/dist',
      'dist-production',
      '**/*.local.yaml',
      '**/.env',
    ]) {
      expect(ignored).toContain(pattern);
    }
    // Nothing the Dockerfile copies from the context is ignored.
    const copied = all('COPY')
      .map(c => copyParts(c.args))
      .filter(c => !c.from)
      .flatMap(c => c.sources);
    for (const source of copied) {
      expect(ignored).not.toContain(source);
      expect(ignored).not.toContain(source.split('/')[0]);
    }
  });
});
