import { sharedPath } from '../sharedPath';
import { HcpStandIn } from './HcpStandIn';

const TOKEN = 't0ken';

describe('HcpStandIn', () => {
  const hcp = new HcpStandIn({
    token: TOKEN,
    planFile: sharedPath(
      'fixtures/terraform-plans/08-tfcompliance-mixed-actions-plan.json',
    ),
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
});
