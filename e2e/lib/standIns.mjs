// The stand-ins program (packages/stand-in-test-utils/bin/serve.js) from tests: GitHub with real Git
// repositories, Argo CD, Terraform and the clusters' Kubernetes APIs, and the app-config overlay
// that points a portal at them.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { ROOT, start, waitForOutput } from './processes.mjs';

/**
 * Starts the program in `dir`. `policyReports`: what Kyverno has written in the dev cluster
 * (PolicyReports), served by its Kubernetes API stand-in to platform status.
 */
export async function startStandIns(dir, { policyReports = [] } = {}) {
  const overlayFile = path.join(dir, 'stand-ins.app-config.yaml');
  const reportFile = path.join(dir, 'stand-ins.report.json');
  const controlFile = path.join(dir, 'stand-ins.control.json');
  const args = [
    '--config-out',
    overlayFile,
    '--report',
    reportFile,
    '--control-out',
    controlFile,
  ];
  if (policyReports.length > 0) {
    const reportsFile = path.join(dir, 'policy-reports.yaml');
    writeFileSync(
      reportsFile,
      policyReports.map(r => stringify(r)).join('---\n'),
    );
    args.push('--policy-reports', reportsFile);
  }
  const proc = start('stand-ins', process.execPath, [
    path.join(ROOT, 'packages/stand-in-test-utils/bin/serve.js'),
    ...args,
  ]);
  await waitForOutput(proc, /^stand-ins ready/);
  const overlay = parse(readFileSync(overlayFile, 'utf8'));
  const [github] = overlay.integrations.github;
  const [argocd] = overlay.argocd.instances;
  const control = JSON.parse(readFileSync(controlFile, 'utf8'));

  // Tests ask the stand-ins what they received through their own APIs, as a person
  // would look at GitHub or Argo CD.
  async function call(base, headers, method, route, body) {
    const res = await fetch(`${base}${route}`, {
      method,
      headers: { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  return {
    proc,
    overlayFile,
    organization: overlay.groundwork.persona.github.organization,
    github: (method, route, body) =>
      call(
        github.apiBaseUrl,
        { authorization: `token ${github.token}`, accept: 'application/json' },
        method,
        route,
        body,
      ),
    argocd: (method, route, body) =>
      call(
        argocd.url,
        { authorization: `Bearer ${argocd.token}` },
        method,
        route,
        body,
      ),
    /**
     * The program's control endpoint (packages/stand-in-test-utils/src/portal/control.ts):
     * what happens outside the portal that no real API can be asked for, e.g. a workload
     * turning Degraded in the cluster Argo CD watches.
     */
    control: (method, route, body) =>
      call(
        control.url,
        { authorization: `Bearer ${control.token}` },
        method,
        route,
        body,
      ),
    /** Stops the program; resolves with what it recorded (calls, violations). */
    async stop() {
      await proc.stop();
      try {
        return JSON.parse(readFileSync(reportFile, 'utf8'));
      } catch {
        return undefined;
      }
    },
  };
}
