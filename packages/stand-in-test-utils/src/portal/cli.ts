/**
 * `serve`: the stand-ins a whole portal needs, as one process.
 *
 *   node packages/stand-in-test-utils/bin/serve.js --config-out /tmp/stand-ins.yaml [--report FILE]
 *   npm start -- --config /tmp/stand-ins.yaml
 *
 * `--policy-reports FILE` (YAML, one document per report) seeds the dev
 * cluster's Kubernetes API with Kyverno's PolicyReports and
 * ClusterPolicyReports; a report its CRD refuses stops the start.
 *
 * The overlay also signs people in with GitHub through the stand-in (its
 * OAuth web flow); `--backend-url` names the portal back end whose callback
 * the OAuth app registers (any local port when left out).
 *
 * `--control-out FILE` starts the control endpoint (`control.ts`: what a
 * test plays that no real API offers, e.g. an app turning Degraded) and
 * writes its URL and this run's token there, readable by this user only.
 *
 * Prints one line starting with "stand-ins ready" once everything answers;
 * on SIGTERM or SIGINT it writes the report (calls received, contract
 * violations) and stops.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseAllDocuments, stringify } from 'yaml';
import { ControlEndpoint, startControl } from './control';
import { PortalStandIns, repositoryRoot } from './portalStandIns';

const USAGE = `Usage: serve --config-out FILE [--report FILE] [--org FILE] [--plan FILE] [--policy-reports FILE] [--organization NAME] [--github-port N] [--argocd-port N] [--backend-url URL] [--control-out FILE]`;

function fail(message: string): never {
  process.stderr.write(`serve: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function port(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    fail(`--${name} must be a port number (0-65535), not "${value}".`);
  }
  return n;
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'config-out': { type: 'string' },
        report: { type: 'string' },
        org: { type: 'string' },
        plan: { type: 'string' },
        'policy-reports': { type: 'string' },
        organization: { type: 'string' },
        'github-port': { type: 'string' },
        'argocd-port': { type: 'string' },
        'backend-url': { type: 'string' },
        'control-out': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  const configOut = values['config-out'];
  if (!configOut)
    fail('--config-out is required: where to write the app-config overlay.');
  const root = repositoryRoot();
  let standIns: PortalStandIns;
  try {
    const reportsFile = values['policy-reports'];
    if (reportsFile && !fs.existsSync(reportsFile)) {
      throw new Error(
        `No policy report file at ${reportsFile}: pass --policy-reports with a YAML file of PolicyReports.`,
      );
    }
    const policyReports = reportsFile
      ? parseAllDocuments(fs.readFileSync(reportsFile, 'utf8'))
          .map(doc => doc.toJS())
          .filter(Boolean)
      : [];
    standIns = await PortalStandIns.start({
      orgFile: path.resolve(values.org ?? path.join(root, 'examples/org.yaml')),
      // A clean plan of a small AWS service: it passes the dev gate, as a new service's first apply should.
      planFile: path.resolve(
        values.plan ??
          path.join(root, 'examples/plans/payments-api/dev.tfplan.json'),
      ),
      organization: values.organization,
      githubPort: port(values['github-port'], 'github-port'),
      argocdPort: port(values['argocd-port'], 'argocd-port'),
      policyReports,
      backendUrl: values['backend-url'],
    });
  } catch (error) {
    process.stderr.write(`serve: ${(error as Error).message}\n`);
    process.exit(1);
  }
  // The overlay holds this run's tokens: readable by this user only.
  fs.writeFileSync(
    configOut,
    `# Written by packages/stand-in-test-utils serve: points the portal at local stand-ins.\n${stringify(
      standIns.overlay(),
    )}`,
    { mode: 0o600 },
  );

  let control: ControlEndpoint | undefined;
  if (values['control-out']) {
    control = await startControl({
      argocd: standIns.argocd,
      repos: standIns.github.repos,
    });
    fs.writeFileSync(
      values['control-out'],
      JSON.stringify({ url: control.url, token: control.token }),
      { mode: 0o600 },
    );
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    if (values.report) {
      fs.writeFileSync(
        values.report,
        JSON.stringify(standIns.report(), null, 2),
      );
    }
    await control?.stop();
    await standIns.stop();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  process.stdout.write(
    `stand-ins ready: github ${standIns.github.url} (git ${
      standIns.github.gitUrl
    }), argocd ${standIns.argocd.url}, kubernetes ${standIns.clusters
      .map(c => `${c.name} ${c.api.url}`)
      .join(', ')}, terraform ${
      standIns.terraform.binary
    }, config ${configOut}\n`,
  );
}
