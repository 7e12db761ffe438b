import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import { TestDatabases } from '@backstage/backend-test-utils';
import { restoreWorkspace } from '@backstage/plugin-scaffolder-node/alpha';
import {
  catalogReady,
  planOfRenderedCode,
  Portal,
  portalConfig,
  StandIns,
  startPortal,
  startStandIns,
  writeOrganisation,
} from './__testUtils__/portal';
import { startReplica } from './__testUtils__/replicaProcess';
import {
  replicaDatabases,
  SharedDatabases,
} from './__testUtils__/sharedDatabases';
import { asUser, followTask, startTask, until } from './__testUtils__/tasks';
import { newServiceForm } from './__testUtils__/forms';

jest.setTimeout(300_000);

/**
 * A replica (a backend process of its own) is killed while a new-service
 * task is in its Argo CD step; another
 * replica, on the same database, picks the task up as app-config.yaml
 * configures it (scaffolder.taskRecovery with the database workspace
 * provider) and finishes it: the completed steps are not run again (one
 * repository, one Terraform apply), the workspace they left is restored, and
 * the serialized workspace never held the Terraform run's own files.
 */

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/** scaffolder.taskRecovery as the portal ships it, with a staleTimeout short enough for a test. */
const TASK_RECOVERY = {
  taskRecovery: {
    ...yaml.parse(
      fs.readFileSync(path.join(__dirname, '../../../app-config.yaml'), 'utf8'),
    ).scaffolder.taskRecovery,
    staleTimeout: { seconds: 2 },
  },
};

const form = newServiceForm('ledger-api');

describe.each(databases.eachSupportedId())(
  'task recovery on %s',
  databaseId => {
    let shared: SharedDatabases;
    let standIns: StandIns & { stop(): Promise<void> };
    let second: Portal | undefined;
    const killers: Array<() => Promise<void>> = [];
    const dirs: string[] = [];
    const workingDirectory = () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-rec-work-'));
      dirs.push(dir);
      return dir;
    };

    beforeAll(async () => {
      shared = await SharedDatabases.create(databases, databaseId);
      standIns = await startStandIns({
        plan: planOfRenderedCode('dev'),
        outputs: {
          ci_role_arn: { value: 'arn:aws:iam::111111111111:role/ledger-ci' },
          aws_region: { value: 'us-east-1' },
        },
      });
    });
    afterAll(async () => {
      await Promise.all(killers.map(kill => kill()));
      await second?.stop();
      await standIns?.stop();
      await shared?.close();
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('finishes on another replica what a dead one started, doing nothing twice', async () => {
      const orgDir = workingDirectory();
      const first = await startReplica({
        config: portalConfig(standIns, writeOrganisation(orgDir), {
          scaffolder: TASK_RECOVERY,
          workingDirectory: workingDirectory(),
        }),
        databases: shared.configs,
      });
      killers.push(first.kill);
      await catalogReady(first.url);

      // The first Argo CD call hangs, then its connection drops: the replica
      // is killed while waiting on it.
      standIns.argocd.inject({
        operationId: '*',
        delayMs: 15_000,
        dropConnection: true,
      });
      const id = await startTask(first.url, 'new-service', form);
      await until(
        'the task to reach its Argo CD step',
        async () => {
          const res = await request(first.url)
            .get(`/api/scaffolder/v2/tasks/${id}/events`)
            .set(asUser());
          return (res.body as any[]).some(e => e.body?.stepId === 'argocd')
            ? true
            : undefined;
        },
        120_000,
      );
      await first.kill();

      const scaffolderDb = shared.client('scaffolder');
      const [row] = await scaffolderDb('tasks').where({ id }).select('status');
      expect(row.status).toBe('processing');

      // What the dead replica left for the next one: the workspace after
      // its last completed step, without the Terraform run's files.
      const stored = await scaffolderDb('scaffolder_task_workspaces')
        .where({ task_id: id })
        .first();
      expect(stored).toBeDefined();
      const restored = workingDirectory();
      await restoreWorkspace({ path: restored, buffer: stored.workspace });
      const files = listFiles(restored);
      expect(files).toEqual(
        expect.arrayContaining([
          'catalog-info.yaml',
          expect.stringMatching(/^infra\/.*\.tf$/),
        ]),
      );
      expect(
        files.filter(f => /zz[_-]groundwork|(^|\/)\.terraform\//.test(f)),
      ).toEqual([]);

      second = await startPortal({
        databases,
        databaseId,
        standIns,
        database: replicaDatabases(shared.configs).factory,
        workingDirectory: workingDirectory(),
        scaffolder: TASK_RECOVERY,
      });
      const task = await followTask(second.server, id, 'new-service', 120_000);

      expect([task.status, task.error]).toEqual(['completed', undefined]);
      expect(task.log).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^Task recovered - resuming from last known good state\. \d+ step\(s\) already completed\.$/,
          ),
          'Skipping step publish because it was already completed in a previous run',
          'Skipping step terraform because it was already completed in a previous run',
        ]),
      );
      // One repository, pushed once; one Terraform apply across both replicas.
      expect(
        standIns.github.repos.history('acme', 'ledger-api', 'main'),
      ).toHaveLength(1);
      expect(
        standIns.terraform.calls().filter(c => c.argv[0] === 'apply'),
      ).toHaveLength(1);
      // The Argo CD step, interrupted on the first replica, made its
      // Application on the second.
      expect(standIns.argocd.application('ledger-api-dev')).toBeDefined();
      // Completed: the workspace kept for recovery is gone from the database.
      await until('the recovered workspace to be cleaned', async () =>
        (await scaffolderDb('scaffolder_task_workspaces')
          .where({ task_id: id })
          .first())
          ? undefined
          : true,
      );
    });
  },
);

function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap(e =>
      e.isDirectory()
        ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`)
        : [`${prefix}${e.name}`],
    );
}
