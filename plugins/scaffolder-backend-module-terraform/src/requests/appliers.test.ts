import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { GroundworkRequest } from '@groundwork/plugin-requests-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeConfig, recordingLogger } from '../__testUtils__/setup';
import {
  createBudgetRequestApplier,
  createWaiverRequestApplier,
} from './appliers';

const NOW = new Date('2026-12-07T12:00:00Z');
const LATER = '2026-12-10T18:00:00.000Z';

const ledger: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ledger',
    namespace: 'default',
    annotations: { 'groundwork.dev/budgets': 'dev=300' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments' },
};

describe('the waiver and budget request appliers', () => {
  let dir: string;
  let policyFile: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-appliers-'));
    policyFile = path.join(dir, 'policy.yaml');
    fs.writeFileSync(
      policyFile,
      `version: 1
customRules:
  - id: ACME-001
    title: NAT gateways carry a Team tag
    severity: critical
    resourceTypes: [aws_nat_gateway]
    assert: { attribute: tags.Team, exists: true }
`,
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const options = (terraform: Record<string, unknown> = {}) => ({
    config: makeConfig({ policy: { file: policyFile }, ...terraform }),
    catalog: catalogServiceMock({ entities: [ledger] }),
    auth: mockServices.auth({ pluginId: 'requests' }),
    now: () => NOW,
  });
  const waiver = (extra: Record<string, unknown> = {}) => ({
    entityRef: 'component:default/ledger',
    environment: 'dev',
    rule: 'GW-AWS-004',
    resource: 'aws_s3_bucket.logs',
    expiresAt: LATER,
    ...extra,
  });
  /** What validate returns: the rule's title and severity from the pack or policy file, for reviewers. */
  const S3_RULE = {
    ruleTitle:
      'S3 buckets have a public access block with all four settings on',
    ruleSeverity: 'high',
  };
  const TEAM_RULE = {
    ruleTitle: 'NAT gateways carry a Team tag',
    ruleSeverity: 'critical',
  };
  const budget = (extra: Record<string, unknown> = {}) => ({
    entityRef: 'component:default/ledger',
    environment: 'staging',
    monthlyBudget: 450.5,
    expiresAt: LATER,
    ...extra,
  });
  const request = (
    kind: string,
    payload: Record<string, unknown>,
  ): GroundworkRequest => ({
    id: 'r-1',
    kind,
    state: 'approved',
    title: '',
    reason: 'launch',
    requestedBy: 'user:default/ada',
    approverGroups: [],
    changes: [],
    payload: payload as any,
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
  });

  describe('waivers', () => {
    it('normalises what is asked, and refuses what the gate could not honour', async () => {
      const applier = createWaiverRequestApplier(options());
      expect(
        await applier.validate(
          waiver({
            rule: 'gw-aws-004',
            expiresAt: '2026-12-10T19:00:00+01:00',
            extra: 'dropped',
            // A requester cannot dress the rule up for the reviewer.
            ruleTitle: 'Harmless cosmetic rule',
            ruleSeverity: 'low',
          }),
        ),
      ).toEqual(waiver(S3_RULE));
      // A team rule of the configured policy file is a rule too.
      expect(await applier.validate(waiver({ rule: 'ACME-001' }))).toEqual(
        waiver({ rule: 'ACME-001', ...TEAM_RULE }),
      );

      const refused: Array<[Record<string, unknown>, RegExp]> = [
        [{ entityRef: 'component:default/nowhere' }, /is not in the catalog/],
        [{ entityRef: 'not a ref!' }, /not an entity reference|invalid/],
        [{ environment: 'qa' }, /"qa" is not one of .*dev, staging, prod/],
        [
          { rule: 'GW-AWS-9999' },
          /neither a rule of the Groundwork pack nor a team rule/,
        ],
        [{ rule: undefined }, /rule is missing/],
        [
          { resource: 'aws_s3_bucket.logs; rm -rf /' },
          /not a Terraform address pattern/,
        ],
        [{ resource: '*' }, /matches every resource/],
        [{ resource: 'module.*' }, /matches every resource/],
        [{ resource: `aws_s3_bucket.${'a'.repeat(400)}` }, /at most 300/],
        [{ expiresAt: '2026-12-10' }, /not an ISO 8601 instant/],
        [{ expiresAt: '2026-02-31T00:00:00Z' }, /not a real date/],
        [{ expiresAt: '2026-12-07T11:59:59Z' }, /not in the future/],
      ];
      for (const [extra, message] of refused) {
        const attempt = applier.validate(waiver(extra));
        await expect(attempt).rejects.toThrow(InputError);
        await expect(applier.validate(waiver(extra))).rejects.toThrow(message);
      }
      await expect(applier.validate('GW-AWS-004')).rejects.toThrow(
        /payload must be an object/,
      );
    });

    it('says when the team rules cannot be read, instead of calling the rule unknown', async () => {
      const applier = createWaiverRequestApplier(
        options({ policy: { file: path.join(dir, 'missing.yaml') } }),
      );
      await expect(
        applier.validate(waiver({ rule: 'ACME-001' })),
      ).rejects.toThrow(/team rules of dev's policy file could not be read/);
      // Pack rules do not need the file.
      await expect(applier.validate(waiver())).resolves.toEqual(
        waiver(S3_RULE),
      );
    });

    it("lets the entity's owners decide outside production, only the approvers in production", async () => {
      const applier = createWaiverRequestApplier(options());
      const dev = await applier.describe(waiver());
      expect(dev).toEqual({
        title: `Waive GW-AWS-004 for aws_s3_bucket.logs in component:default/ledger (dev) until ${LATER}`,
        changes: [
          {
            system: 'governance',
            target: 'governance gate of dev',
            detail: `waive GW-AWS-004 for aws_s3_bucket.logs of component:default/ledger until ${LATER}`,
          },
        ],
        entityRef: 'component:default/ledger',
        environment: 'dev',
        expiresAt: LATER,
        approverGroups: ['group:default/payments'],
      });
      const prod = await applier.describe(waiver({ environment: 'prod' }));
      expect(prod.approverGroups).toBeUndefined();
      expect(prod.title).toContain('(prod)');
    });

    it('applies by changing nothing outside: the gate reads it while it is in force', async () => {
      const applier = createWaiverRequestApplier(options());
      const log = recordingLogger();
      const { changes } = await applier.apply(request('waiver', waiver()), {
        logger: log.logger,
      });
      expect(changes).toEqual([
        expect.objectContaining({
          target: 'governance gate of dev',
          status: 'done',
        }),
      ]);
      expect(log.text()).toContain('Request r-1');
      expect(applier.revoke).toBeUndefined();
    });
  });

  describe('budgets', () => {
    it('normalises the amount, and refuses amounts and dates the gate could not use', async () => {
      const applier = createBudgetRequestApplier(options());
      // The budget config gives today is filled in for the reviewer, whatever is sent.
      expect(
        await applier.validate(budget({ note: 'x', currentBudget: 99999 })),
      ).toEqual(budget({ currentBudget: 100 }));
      const refused: Array<[Record<string, unknown>, RegExp]> = [
        [{ monthlyBudget: '450' }, /not a number/],
        [{ monthlyBudget: Infinity }, /not a number/],
        [{ monthlyBudget: 0 }, /must be above 0/],
        [{ monthlyBudget: -5 }, /must be above 0/],
        [{ monthlyBudget: 10.005 }, /more than 2 decimals/],
        [{ environment: 'qa' }, /not one of this portal's environments/],
        [{ entityRef: 'component:default/nowhere' }, /not in the catalog/],
        [{ expiresAt: '2020-01-01T00:00:00Z' }, /not in the future/],
      ];
      for (const [extra, message] of refused) {
        await expect(applier.validate(budget(extra))).rejects.toThrow(
          InputError,
        );
        await expect(applier.validate(budget(extra))).rejects.toThrow(message);
      }
    });

    it('shows the reviewer the budget it replaces, and adds no approvers', async () => {
      const applier = createBudgetRequestApplier(options());
      const staging = await applier.describe(budget());
      expect(staging).toEqual({
        title: `Budget 450.5 USD/month for component:default/ledger (staging) until ${LATER}`,
        changes: [
          {
            system: 'governance',
            target: 'governance gate of staging',
            detail: `budget 450.5 USD/month for component:default/ledger until ${LATER}, instead of 100 USD/month`,
          },
        ],
        entityRef: 'component:default/ledger',
        environment: 'staging',
        expiresAt: LATER,
      });
      // The entity's groundwork.dev/budgets entry is what it replaces in dev.
      const dev = await applier.describe(budget({ environment: 'dev' }));
      expect(dev.changes[0].detail).toMatch(/instead of 300 USD\/month$/);

      const { changes } = await applier.apply(request('budget', budget()), {
        logger: recordingLogger().logger,
      });
      expect(changes[0]).toMatchObject({ status: 'done' });
    });
  });
});
