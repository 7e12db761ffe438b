// Bundles the backend for production: packages/backend/dist/skeleton.tar.gz and
// bundle.tar.gz, what `backstage-cli package build` writes for a backend package
// (Backstage's production build, https://backstage.io/docs/deployment/docker), for
// this pnpm workspace. Run through `pnpm build:backend`, which builds the app first.
//
// Why not `backstage-cli package build` itself: the CLI assumes Yarn. It copies
// yarn.lock into the bundle (ENOENT here) and builds the bundled app with
// `yarn run build` (pnpm support is backstage/backstage#20658, open). This runs the
// same steps through the same CLI functions, and puts pnpm's files where yarn.lock went:
//
// - bundle.tar.gz: every local package the backend needs, as the CLI packs it for
//   production (dist/, package.json with publishConfig applied, config.d.ts compiled
//   to config.schema.json; the app's build, without its dependencies), plus the root
//   package.json, pnpm-workspace.yaml and pnpm-lock.yaml.
// - skeleton.tar.gz: what `pnpm install --frozen-lockfile --prod` needs: those
//   package.json files and the three root files. The lockfile is pruned to the
//   packages in the bundle, and the app's entry emptied, as the CLI empties the
//   app's dependencies: the image installs the backend's runtime dependencies only,
//   not the front end's build tooling.
//
// How the result resolves: pnpm's hoisted linker (pnpm-workspace.yaml) puts every
// external package in the root node_modules and links each workspace package where
// its dependents look for it (node_modules/@groundwork/{app,backend} for the root,
// packages/backend/node_modules/@groundwork/* for the backend's plugins, and so on)
// to the folders the bundle fills. The app backend finds the built app through
// @groundwork/app (app.packageName), its dist/ holding index.html.tmpl and the
// frontend config schema that decide what config the browser receives.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const BACKEND = path.join(ROOT, 'packages/backend');
const APP = path.join(ROOT, 'packages/app');
const ROOT_FILES = ['package.json', 'pnpm-workspace.yaml', 'pnpm-lock.yaml'];

const cliBuildDir = path.dirname(
  require.resolve('@backstage/cli-module-build/package.json', {
    paths: [
      path.dirname(
        require.resolve('@backstage/cli/package.json', { paths: [ROOT] }),
      ),
    ],
  }),
);

/** A module of the Backstage CLI's build command, which has no public API for this. */
function cliBuild(file) {
  try {
    return require(path.join(cliBuildDir, 'dist/lib', file));
  } catch (error) {
    throw new Error(
      `@backstage/cli-module-build has no dist/lib/${file} any more (${error.message}). ` +
        'Compare its lib/buildBackend with scripts/lib/bundle-backend.cjs and follow what changed.',
    );
  }
}
const fromCli = name =>
  require(require.resolve(name, { paths: [cliBuildDir] }));

/** The workspace lockfile, reduced to the projects in the bundle. */
function pruneLockfile(targets) {
  const YAML = require('yaml');
  const lock = YAML.parse(
    fs.readFileSync(path.join(ROOT, 'pnpm-lock.yaml'), 'utf8'),
  );
  const kept = new Map(targets.map(t => [path.relative(ROOT, t.dir), t]));
  for (const importer of Object.keys(lock.importers)) {
    const target = kept.get(importer);
    if (importer === '.') continue;
    if (!target) delete lock.importers[importer];
    // A bundled package ships its build, not its dependencies (productionPack).
    else if (target.packageJson.bundled) lock.importers[importer] = {};
  }
  return YAML.stringify(lock, { lineWidth: 0 });
}

async function main() {
  const { createDistWorkspace } = cliBuild(
    'packager/createDistWorkspace.cjs.js',
  );
  const { buildPackage } = cliBuild('builder/packager.cjs.js');
  const { Output } = cliBuild('builder/types.cjs.js');
  const { PackageGraph } = fromCli('@backstage/cli-node');
  const tar = fromCli('tar');

  if (!fs.existsSync(path.join(APP, 'dist/index.html.tmpl'))) {
    throw new Error(
      'packages/app has no build. Run `pnpm build:backend`, which builds the app first.',
    );
  }
  // The CLI resolves the package under build from the working directory.
  process.chdir(BACKEND);
  const pkg = JSON.parse(
    fs.readFileSync(path.join(BACKEND, 'package.json'), 'utf8'),
  );
  await buildPackage({
    targetDir: BACKEND,
    packageJson: pkg,
    outputs: new Set([Output.cjs]),
    workspacePackages: await PackageGraph.listTargetPackages(),
  });

  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'groundwork-bundle-'));
  try {
    const { targets } = await createDistWorkspace([pkg.name], {
      targetDir: tmpDir,
      // Builds every local package the backend needs, as `repo build` does. The
      // app is a bundled package: `pnpm build:backend` built it already.
      buildDependencies: true,
      buildExcludes: [pkg.name, '@groundwork/app'],
      files: ['package.json', 'pnpm-workspace.yaml'],
    });
    fs.writeFileSync(
      path.join(tmpDir, 'pnpm-lock.yaml'),
      pruneLockfile(targets),
    );

    const dist = path.join(BACKEND, 'dist');
    fs.rmSync(dist, { recursive: true, force: true });
    fs.mkdirSync(dist);
    const archive = { cwd: tmpDir, portable: true, noMtime: true, gzip: true };
    const manifests = targets
      .map(t => path.join(path.relative(ROOT, t.dir), 'package.json'))
      .sort();
    await tar.create({ ...archive, file: path.join(dist, 'skeleton.tar.gz') }, [
      ...ROOT_FILES,
      ...manifests,
    ]);
    await tar.create({ ...archive, file: path.join(dist, 'bundle.tar.gz') }, [
      '',
    ]);
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
  console.log(
    'Bundled the backend into packages/backend/dist/skeleton.tar.gz and bundle.tar.gz.',
  );
}

main().catch(error => {
  console.error(error.message ?? error);
  process.exit(1);
});
