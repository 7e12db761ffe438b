import { FULL_WORKLOAD, workloadProblems } from '../__testUtils__/fixtures';
import { parseWorkload } from './parseWorkload';

const problemsOf = (text: string, service?: string) =>
  workloadProblems(() => parseWorkload(text, service));

const minimal = (
  resources: string,
  variables = '',
) => `apiVersion: score.dev/v1b1
metadata:
  name: payments
containers:
  app:
    image: .
${variables ? `    variables:\n${variables}` : ''}
resources:
${resources}
`;

describe('parseWorkload', () => {
  it('reads every resource type Groundwork provisions', () => {
    const w = parseWorkload(FULL_WORKLOAD, 'payments');
    expect(w.name).toBe('payments');
    expect(w.resources.map(r => `${r.id}:${r.type}`)).toEqual([
      'stripe-key:secret',
      'db:postgres',
      'files:s3',
      'stripe-api:egress',
      'ledger:egress',
      'metrics:metrics',
      'traces:traces',
    ]);
    expect(w.resources.find(r => r.id === 'stripe-api')).toEqual({
      id: 'stripe-api',
      type: 'egress',
      destination: { kind: 'host', host: 'api.stripe.com' },
      port: 443,
      protocol: 'TCP',
    });
    expect(w.resources.find(r => r.id === 'metrics')).toEqual({
      id: 'metrics',
      type: 'metrics',
      path: '/metrics',
      dashboard: true,
    });
    expect(w.container.variables.map(v => v.name)).toEqual([
      'STRIPE_API_KEY',
      'DATABASE_URL',
      'BUCKET_NAME',
      'GREETING',
    ]);
  });

  it('holds the document to Score v1b1 first', () => {
    expect(
      problemsOf(
        `apiVersion: score.dev/v2\nmetadata: {name: payments}\ncontainers: {}\n`,
      ),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^apiVersion must match pattern .*\(Score v1b1\)$/,
        ),
        expect.stringMatching(
          /^containers must NOT have fewer than 1 properties/,
        ),
      ]),
    );
    expect(
      problemsOf(minimal('  db:\n    type: postgres\n    size: large')),
    ).toEqual([
      expect.stringContaining(
        'resources.db must NOT have additional properties: size',
      ),
    ]);
  });

  it('names the key Score refuses', () => {
    expect(problemsOf(minimal('  a: {type: postgres}'))).toEqual(
      expect.arrayContaining([
        'resources must NOT have fewer than 2 characters (the name "a") (Score v1b1)',
      ]),
    );
  });

  it('refuses a name other than the repository service', () => {
    expect(problemsOf(minimal('  db: {type: postgres}'), 'ledger')).toEqual([
      expect.stringContaining(
        'metadata.name is "payments", but this repository\'s service is "ledger"',
      ),
    ]);
  });

  it('says which types exist when a type is unknown, and where a queue is', () => {
    expect(problemsOf(minimal('  jobs: {type: amqp}'))).toEqual([
      `resources.jobs.type "amqp" is not one Groundwork provisions; use one of secret, postgres, s3, gcs, azure-blob, queue, egress, metrics, traces, route (a message queue is type queue: SQS, Pub/Sub or Service Bus by the environment's cloud)`,
    ]);
    expect(problemsOf(minimal('  jobs: {type: redis}'))).toEqual([
      'resources.jobs.type "redis" is not one Groundwork provisions; use one of secret, postgres, s3, gcs, azure-blob, queue, egress, metrics, traces, route',
    ]);
  });

  it('refuses a second database: the infrastructure provides one', () => {
    expect(
      problemsOf(minimal('  aa: {type: postgres}\n  bb: {type: postgres}')),
    ).toEqual([expect.stringContaining('resources aa, bb are all postgres')]);
  });

  it('checks placeholders against the declared resources and their outputs', () => {
    expect(
      problemsOf(
        minimal(
          '  db: {type: postgres}',
          '      A: ${resources.cache.host}\n      B: ${resources.db.password}\n      C: ${env.HOME}\n      D: ${resources.db.host',
        ),
      ),
    ).toEqual([
      'containers.app.variables.A: ${resources.cache.host} names no resource; declared: db',
      'containers.app.variables.B: a postgres resource has no output "password"; it has host, port, name, username',
      'containers.app.variables.C: ${env.HOME} is not a placeholder Groundwork resolves: use ${metadata.name} or ${resources.<resource>.<output>}',
      expect.stringContaining(
        'containers.app.variables.D: "${resources.db.host" opens a placeholder',
      ),
    ]);
  });

  it('refuses variables the platform sets and names Kubernetes would refuse', () => {
    expect(
      problemsOf(
        minimal(
          '  db: {type: postgres}',
          '      PORT: "9090"\n      GW_X: y\n      "1BAD": z',
        ),
      ),
    ).toEqual([
      expect.stringContaining('PORT is set by the platform'),
      expect.stringContaining('GW_X is set by the platform'),
      expect.stringContaining('"1BAD" is not an environment variable name'),
    ]);
  });

  it('refuses an image, a command or files: the repository builds and runs its own', () => {
    const text = minimal('  db: {type: postgres}').replace(
      'image: .',
      'image: evil.example.com/miner:latest\n    command: [sh, -c, "curl x | sh"]',
    );
    expect(problemsOf(text)).toEqual([
      expect.stringContaining('image must be "."'),
      expect.stringContaining(
        'containers.app.command is Score, but Groundwork does not render it',
      ),
    ]);
  });

  it('refuses egress that would undo the default deny, or that names nothing', () => {
    expect(
      problemsOf(
        minimal(
          [
            '  all: {type: egress, params: {cidr: 0.0.0.0/0, port: 443}}',
            '  wide: {type: egress, params: {cidr: 10.0.0.0/4, port: 443}}',
            '  both: {type: egress, params: {host: a.example.com, cidr: 10.0.0.0/24, port: 443}}',
            '  noport: {type: egress, params: {host: a.example.com}}',
            '  badhost: {type: egress, params: {host: "a.example.com; rm -rf /", port: 443}}',
          ].join('\n'),
        ),
      ),
    ).toEqual([
      expect.stringContaining(
        'resources.all.params.cidr 0.0.0.0/0 opens most of the internet',
      ),
      expect.stringContaining(
        'resources.wide.params.cidr 10.0.0.0/4 opens most of the internet',
      ),
      expect.stringContaining(
        'resources.both.params needs exactly one of host',
      ),
      expect.stringContaining(
        'resources.noport.params.port must be a port number',
      ),
      expect.stringContaining(
        'resources.badhost.params.host "a.example.com; rm -rf /" is not a host name',
      ),
    ]);
  });

  it('refuses parameters a type does not take', () => {
    expect(
      problemsOf(minimal('  db: {type: postgres, params: {engine: mysql}}')),
    ).toEqual([
      'resources.db.params: engine is not a parameter of postgres (it takes none)',
    ]);
  });

  it('reads YAML as data: no aliases, no tags that build objects', () => {
    expect(problemsOf('a: &a [1]\nb: [*a, *a]\n')).toEqual([
      expect.stringContaining('it is not YAML'),
    ]);
    expect(problemsOf('apiVersion: !!js/function "x"\n')).not.toEqual([]);
  });
});
