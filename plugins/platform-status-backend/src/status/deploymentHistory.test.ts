import type { StoredDeployment } from '../store/StatusStore';
import { deploymentHistoryOf } from './deploymentHistory';

const deploy = (
  key: string,
  revision: string,
  more: Partial<StoredDeployment> = {},
): StoredDeployment => ({
  key,
  origin: 'main',
  appName: 'payments-dev',
  repoURL: 'https://github.com/acme/payments.git',
  revision,
  result: 'Succeeded',
  ...more,
});

const compareUrl = (repoURL: string, from: string, to: string) =>
  `${repoURL}#${from}..${to}`;

describe('deploymentHistoryOf', () => {
  it('links each sync to the changes since the one before it in the same app and repository', () => {
    const history = deploymentHistoryOf(
      'component:default/payments',
      'dev',
      [
        deploy('4', 'r3'),
        deploy('3', 'r9', { appName: 'other-app' }),
        deploy('2', 'r2', { repoURL: 'https://github.com/acme/fork.git' }),
        deploy('1', 'r2'),
        deploy('0', 'r1'),
      ],
      compareUrl,
    );
    expect(history.items.map(i => [i.key, i.diffUrl])).toEqual([
      ['4', 'https://github.com/acme/payments.git#r2..r3'],
      ['3', undefined],
      ['2', undefined],
      ['1', 'https://github.com/acme/payments.git#r1..r2'],
      ['0', undefined],
    ]);
  });

  it('gives no link when the revision did not change (a re-sync) or the host has no compare view', () => {
    const history = deploymentHistoryOf(
      'component:default/payments',
      'dev',
      [deploy('1', 'r1'), deploy('0', 'r1')],
      compareUrl,
    );
    expect(history.items[0].diffUrl).toBeUndefined();
    const unlinked = deploymentHistoryOf(
      'component:default/payments',
      'dev',
      [deploy('1', 'r2'), deploy('0', 'r1')],
      () => undefined,
    );
    expect(unlinked.items[0]).not.toHaveProperty('diffUrl');
  });
});
