import { TestDatabases } from '@backstage/backend-test-utils';
import { KubernetesApiStandIn } from '@groundwork/stand-in-test-utils';
import {
  READER_TOKEN,
  policyReport,
  readerIdentity,
  result,
  serviceEntity,
  startStatusBackend,
} from './__testUtils__/backend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

// What someone who can write PolicyReports in their own namespace (the
// "intruder" service's) can make platform status say.
const HOSTILE = `'); DROP TABLE platform_status_snapshots; -- <script>alert(1)</script> "findings":"\u0000gw-findings:dev" \${{ secrets.TOKEN }}`;

describe.each(databases.eachSupportedId())(
  'a hostile policy report on %p',
  id => {
    const api = new KubernetesApiStandIn({
      tokens: { [READER_TOKEN]: readerIdentity },
    });
    beforeAll(() => api.start());
    afterAll(() => api.stop());

    it('cannot put findings on another entity, and its message is kept as data', async () => {
      const knex = await databases.init(id);
      const backend = await startStatusBackend({
        knex,
        entities: [serviceEntity('payments-api'), serviceEntity('intruder')],
        policyReports: {
          clusters: [
            {
              name: 'dev-eks',
              environment: 'dev',
              url: api.url,
              serviceAccountToken: READER_TOKEN,
            },
          ],
        },
      });
      await backend.run('catalog-sync');
      // In its own namespace, a report about payments-api's Deployment.
      api.put('policyreports', {
        ...policyReport(
          'intruder',
          { kind: 'Deployment', name: 'payments-api' },
          [
            result({
              result: 'fail',
              severity: 'critical',
              message: 'payments-api is compromised',
              resources: [
                {
                  apiVersion: 'apps/v1',
                  kind: 'Deployment',
                  name: 'payments-api',
                  namespace: 'payments-api',
                },
              ],
            }),
          ],
        ),
        scope: undefined,
      });
      api.put(
        'policyreports',
        policyReport(
          'intruder',
          { kind: 'Pod', name: 'intruder-0', apiVersion: 'v1' },
          [result({ message: HOSTILE })],
        ),
      );
      await backend.run('policy-reports');

      const payments = (await backend.status('payments-api')).environments[0];
      expect(payments.compliance.admission).toMatchObject({
        state: 'no-data',
        findings: [],
        failed: { critical: 0, high: 0, medium: 0, low: 0 },
      });

      const intruder = (await backend.status('intruder')).environments[0];
      expect(intruder.compliance.admission.findings).toEqual([
        expect.objectContaining({
          address: 'Pod intruder/intruder-0',
          message: HOSTILE,
        }),
      ]);
      // The plan-time findings are not where the message went.
      expect(intruder.compliance.findings).toEqual([]);
      // The store's tables are where they were: the text was a value.
      const [{ n }] = await knex('platform_status_snapshots').count({ n: '*' });
      expect(Number(n)).toBeGreaterThan(0);
      await backend.stop();
    });
  },
);
