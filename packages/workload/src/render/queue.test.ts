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

  it('refuses on AWS the outputs only Pub/Sub or Service Bus have, naming the ones there', () => {
    const other = parseWorkload(
      QUEUED().replace('${resources.jobs.url}', '${resources.jobs.namespace}'),
      'payments',
    );
    expect(workloadProblems(() => renderEnvironment(other, DEV))).toEqual([
      'containers.app.variables.QUEUE_URL: ${resources.jobs.namespace} is not an output of a queue on aws, where dev runs; there it has url, name',
    ]);
  });

  it('takes no params, one queue per service, and the outputs some cloud has only', () => {
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
      'containers.app.variables.QUEUE_NAME: a queue resource has no output "arn"; it has url, name, subscription, namespace',
    ]);
  });
});

/** The same queue, with the outputs of Pub/Sub and of Service Bus. */
const CLOUD_QUEUES = [
  {
    cloud: 'gcp',
    env: LAB,
    variables: { QUEUE_TOPIC: 'name', QUEUE_SUBSCRIPTION: 'subscription' },
    // Secret Manager ids <env>_<service>_<resource>_<output> (gcp-service
    // lets the service's account read its own prefix only).
    keys: {
      name: 'lab_payments_jobs_name',
      subscription: 'lab_payments_jobs_subscription',
    },
    store: 'gcpsm',
    amqp: false,
  },
  {
    cloud: 'azure',
    env: AZDEV,
    variables: { QUEUE_NAME: 'name', QUEUE_NAMESPACE: 'namespace' },
    // Key Vault secret names <resource>--<output> in the service's own vault.
    keys: { name: 'jobs--name', namespace: 'jobs--namespace' },
    store: 'azurekv',
    amqp: true,
  },
] as const;

describe.each(CLOUD_QUEUES)('a queue on $cloud', c => {
  const text = `apiVersion: score.dev/v1b1
metadata:
  name: payments
containers:
  app:
    image: .
    variables:
${Object.entries(c.variables)
  .map(([name, output]) => `      ${name}: \${resources.jobs.${output}}`)
  .join('\n')}
resources:
  jobs:
    type: queue
`;
  const workload = parseWorkload(text, 'payments');
  const objects = objectsOf(renderEnvironment(workload, c.env));

  it('renders objects the real schemas accept (External Secrets v0.17.0, Kubernetes)', () => {
    const whole = objects.filter(o => o.kind !== 'Deployment');
    expect(validateKubernetesObjects(whole).filter(r => !r.ok)).toEqual([]);
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Deployment/payments',
      'NetworkPolicy/payments-egress',
      'SecretStore/payments-secrets',
      'ExternalSecret/payments-jobs',
    ]);
    expect(Object.keys(find(objects, 'SecretStore').spec.provider)).toEqual([
      c.store,
    ]);
  });

  it("reads the queue's outputs from what its Terraform publishes, nothing fixed in Git", () => {
    const queue = find(objects, 'ExternalSecret', 'payments-jobs');
    expect(queue.spec.data).toEqual(
      Object.entries(c.keys).map(([secretKey, key]) => ({
        secretKey,
        remoteRef: { key },
      })),
    );
    expect(queue.spec.target.template).toBeUndefined();
  });

  it("gives the container the cloud's queue outputs from its Secret", () => {
    const env = find(objects, 'Deployment').spec.template.spec.containers[0]
      .env;
    expect(env).toEqual(
      Object.entries(c.variables).map(([name, key]) => ({
        name,
        valueFrom: { secretKeyRef: { name: 'payments-jobs', key } },
      })),
    );
  });

  it('opens the cloud APIs on 443, and on Azure AMQP on 5671, to public addresses only', () => {
    const policy = find(objects, 'NetworkPolicy');
    const rules = policy.spec.egress.slice(1);
    const ports = rules.map((r: any) => r.ports);
    const expected: any[] = [[{ port: 443, protocol: 'TCP' }]];
    // GKE's metadata server hands out the Workload Identity tokens.
    if (c.cloud === 'gcp') expected.push([{ port: 80, protocol: 'TCP' }]);
    if (c.amqp) expected.push([{ port: 5671, protocol: 'TCP' }]);
    expect(ports).toEqual(expected);
    for (const r of rules.filter((x: any) => x.ports[0].port !== 80)) {
      expect(r.to).toEqual([
        {
          ipBlock: {
            cidr: '0.0.0.0/0',
            except: expect.arrayContaining(['10.0.0.0/8', '169.254.0.0/16']),
          },
        },
      ]);
    }
  });

  it("refuses the outputs another cloud's queue has, naming this cloud's", () => {
    const aws = parseWorkload(QUEUED(), 'payments');
    expect(workloadProblems(() => renderEnvironment(aws, c.env))).toEqual([
      `containers.app.variables.QUEUE_URL: \${resources.jobs.url} is not an output of a queue on ${
        c.cloud
      }, where ${c.env.name} runs; there it has ${Object.keys(c.keys).join(
        ', ',
      )}`,
    ]);
  });
});
