// Validates Kubernetes objects with the published schemas of kubernetes-models
// and @kubernetes-models/{argo-cd,cert-manager,external-secrets} (the
// kinds src/customResource.ts holds against vendored CRDs never come here). All are ES modules that Jest (CommonJS here)
// cannot load, so the tests run this file with Node: JSON array on stdin,
// one result per object on stdout.
import { readFileSync } from 'node:fs';

const input = JSON.parse(readFileSync(0, 'utf8'));

async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/')
    ? apiVersion.split('/')
    : ['', apiVersion];
  // The CRDs of the add-ons the platform installs: each group's published
  // schema package, so a ClusterIssuer or an ExternalSecret is checked as
  // strictly as a Deployment.
  const crdPackages = {
    'argoproj.io': '@kubernetes-models/argo-cd',
    'cert-manager.io': '@kubernetes-models/cert-manager',
    'acme.cert-manager.io': '@kubernetes-models/cert-manager',
    'external-secrets.io': '@kubernetes-models/external-secrets',
    'generators.external-secrets.io': '@kubernetes-models/external-secrets',
  };
  const path = crdPackages[group]
    ? `${crdPackages[group]}/${group}/${version}`
    : `kubernetes-models/${group ? `${group}/` : ''}${version}`;
  const mod = await import(path);
  return mod[kind];
}

const results = [];
for (const obj of input) {
  try {
    const Model = await modelFor(String(obj.apiVersion), String(obj.kind));
    if (!Model) throw new Error(`no model for ${obj.apiVersion} ${obj.kind}`);
    new Model(obj).validate();
    results.push({ ok: true });
  } catch (e) {
    results.push({ ok: false, error: String(e?.message ?? e) });
  }
}
process.stdout.write(JSON.stringify(results));
