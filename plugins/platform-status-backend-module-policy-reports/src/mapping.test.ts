import type { SourceEntity } from '@groundwork/plugin-platform-status-node';
import { PolicyReport, placeReports } from './mapping';

const entity = (name: string, kubernetesId?: string): SourceEntity => ({
  entityRef: `component:default/${name}`,
  settings: { argocdApps: {}, costAllocation: name, kubernetesId },
});

const report = (
  namespace: string | undefined,
  results: PolicyReport['results'],
  scope?: PolicyReport['scope'],
): PolicyReport => ({
  kind: namespace ? 'PolicyReport' : 'ClusterPolicyReport',
  metadata: { name: 'r', namespace },
  scope,
  results,
});

describe('placeReports', () => {
  const entities = [
    entity('payments-api', 'payments-api'),
    entity('ledger', 'ledger'),
    entity('no-k8s'),
  ];

  it('maps a result to a finding of the entity whose kubernetes-id is the namespace', () => {
    const { items, unplaced } = placeReports(
      [
        report(
          'payments-api',
          [
            {
              policy: 'require-requests-limits',
              rule: 'autogen-requests-and-limits',
              result: 'warn',
              severity: 'info',
              message: 'limits missing',
              source: 'kyverno',
              scored: false,
              timestamp: { seconds: 1796000000, nanos: 5 },
            },
            { policy: 'require-labels' },
          ],
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'payments-api',
            namespace: 'payments-api',
          },
        ),
        report('kube-system', [{ policy: 'p', result: 'fail' }], {
          kind: 'Pod',
          name: 'coredns',
        }),
      ],
      entities,
      'dev',
      500,
    );
    expect(unplaced).toBe(1);
    expect(items).toEqual([
      {
        entityRef: 'component:default/payments-api',
        environment: 'dev',
        findings: [
          {
            // No verdict is not a pass; no severity is medium.
            ruleId: 'require-labels',
            policy: 'require-labels',
            engine: 'kyverno',
            result: 'error',
            severity: 'medium',
            address: 'Deployment payments-api/payments-api',
            resourceType: 'apps/v1/Deployment',
            message: '',
            scored: true,
          },
          {
            ruleId: 'require-requests-limits/autogen-requests-and-limits',
            policy: 'require-requests-limits',
            rule: 'autogen-requests-and-limits',
            engine: 'kyverno',
            result: 'warn',
            severity: 'low',
            address: 'Deployment payments-api/payments-api',
            resourceType: 'apps/v1/Deployment',
            message: 'limits missing',
            scored: false,
            at: '2026-11-30T00:53:20.000Z',
          },
        ],
      },
    ]);
  });

  it("uses the results' own resources when a report names them, and keeps failures first under the cap", () => {
    const { items } = placeReports(
      [
        report('ledger', [
          {
            policy: 'p',
            rule: 'r',
            result: 'pass',
            resources: [
              { kind: 'Pod', name: 'a', namespace: 'ledger' },
              { kind: 'Pod', name: 'b' },
            ],
          },
          {
            policy: 'p',
            rule: 'r',
            result: 'fail',
            resources: [{ kind: 'Pod', name: 'c', namespace: 'ledger' }],
          },
        ]),
      ],
      entities,
      'prod',
      2,
    );
    expect(items[0].findings.map(f => [f.result, f.address])).toEqual([
      ['fail', 'Pod ledger/c'],
      ['pass', 'Pod ledger/a'],
    ]);
  });

  it('places a ClusterPolicyReport only on the entity of the Namespace it is about', () => {
    const { items, unplaced } = placeReports(
      [
        report(undefined, [{ policy: 'ns-labels', result: 'fail' }], {
          kind: 'Namespace',
          name: 'ledger',
        }),
        report(undefined, [{ policy: 'node-policy', result: 'fail' }], {
          kind: 'Node',
          name: 'ip-10-0-0-1',
        }),
      ],
      entities,
      'dev',
      500,
    );
    expect(items.map(i => [i.entityRef, i.findings[0].address])).toEqual([
      ['component:default/ledger', 'Namespace ledger'],
    ]);
    expect(unplaced).toBe(1);
  });
});

describe('placeReports against a hostile report', () => {
  const entities = [
    entity('payments-api', 'payments-api'),
    entity('intruder', 'intruder'),
  ];

  it("refuses results about another namespace's resources: they never reach that entity", () => {
    // Whoever can write PolicyReports in "intruder" claims payments-api's
    // Deployment passes everything, and fails one of its own.
    const { items, refused } = placeReports(
      [
        report(
          'intruder',
          [
            {
              policy: 'disallow-privileged-containers',
              rule: 'privileged-containers',
              result: 'pass',
              resources: [
                {
                  kind: 'Deployment',
                  name: 'payments-api',
                  namespace: 'payments-api',
                },
              ],
            },
          ],
          {
            kind: 'Deployment',
            name: 'payments-api',
            namespace: 'payments-api',
          },
        ),
        report('intruder', [
          {
            policy: 'p',
            result: 'fail',
            resources: [{ kind: 'Pod', name: 'own' }],
          },
        ]),
      ],
      entities,
      'dev',
      500,
    );
    expect(refused).toBe(1);
    expect(items.map(i => i.entityRef)).toEqual(['component:default/intruder']);
    expect(items[0].findings.map(f => f.address)).toEqual(['Pod intruder/own']);
  });

  it('places nothing for a kubernetes-id two entities claim', () => {
    const { items, ambiguous } = placeReports(
      [
        report('payments-api', [{ policy: 'p', result: 'fail' }], {
          kind: 'Pod',
          name: 'x',
        }),
      ],
      [...entities, entity('copycat', 'payments-api')],
      'dev',
      500,
    );
    expect(items).toEqual([]);
    expect(ambiguous).toEqual(['payments-api']);
  });

  it('keeps a hostile message as text, cut to the finding limit', () => {
    const message = `<img src=x onerror=alert(1)> "findings":"\u0000gw-findings:dev" ${'x'.repeat(
      5000,
    )}`;
    const { items } = placeReports(
      [
        report('intruder', [{ policy: 'p', result: 'fail', message }], {
          kind: 'Pod',
          name: 'x',
        }),
      ],
      entities,
      'dev',
      500,
    );
    expect(items[0].findings[0].message).toBe(message.slice(0, 4000));
  });
});
