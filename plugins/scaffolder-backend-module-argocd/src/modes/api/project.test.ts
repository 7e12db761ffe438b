import type { JsonValue } from '@backstage/config';
import {
  ArgoCdClient,
  type ArgoCdAppProject,
} from '@groundwork/plugin-argocd-node';
import { ArgoCdStandIn } from '@groundwork/stand-in-test-utils';
import { captureLogger, TOKEN } from '../../__testUtils__/harness';
import { ensureProject, PROJECT_MERGE_ATTEMPTS } from './project';

const IN_CLUSTER = 'https://kubernetes.default.svc';

/** The dev project of the payments team, as the ledger service asks for it. */
const ledgerWants = (): ArgoCdAppProject => ({
  metadata: { name: 'payments-dev' },
  spec: {
    sourceRepos: ['https://github.com/acme/ledger'],
    destinations: [{ server: IN_CLUSTER, namespace: 'ledger-dev' }],
  },
});

/** Checkpoints as the scaffolder keeps them: a success is not run again. */
function checkpoints() {
  const done = new Map<string, JsonValue>();
  const keys: string[] = [];
  return {
    keys,
    done,
    checkpoint: async <T extends JsonValue | void>(opts: {
      key: string;
      fn: () => Promise<T> | T;
    }): Promise<T> => {
      keys.push(opts.key);
      if (done.has(opts.key)) return done.get(opts.key) as T;
      const value = await opts.fn();
      done.set(opts.key, value as JsonValue);
      return value;
    },
  };
}

describe('ensureProject with projectMode: merge', () => {
  let argocd: ArgoCdStandIn;
  let client: ArgoCdClient;
  /** Another template of the team, changing the project through the API. */
  let other: ArgoCdClient;

  const context = (cp = checkpoints()) => {
    const log = captureLogger();
    return {
      log,
      cp,
      ctx: { client, logger: log.logger, checkpoint: cp.checkpoint },
    };
  };

  /** After each of the step's reads, the other template adds a repository. */
  const raceEveryRead = (times: number) => {
    const read = client.getProject.bind(client);
    let raced = 0;
    jest.spyOn(client, 'getProject').mockImplementation(async (name, opts) => {
      const project = await read(name, opts);
      if (project && raced < times) {
        raced += 1;
        await other.updateProject({
          ...project,
          spec: {
            ...project.spec,
            sourceRepos: [
              ...(project.spec.sourceRepos as string[]),
              `https://github.com/acme/refunds-${raced}`,
            ],
          },
        });
      }
      return project;
    });
  };

  beforeEach(async () => {
    argocd = await new ArgoCdStandIn().start();
    const instance = {
      name: 'dev',
      url: argocd.url,
      token: TOKEN,
      uiUrl: argocd.url,
      requestTimeoutMs: 5_000,
    };
    client = new ArgoCdClient({ instance, backoffMs: 1 });
    other = new ArgoCdClient({ instance, backoffMs: 1 });
    argocd.seedProject({
      metadata: { name: 'payments-dev' },
      spec: {
        description: 'Payments team, dev',
        sourceRepos: ['https://github.com/acme/payments'],
        destinations: [{ server: IN_CLUSTER, namespace: 'payments-dev' }],
      },
    });
  });
  afterEach(async () => {
    argocd.assertNoViolations();
    await argocd.stop();
  });

  it('reads again and merges again when another template changed the project in between', async () => {
    raceEveryRead(1);
    const { ctx, log, cp } = context();
    await expect(
      ensureProject(ctx, 'merge', ledgerWants(), 'payments-dev'),
    ).resolves.toBe('updated');
    expect(argocd.callsTo('ProjectService_Update').map(c => c.status)).toEqual([
      200, 409, 200,
    ]);
    // Nothing the other template added is lost.
    expect(argocd.project('payments-dev')?.spec).toEqual({
      description: 'Payments team, dev',
      sourceRepos: [
        'https://github.com/acme/payments',
        'https://github.com/acme/refunds-1',
        'https://github.com/acme/ledger',
      ],
      destinations: [
        { server: IN_CLUSTER, namespace: 'payments-dev' },
        { server: IN_CLUSTER, namespace: 'ledger-dev' },
      ],
    });
    expect(log.text()).toContain(
      `warn: Someone else changed the Argo CD project payments-dev since this step read it; reading it again (attempt 2 of ${PROJECT_MERGE_ATTEMPTS})`,
    );
    expect(log.text()).toContain(
      'info: Added to the Argo CD project payments-dev:\n- sourceRepos: https://github.com/acme/ledger\n' +
        `- destinations: server ${IN_CLUSTER} namespace ledger-dev`,
    );
    // One checkpoint for the write, whatever the attempts.
    expect(cp.keys).toEqual(['argocd.project.merge.dev.payments-dev']);
  });

  it('gives up after a bounded number of attempts with a clear error', async () => {
    raceEveryRead(Infinity);
    const { ctx } = context();
    const error = await ensureProject(
      ctx,
      'merge',
      ledgerWants(),
      'payments-dev',
    ).catch(e => e);
    expect(error).toMatchObject({
      name: 'ConflictError',
      message: `The Argo CD project "payments-dev" on instance "dev" changed under argocd:create-app ${PROJECT_MERGE_ATTEMPTS} times while it added to it: other steps are changing it at the same time. Run the step again; it adds only what is still missing.`,
    });
    const ours = argocd
      .callsTo('ProjectService_Update')
      .filter(c =>
        (c.body as any).project.spec.sourceRepos.includes(
          'https://github.com/acme/ledger',
        ),
      );
    expect(ours.map(c => c.status)).toEqual(
      Array(PROJECT_MERGE_ATTEMPTS).fill(409),
    );
  });

  it('does not send the update again when a recovered task replays the step', async () => {
    const cp = checkpoints();
    await ensureProject(
      context(cp).ctx,
      'merge',
      ledgerWants(),
      'payments-dev',
    );
    expect(argocd.callsTo('ProjectService_Update')).toHaveLength(1);
    // The recovered task runs the handler again with the same checkpoints.
    await expect(
      ensureProject(context(cp).ctx, 'merge', ledgerWants(), 'payments-dev'),
    ).resolves.toBe('reused');
    expect(argocd.callsTo('ProjectService_Update')).toHaveLength(1);
    // Even when its read no longer shows the addition, the stored success stands.
    const { ctx } = context(cp);
    argocd.seedProject({
      metadata: { name: 'payments-dev' },
      spec: { sourceRepos: ['https://github.com/acme/payments'] },
    });
    await ensureProject(ctx, 'merge', ledgerWants(), 'payments-dev');
    expect(argocd.callsTo('ProjectService_Update')).toHaveLength(1);
  });

  it('adds to a project another template created between its read and its create', async () => {
    argocd.seedProject({
      metadata: { name: 'ledger-dev' },
      spec: { sourceRepos: ['https://github.com/acme/payments'] },
    });
    const read = client.getProject.bind(client);
    jest
      .spyOn(client, 'getProject')
      .mockImplementationOnce(async () => undefined)
      .mockImplementation(read);
    const { ctx, log } = context();
    const wants = ledgerWants();
    wants.metadata.name = 'ledger-dev';
    await expect(
      ensureProject(ctx, 'merge', wants, 'ledger-dev'),
    ).resolves.toBe('updated');
    expect(argocd.project('ledger-dev')?.spec.sourceRepos).toEqual([
      'https://github.com/acme/payments',
      'https://github.com/acme/ledger',
    ]);
    expect(log.text()).toContain(
      'The Argo CD project ledger-dev appeared while this step created it; adding to it instead',
    );
  });
});
