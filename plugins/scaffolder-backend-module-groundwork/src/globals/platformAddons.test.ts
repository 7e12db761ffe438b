import {
  CHOOSABLE_ADDONS,
  PLATFORM_ADDONS,
  platformAddonChoice,
  platformAddonsFor,
  platformAddonsKustomize,
  platformAddonsProjectSpec,
} from './platformAddons';

describe('the platform add-on table', () => {
  it('offers the charts in the form; the manifests come with a chart', () => {
    expect(CHOOSABLE_ADDONS).toEqual([
      'ingress-nginx',
      'cert-manager',
      'external-dns',
      'external-secrets',
      'kyverno',
      'loki',
      'tempo',
      'velero',
      'istiod',
      'kube-prometheus-stack',
    ]);
  });

  it("brings Istio's ambient mesh with istiod: base's CRDs first, then istiod, the CNI node agent and ztunnel, then the mesh-wide policy", () => {
    expect(
      platformAddonsFor(['istiod']).map(a => [a.name, a.chart, a.syncWave]),
    ).toEqual([
      ['istio-base', 'base', 0],
      ['istiod', 'istiod', 1],
      ['istio-cni', 'cni', 1],
      ['ztunnel', 'ztunnel', 1],
      ['mesh-policy', undefined, 2],
    ]);
    // One Istio release for all four charts, from Istio's own repository.
    const charts = platformAddonsFor(['istiod']).filter(a => a.chart);
    expect(new Set(charts.map(a => `${a.repoURL} ${a.version}`))).toEqual(
      new Set(['https://istio-release.storage.googleapis.com/charts 1.29.8']),
    );
    expect(() => platformAddonsFor(['istio-base'])).toThrow(
      'Unknown platform add-on istio-base',
    );
  });

  it('adds the mesh to the chosen add-ons in staging and production by default, where asked, and never where refused', () => {
    const chosen = ['ingress-nginx', 'kyverno'];
    expect(platformAddonChoice(chosen, 'default', true)).toEqual([
      ...chosen,
      'istiod',
    ]);
    expect(platformAddonChoice(chosen, undefined, true)).toEqual([
      ...chosen,
      'istiod',
    ]);
    // dev: off unless asked for.
    expect(platformAddonChoice(chosen, 'default', false)).toEqual(chosen);
    expect(platformAddonChoice(chosen, 'on', false)).toEqual([
      ...chosen,
      'istiod',
    ]);
    // Refused even where it would run by default, and even when the
    // add-on list names it.
    expect(platformAddonChoice([...chosen, 'istiod'], 'off', true)).toEqual(
      chosen,
    );
    expect(platformAddonChoice(undefined, 'on', false)).toEqual(['istiod']);
  });

  it("backs up with Velero on every cloud, where the cluster layer makes its bucket and identity, the schedule's manifests after its CRDs", () => {
    const names = (cloud: 'aws' | 'gcp' | 'azure') =>
      platformAddonsFor(['velero'], cloud).map(a => [a.name, a.syncWave]);
    for (const cloud of ['aws', 'gcp', 'azure'] as const) {
      expect([cloud, names(cloud)]).toEqual([
        cloud,
        [
          ['velero', 0],
          ['backups', 1],
        ],
      ]);
    }
  });

  it('brings what a chosen add-on requires and what comes with it, in sync-wave order', () => {
    expect(
      platformAddonsFor(['kube-prometheus-stack', 'cert-manager']).map(a => [
        a.name,
        a.syncWave,
      ]),
    ).toEqual([
      ['cert-manager', 0],
      ['external-secrets', 0],
      ['cluster-issuers', 1],
      ['secret-store', 1],
      ['grafana-admin', 1],
      ['alertmanager-smtp', 1],
      ['kube-prometheus-stack', 2],
    ]);
    expect(platformAddonsFor(['ingress-nginx']).map(a => a.name)).toEqual([
      'ingress-nginx',
    ]);
    // The admission policies follow Kyverno's CRDs.
    expect(
      platformAddonsFor(['kyverno']).map(a => [a.name, a.syncWave]),
    ).toEqual([
      ['kyverno', 0],
      ['kyverno-policies', 1],
    ]);
    // Loki brings its shipper; Tempo stands alone (services can send it
    // OTLP directly).
    expect(platformAddonsFor(['loki', 'tempo']).map(a => a.name)).toEqual([
      'loki',
      'tempo',
      'alloy',
    ]);
    expect(platformAddonsFor(['tempo']).map(a => a.name)).toEqual(['tempo']);
  });

  it("leaves out what is not for the environment's cloud", () => {
    const names = (cloud?: 'aws' | 'gcp' | 'azure') =>
      platformAddonsFor(['external-secrets'], cloud).map(a => a.name);
    expect(names('aws')).toEqual(['external-secrets', 'secret-store']);
    expect(names('gcp')).toEqual(['external-secrets', 'secret-store']);
    // Key Vault, through the operator's managed identity.
    expect(names('azure')).toEqual(['external-secrets', 'secret-store']);
    // Without a cloud, every row (the AppProject covers them all).
    expect(names()).toEqual(['external-secrets', 'secret-store']);
    // Alertmanager's SMTP settings come from the same store.
    const monitoring = (cloud: 'aws' | 'gcp' | 'azure') =>
      platformAddonsFor(['kube-prometheus-stack'], cloud).map(a => a.name);
    expect(monitoring('aws')).toContain('alertmanager-smtp');
    expect(monitoring('gcp')).toContain('alertmanager-smtp');
    expect(monitoring('azure')).toEqual([
      'external-secrets',
      'secret-store',
      'grafana-admin',
      'alertmanager-smtp',
      'kube-prometheus-stack',
    ]);
  });

  it('gives Azure the platform store and mail for alerts whether its secrets come from Key Vault or Vault', () => {
    const names = (cloud: 'aws' | 'gcp' | 'azure', store?: 'cloud' | 'vault') =>
      platformAddonsFor(['kube-prometheus-stack'], cloud, store).map(
        a => a.name,
      );
    expect(names('azure', 'vault')).toEqual([
      'external-secrets',
      'secret-store',
      'grafana-admin',
      'alertmanager-smtp',
      'kube-prometheus-stack',
    ]);
    expect(names('azure', 'cloud')).toEqual(names('azure'));
    // Vault changes nothing but the store's provider where the cloud has one.
    expect(names('azure', 'cloud')).toEqual(names('azure', 'vault'));
    expect(names('aws', 'vault')).toEqual(names('aws'));
    expect(names('gcp', 'vault')).toEqual(names('gcp', 'cloud'));
  });

  it('refuses a name that is not in the table, and one that only comes with another', () => {
    expect(() => platformAddonsFor(['traefik'])).toThrow(
      'Unknown platform add-on traefik; choose from ingress-nginx, cert-manager, external-dns, external-secrets, kyverno, loki, tempo, velero, istiod, kube-prometheus-stack',
    );
    expect(() => platformAddonsFor(['grafana-admin'])).toThrow(
      'Unknown platform add-on grafana-admin',
    );
    expect(() => platformAddonsFor(['kyverno-policies'])).toThrow(
      'Unknown platform add-on kyverno-policies',
    );
    expect(() => platformAddonsFor(['alloy'])).toThrow(
      'Unknown platform add-on alloy',
    );
    expect(() => platformAddonsFor(['alertmanager-smtp'])).toThrow(
      'Unknown platform add-on alertmanager-smtp',
    );
  });

  it('gives every row either a pinned chart or a path in the GitOps repository', () => {
    for (const a of PLATFORM_ADDONS) {
      expect([
        a.name,
        a.path
          ? /^platform\/[a-z-]+$/.test(a.path) && !a.chart && !a.repoURL
          : /^https:\/\//.test(a.repoURL ?? '') &&
            /^v?\d+\.\d+\.\d+$/.test(a.version ?? '') &&
            // Named after its chart, or, for Istio's generic chart names
            // (base, cni), after the release Istio's install guide gives it.
            (a.chart === a.name || `istio-${a.chart}` === a.name),
      ]).toEqual([a.name, true]);
    }
  });

  describe('the AppProject spec', () => {
    const spec = platformAddonsProjectSpec(
      'https://github.com/acme/platform-dev.git',
      'https://kubernetes.default.svc',
      'dev',
    );

    it('allows the GitOps repository and each chart repository, by exact URL', () => {
      expect(spec.sourceRepos).toEqual([
        'https://github.com/acme/platform-dev.git',
        'https://kubernetes.github.io/ingress-nginx',
        'https://charts.jetstack.io',
        'https://kubernetes-sigs.github.io/external-dns',
        'https://charts.external-secrets.io',
        'https://kyverno.github.io/kyverno',
        'https://grafana-community.github.io/helm-charts',
        'https://grafana.github.io/helm-charts',
        'https://vmware-tanzu.github.io/helm-charts',
        'https://istio-release.storage.googleapis.com/charts',
        'https://prometheus-community.github.io/helm-charts',
      ]);
    });

    it("allows argocd and every add-on's namespaces on the environment's cluster", () => {
      expect(spec.destinations).toEqual(
        [
          'argocd',
          'ingress-nginx',
          'cert-manager',
          'external-dns',
          'external-secrets',
          'kyverno',
          'monitoring',
          'velero',
          'istio-system',
          'kube-system',
        ].map(namespace => ({
          server: 'https://kubernetes.default.svc',
          namespace,
        })),
      );
    });

    it('permits the add-ons on a registered cluster by name when a central Argo CD delivers them, and argocd only where the app-of-apps lives', () => {
      const central = platformAddonsProjectSpec(
        'https://github.com/acme/platform-dev.git',
        'https://kubernetes.default.svc',
        'dev',
        'platform-dev',
      );
      expect(central.destinations).toEqual([
        { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
        ...[
          'ingress-nginx',
          'cert-manager',
          'external-dns',
          'external-secrets',
          'kyverno',
          'monitoring',
          'velero',
          'istio-system',
          'kube-system',
        ].map(namespace => ({ name: 'platform-dev', namespace })),
      ]);
      // Everything else is the same project, whoever delivers.
      expect({ ...central, destinations: [] }).toEqual({
        ...spec,
        destinations: [],
      });
    });

    it('allows exactly the cluster-scoped kinds the add-ons create, and Namespace for CreateNamespace', () => {
      expect(spec.clusterResourceWhitelist).toEqual([
        { group: '', kind: 'Namespace' },
        { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
        { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
        { group: 'networking.k8s.io', kind: 'IngressClass' },
        {
          group: 'admissionregistration.k8s.io',
          kind: 'ValidatingWebhookConfiguration',
        },
        { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
        {
          group: 'admissionregistration.k8s.io',
          kind: 'MutatingWebhookConfiguration',
        },
        { group: 'cert-manager.io', kind: 'ClusterIssuer' },
        // Velero's BackupStorageLocation and Schedule and Istio's
        // PeerAuthentication are namespaced: nothing more to allow.
        { group: 'external-secrets.io', kind: 'ClusterSecretStore' },
        { group: 'kyverno.io', kind: 'ClusterPolicy' },
      ]);
      expect(JSON.stringify(spec)).not.toContain('"*"');
    });
  });
});

describe('platformAddonsKustomize', () => {
  const CLIENT_ID = '3f0c2a51-8d4e-4c1b-9a7e-2b6d5f8e1c90';

  /** The Application after the patches, as kustomize applies them (RFC 6902 add). */
  const patched = (kustomize: any, app: any) => {
    const out = JSON.parse(JSON.stringify(app));
    for (const p of kustomize.patches ?? []) {
      if (p.target.kind !== app.kind || p.target.name !== app.metadata.name)
        continue;
      for (const op of JSON.parse(p.patch)) {
        expect(op.op).toBe('add');
        const keys = op.path
          .split('/')
          .slice(1)
          .map((k: string) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
        const last = keys.pop();
        const parent = keys.reduce((o: any, k: string) => o[k], out);
        parent[last] = op.value;
      }
    }
    return out;
  };
  const application = (name: string) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'argocd' },
    spec: {
      sources: [
        {
          chart: name.replace(/-azdev$/, ''),
          helm: { valueFiles: ['$values/platform/values/x/values.yaml'] },
        },
        { ref: 'values' },
      ],
    },
  });

  it("gives the External Secrets Operator's ServiceAccount the managed identity's client id, in its own Application only", () => {
    const kustomize = platformAddonsKustomize('azdev', {
      cluster_name: 'platform-azdev',
      external_secrets_client_id: CLIENT_ID,
    });
    const eso = patched(kustomize, application('external-secrets-azdev'));
    expect(eso.spec.sources[0].helm).toEqual({
      valueFiles: ['$values/platform/values/x/values.yaml'],
      valuesObject: {
        serviceAccount: {
          annotations: { 'azure.workload.identity/client-id': CLIENT_ID },
        },
      },
    });
    // The values source and every other add-on stay as they are.
    expect(eso.spec.sources[1]).toEqual({ ref: 'values' });
    const velero = application('velero-azdev');
    expect(patched(kustomize, velero)).toEqual(velero);
  });

  it("gives Velero's server ServiceAccount its own managed identity's client id, in its own Application, beside the operator's", () => {
    const VELERO_ID = '9b1e7c42-0d3a-4f6e-8c25-71a4d0e6b3f8';
    const kustomize = platformAddonsKustomize('azdev', {
      external_secrets_client_id: CLIENT_ID,
      velero_client_id: VELERO_ID,
    }) as any;
    expect(kustomize.patches.map((p: any) => p.target.name)).toEqual([
      'external-secrets-azdev',
      'velero-azdev',
    ]);
    const velero = patched(kustomize, application('velero-azdev'));
    expect(velero.spec.sources[0].helm.valuesObject).toEqual({
      serviceAccount: {
        server: {
          annotations: { 'azure.workload.identity/client-id': VELERO_ID },
        },
      },
    });
    // Each identity to its own add-on: the operator keeps its own id.
    const eso = patched(kustomize, application('external-secrets-azdev'));
    expect(
      eso.spec.sources[0].helm.valuesObject.serviceAccount.annotations,
    ).toEqual({ 'azure.workload.identity/client-id': CLIENT_ID });
    // Without the secret store (Vault), Velero's patch alone.
    expect(
      (
        platformAddonsKustomize('azdev', { velero_client_id: VELERO_ID }) as any
      ).patches.map((p: any) => p.target.name),
    ).toEqual(['velero-azdev']);
    expect(() =>
      platformAddonsKustomize('azdev', { velero_client_id: '' }),
    ).toThrow(/velero_client_id.*not a client id/);
  });

  it('patches nothing where the cluster layer has no such output (AWS, GCP, Vault)', () => {
    expect(
      platformAddonsKustomize('dev', {
        cluster_name: 'platform-dev',
        oidc_provider_arn: 'arn:aws:iam::111111111111:oidc-provider/x',
      }),
    ).toEqual({});
    expect(platformAddonsKustomize('dev', undefined)).toEqual({});
    expect(
      platformAddonsKustomize('dev', { external_secrets_client_id: null }),
    ).toEqual({});
  });

  it('keeps an output a value: quotes and new lines stay inside the annotation', () => {
    const hostile = '"}]\n- op: remove\n  path: /spec';
    const kustomize = platformAddonsKustomize('azdev', {
      external_secrets_client_id: hostile,
    }) as any;
    expect(kustomize.patches).toHaveLength(1);
    const ops = JSON.parse(kustomize.patches[0].patch);
    expect(ops).toEqual([
      {
        op: 'add',
        path: '/spec/sources/0/helm/valuesObject',
        value: {
          serviceAccount: {
            annotations: { 'azure.workload.identity/client-id': hostile },
          },
        },
      },
    ]);
  });

  it('refuses an output that is not a string, and an environment name that is not one', () => {
    expect(() =>
      platformAddonsKustomize('azdev', {
        external_secrets_client_id: { a: 1 },
      }),
    ).toThrow(/external_secrets_client_id/);
    expect(() =>
      platformAddonsKustomize('azdev', { external_secrets_client_id: '' }),
    ).toThrow(/not a client id/);
    expect(() =>
      platformAddonsKustomize('az/dev', {
        external_secrets_client_id: CLIENT_ID,
      }),
    ).toThrow(/not an environment name/);
  });
});
