import { TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { testEnvironmentsConfig } from '@groundwork/backend-test-utils';
import { readGroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import { readPolicyReportSettings } from './config';
import { serviceEntity, startStatusBackend } from './__testUtils__/backend';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('the policy-reports module', () => {
  it('starts without config and leaves in-cluster compliance not configured', async () => {
    const knex = await databases.init('SQLITE_3');
    const backend = await startStatusBackend({
      knex,
      entities: [serviceEntity('payments-api')],
    });
    await backend.run('catalog-sync');
    const status = await backend.status('payments-api');
    expect(
      status.environments.map(e => [e.name, e.compliance.admission.state]),
    ).toEqual([
      ['dev', 'not-configured'],
      ['staging', 'not-configured'],
      ['prod', 'not-configured'],
    ]);
    expect(status.environments.flatMap(e => e.errors)).toEqual([]);
    await backend.stop();
  });

  describe('config', () => {
    const read = (clusters: object[], extra: object = {}) => {
      const config = new ConfigReader({
        ...testEnvironmentsConfig,
        platformStatus: { policyReports: { clusters, ...extra } },
      });
      return readPolicyReportSettings(
        config,
        readGroundworkEnvironments(config),
      );
    };
    const cluster = {
      name: 'dev-eks',
      environment: 'dev',
      url: 'https://dev.example.com',
      serviceAccountToken: 't',
    };

    it('reads clusters with their CA and the bounds', () => {
      const pem =
        '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
      const settings = read(
        [{ ...cluster, caData: Buffer.from(pem).toString('base64') }],
        { pageSize: 50, maxPagesPerCycle: 3 },
      );
      expect(settings.clusters).toEqual([
        { ...cluster, url: 'https://dev.example.com', ca: pem },
      ]);
      expect(settings).toMatchObject({
        pageSize: 50,
        maxPagesPerCycle: 3,
        maxFindingsPerEntity: 500,
      });
    });

    it('refuses what would show findings in the wrong place or send the token in the clear', () => {
      expect(() => read([{ ...cluster, environment: 'qa' }])).toThrow(
        'groundwork.environments does not configure',
      );
      expect(() => read([cluster, { ...cluster, name: 'other' }])).toThrow(
        'a second cluster for the environment "dev"',
      );
      expect(() =>
        read([{ ...cluster, url: 'http://dev.example.com' }]),
      ).toThrow('must be an https:// API server');
      expect(() => read([{ ...cluster, caData: 'bm90IGEgY2VydA==' }])).toThrow(
        'not a base64-encoded PEM certificate',
      );
      expect(() => read([cluster], { pageSize: 0 })).toThrow(
        'pageSize must be a whole number from 1 to 500',
      );
    });
  });
});
