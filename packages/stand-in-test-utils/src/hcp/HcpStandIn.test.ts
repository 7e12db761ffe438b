import { planFixturePath } from '../vendored';
import { HcpStandIn } from './HcpStandIn';

const TOKEN = 't0ken';

describe('HcpStandIn', () => {
  const hcp = new HcpStandIn({
    token: TOKEN,
    planFile: planFixturePath('08-tfcompliance-mixed-actions-plan.json'),
  });
  beforeAll(() => hcp.start());
  afterAll(() => hcp.stop());

  const call = (
    method: string,
    path: string,
    body?: unknown,
    type = 'application/vnd.api+json',
  ) =>
    fetch(`${hcp.url}/api/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': type },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('creates a workspace from a well-formed JSON:API document', async () => {
    const res = await call('POST', '/organizations/acme/workspaces', {
      data: {
        type: 'workspaces',
        attributes: { name: 'payments-dev', 'auto-apply': false },
      },
    });
    expect(res.status).toBe(201);
    const doc = await res.json();
    expect(doc.data).toMatchObject({
      type: 'workspaces',
      attributes: { name: 'payments-dev' },
    });
    expect(
      (await call('GET', '/organizations/acme/workspaces/payments-dev')).status,
    ).toBe(200);
    expect(hcp.api.violations).toEqual([]);
  });

  it('flags a wrong data.type, an unknown attribute, the wrong content type and a missing token', async () => {
    expect(
      (
        await call('POST', '/organizations/acme/workspaces', {
          data: { type: 'workspace', attributes: { name: 'x' } },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call('POST', '/organizations/acme/workspaces', {
          data: {
            type: 'workspaces',
            attributes: { name: 'x', autoApply: true },
          },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call(
          'POST',
          '/organizations/acme/workspaces',
          { data: { type: 'workspaces', attributes: { name: 'x' } } },
          'application/json',
        )
      ).status,
    ).toBe(400);
    const anonymous = await fetch(
      `${hcp.url}/api/v2/organizations/acme/workspaces/x`,
    );
    expect(anonymous.status).toBe(401);
    expect(hcp.api.violations.join('\n')).toMatch(
      /body\/data\/type must be equal to constant[\s\S]*must NOT have additional properties \(autoApply\)[\s\S]*content-type must be application\/vnd\.api\+json/,
    );
    hcp.api.violations.length = 0;
  });

  it('moves a run one status per poll and refuses actions out of turn', async () => {
    const ws = await (
      await call('GET', '/organizations/acme/workspaces/payments-dev')
    ).json();
    const cv = await (
      await call('POST', `/workspaces/${ws.data.id}/configuration-versions`, {
        data: {
          type: 'configuration-versions',
          attributes: { 'auto-queue-runs': false },
        },
      })
    ).json();
    const upload = await fetch(cv.data.attributes['upload-url'], {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from('not really a tarball'),
    });
    expect(upload.status).toBe(200);
    const run = await (
      await call('POST', '/runs', {
        data: {
          type: 'runs',
          attributes: { 'auto-apply': false },
          relationships: {
            workspace: { data: { type: 'workspaces', id: ws.data.id } },
            'configuration-version': {
              data: { type: 'configuration-versions', id: cv.data.id },
            },
          },
        },
      })
    ).json();
    expect(
      (
        await call('POST', `/runs/${run.data.id}/actions/apply`, {
          comment: 'too early',
        })
      ).status,
    ).toBe(409);
    const statuses: string[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (await (await call('GET', `/runs/${run.data.id}`)).json()).data
          .attributes.status,
      );
    }
    expect(statuses).toEqual(['plan_queued', 'planning', 'planned']);
    expect(
      (
        await call('POST', `/runs/${run.data.id}/actions/discard`, {
          comment: 'no',
        })
      ).status,
    ).toBe(202);
    expect(hcp.runs.get(run.data.id)!.status).toBe('discarded');
    expect(hcp.api.violations).toEqual([]);
  });

  describe('VCS-driven workspaces', () => {
    const poll = async (runId: string, times: number) => {
      const seen: string[] = [];
      for (let i = 0; i < times; i++) {
        seen.push(
          (await (await call('GET', `/runs/${runId}`)).json()).data.attributes
            .status,
        );
      }
      return seen;
    };

    it('connects a workspace to a repository; a run without a configuration version takes the branch, and auto-apply applies it unconfirmed', async () => {
      const res = await call('POST', '/organizations/acme/workspaces', {
        data: {
          type: 'workspaces',
          attributes: {
            name: 'access-iam-aws',
            'auto-apply': true,
            'working-directory': 'iam/aws',
            'file-triggers-enabled': true,
            'trigger-prefixes': ['iam/aws'],
            'vcs-repo': {
              identifier: 'acme/platform-access',
              branch: 'main',
              'oauth-token-id': 'ot-1',
            },
          },
        },
      });
      expect(res.status).toBe(201);
      const ws = (await res.json()).data;
      expect(ws.attributes['vcs-repo']).toEqual({
        identifier: 'acme/platform-access',
        branch: 'main',
        'oauth-token-id': 'ot-1',
      });
      const run = await (
        await call('POST', '/runs', {
          data: {
            type: 'runs',
            attributes: { message: 'first apply' },
            relationships: {
              workspace: { data: { type: 'workspaces', id: ws.id } },
            },
          },
        })
      ).json();
      expect(run.data.attributes).toMatchObject({
        source: 'tfe-api',
        'auto-apply': true,
      });
      expect(await poll(run.data.id, 5)).toEqual([
        'plan_queued',
        'planning',
        'confirmed',
        'apply_queued',
        'applying',
      ]);
      expect(await poll(run.data.id, 1)).toEqual(['applied']);
      expect(hcp.api.violations).toEqual([]);
    });

    it('queues a run on a push that changes the working directory, and none on one that does not', () => {
      const before = hcp.runsOf('access-iam-aws').length;
      expect(
        hcp.receiveVcsPush({
          identifier: 'acme/platform-access',
          branch: 'main',
          sha: 'a'.repeat(40),
          changedFiles: ['kubernetes/dev/Ada-L.yaml', 'README.md'],
        }),
      ).toEqual([]);
      expect(
        hcp.receiveVcsPush({
          identifier: 'acme/other',
          branch: 'main',
          sha: 'b'.repeat(40),
          changedFiles: ['iam/aws/Ada-L.tf'],
        }),
      ).toEqual([]);
      const [queued] = hcp.receiveVcsPush({
        identifier: 'acme/platform-access',
        branch: 'main',
        sha: 'c'.repeat(40),
        changedFiles: ['iam/aws/Ada-L.tf'],
      });
      expect(queued.attributes).toMatchObject({
        source: 'tfe-configuration-version',
        'auto-apply': true,
      });
      expect(hcp.runsOf('access-iam-aws')).toHaveLength(before + 1);
    });

    it('refuses an unknown vcs-repo key, as the real API ignores nothing silently here', async () => {
      const res = await call('POST', '/organizations/acme/workspaces', {
        data: {
          type: 'workspaces',
          attributes: {
            name: 'bad',
            'vcs-repo': { identifier: 'acme/x', oauthTokenId: 'ot-1' },
          },
        },
      });
      expect(res.status).toBe(400);
      hcp.api.violations.length = 0;
    });
  });
});
