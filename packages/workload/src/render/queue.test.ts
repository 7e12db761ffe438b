import { validateKubernetesObjects } from '@groundwork/stand-in-test-utils';
import { parseAllDocuments } from 'yaml';
import {
  AZDEV,
  DEV,
  LAB,
  PROD,
  workloadProblems,
} from '../__testUtils__/fixtures';
import { parseWorkload } from '../workload/parseWorkload';
import { renderEnvironment } from './renderEnvironment';

/** A service whose only need is a queue, as the new-service template writes it. */
const QUEUED = (
  resources = '  jobs:\n    type: queue\n',
) => `apiVersion: score.dev/v1b1
metadata:
  name: payments
containers:
  app:
    image: .
    variables:
      QUEUE_URL: \${resources.jobs.url}
      QUEUE_NAME: \${resources.jobs.name}
resources:
${resources}`;

const objectsOf = (files: Map<string, string>) =>
  [...files.entries()]
    .filter(([f]) => f !== 'kustomization.yaml')
    .flatMap(([, text]) => parseAllDocuments(text).map(d => d.toJS()));

const find = (objects: any[], kind: string, name?: string) =>
  objects.find(o => o.kind === kind && (!name || o.metadata.name === name));

describe('a queue (SQS, on AWS)', () => {
  const workload = parseWorkload(QUEUED(), 'payments');
  const objects = objectsOf(renderEnvironment(workload, DEV));

  it('renders objects the real schemas accept (External Secrets v0.17.0, Kubernetes)', () => {
    const whole = objects.filter(o => o.kind !== 'Deployment');
    expect(validateKubernetesObjects(whole).filter(r => !r.ok)).toEqual([]);
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Deployment/payments',
      'NetworkPolicy/payments-egress',
      // Published outputs only: no declared secret, so no Secrets Manager store.
      'SecretStore/payments-parameters',
      'ExternalSecret/payments-jobs',
    ]);
  });

  it('reads the URL and name aws-queue publishes in SSM, under the queue type, through the parameters store', () => {
    for (const env of [DEV, PROD]) {
      const queue = find(
        objectsOf(renderEnvironment(workload, env)),
        'ExternalSecret',
        'payments-jobs',
      );
      expect(queue.spec.secretStoreRef).toEqual({
        kind: 'SecretStore',
        name: 'payments-parameters',
      });
      expect(queue.spec.data).toEqual([
        {
          secretKey: 'url',
          remoteRef: { key: `/groundwork/${env.name}/payments/queue/url` },
        },
        {
          secretKey: 'name',
          remoteRef: { key: `/groundwork/${env.name}/payments/queue/name` },
        },
      ]);
      // Both are read: nothing is fixed in Git.
      expect(queue.spec.target.template).toBeUndefined();
    }
    const store = find(objects, 'SecretStore', 'payments-parameters');
    expect(store.spec.provider.aws).toMatchObject({
      service: 'ParameterStore',
      region: 'eu-west-1',
    });
  });

  it("opens AWS's APIs on 443 for SQS, which has no private endpoint in the network", () => {
    const rules = find(objects, 'NetworkPolicy').spec.egress;
    expect(rules).toHaveLength(2);
    expect(rules[1].ports).toEqual([{ port: 443, protocol: 'TCP' }]);
    expect(rules[1].to[0].ipBlock.cidr).toBe('0.0.0.0/0');
    expect(rules[1].to[0].ipBlock.except).toContain('169.254.0.0/16');
    // Without the queue, only DNS.
    const bare = parseWorkload(
      'apiVersion: score.dev/v1b1\nmetadata: {name: payments}\ncontainers: {app: {image: .}}\n',
    );
    expect(
      find(objectsOf(renderEnvironment(bare, DEV)), 'NetworkPolicy').spec
        .egress,
    ).toHaveLength(1);
  });

  it("gives the container the queue's outputs from its Secret", () => {
    const env = find(objects, 'Deployment').spec.template.spec.containers[0]
      .env;
    expect(env).toEqual([
      {
        name: 'QUEUE_URL',
        valueFrom: { secretKeyRef: { name: 'payments-jobs', key: 'url' } },
      },
      {
        name: 'QUEUE_NAME',
        valueFrom: { secretKeyRef: { name: 'payments-jobs', key: 'name' } },
      },
    ]);
  });

  it('refuses a queue on GCP and Azure, saying there is no governed module there', () => {
    expect(workloadProblems(() => renderEnvironment(workload, LAB))).toEqual([
      'resources.jobs: lab runs on gcp, and Groundwork provides a queue on AWS only (SQS); there is no governed Pub/Sub module yet, so remove the queue or run the service on AWS',
    ]);
    expect(workloadProblems(() => renderEnvironment(workload, AZDEV))).toEqual([
      'resources.jobs: azdev runs on azure, and Groundwork provides a queue on AWS only (SQS); there is no governed Service Bus module yet, so remove the queue or run the service on AWS',
    ]);
  });

  it('takes no params, one queue per service, and the outputs url and name only', () => {
    expect(
      workloadProblems(() =>
        parseWorkload(
          QUEUED('  jobs:\n    type: queue\n    params:\n      fifo: true\n'),
        ),
      ),
    ).toEqual([
      'resources.jobs.params: fifo is not a parameter of queue (it takes none)',
      // The refused resource is not declared, so its outputs name nothing.
      'containers.app.variables.QUEUE_URL: ${resources.jobs.url} names no resource; declared: none',
      'containers.app.variables.QUEUE_NAME: ${resources.jobs.name} names no resource; declared: none',
    ]);
    expect(
      workloadProblems(() =>
        parseWorkload(
          QUEUED('  jobs:\n    type: queue\n  more:\n    type: queue\n'),
        ),
      ),
    ).toEqual([
      "resources jobs, more are all queue: the service's infrastructure provides one; declare it once and use its outputs everywhere",
    ]);
    expect(
      workloadProblems(() =>
        parseWorkload(
          QUEUED().replace('${resources.jobs.name}', '${resources.jobs.arn}'),
        ),
      ),
    ).toEqual([
      'containers.app.variables.QUEUE_NAME: a queue resource has no output "arn"; it has url, name',
    ]);
  });
});
