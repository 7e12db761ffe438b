import { hoursAgo, overviewRow } from '../__testUtils__/fixtures';
import { assessRow, byAttention } from './attention';

const options = {
  now: Date.now(),
  staleAfterMs: 24 * 60 * 60 * 1000,
  environmentOrder: (name: string) => ['dev', 'staging', 'prod'].indexOf(name),
};

describe('assessRow', () => {
  it('reads a clean row as healthy', () => {
    expect(
      assessRow(
        overviewRow({ entityRef: 'component:default/a', environment: 'dev' }),
        options,
      ),
    ).toMatchObject({ level: 'healthy', reasons: [] });
  });

  it('reads old data as at risk, and says so', () => {
    const row = overviewRow({
      entityRef: 'component:default/a',
      environment: 'dev',
      asOf: hoursAgo(30),
    });
    expect(assessRow(row, options)).toMatchObject({
      level: 'at-risk',
      reasons: ['Data is stale'],
    });
  });

  it('reads a row where nothing reported as no data, never as healthy', () => {
    const row = overviewRow({
      entityRef: 'component:default/a',
      environment: 'dev',
      infrastructureResult: undefined,
      budgetUsed: null,
      complianceScore: null,
      asOf: null,
    });
    expect(assessRow(row, options)).toMatchObject({
      level: 'unknown',
      reasons: ['No source has reported yet'],
    });
  });

  it('reads a blocked run as failing', () => {
    const row = overviewRow({
      entityRef: 'component:default/a',
      environment: 'prod',
      infrastructureResult: 'blocked',
    });
    expect(assessRow(row, options)).toMatchObject({
      level: 'failing',
      reasons: ['The last infrastructure run: blocked by policy'],
    });
  });
});

describe('byAttention', () => {
  it('orders failing, at risk, no data, healthy; the later stage first on a tie', () => {
    const entities = byAttention(
      [
        overviewRow({
          entityRef: 'component:default/healthy',
          environment: 'dev',
        }),
        overviewRow({
          entityRef: 'component:default/silent',
          environment: 'dev',
          infrastructureResult: undefined,
          budgetUsed: null,
          complianceScore: null,
          asOf: null,
        }),
        overviewRow({
          entityRef: 'component:default/near',
          environment: 'dev',
          budgetUsed: 0.85,
        }),
        overviewRow({
          entityRef: 'component:default/over',
          environment: 'dev',
          budgetUsed: 1.5,
        }),
        overviewRow({
          entityRef: 'component:default/over',
          environment: 'prod',
          budgetUsed: 1.2,
        }),
      ],
      options,
    );
    expect(entities.map(e => [e.entityRef, e.level])).toEqual([
      ['component:default/over', 'failing'],
      ['component:default/near', 'at-risk'],
      ['component:default/silent', 'unknown'],
      ['component:default/healthy', 'healthy'],
    ]);
    expect(entities[0].environments.map(e => e.row.environment)).toEqual([
      'prod',
      'dev',
    ]);
  });
});
