import { extendedSupportTier, rdsVcpus } from './rdsExtendedSupport';

describe('RDS Extended Support', () => {
  const at = (d: string) => new Date(`${d}T00:00:00Z`);

  it('bills a major version from the day after its standard support ends', () => {
    expect(extendedSupportTier('mysql', '5.7.19', at('2024-02-29'))).toBe(
      undefined,
    );
    expect(extendedSupportTier('mysql', '5.7.19', at('2024-03-01'))).toEqual({
      tier: 'year1-2',
      major: '5.7',
    });
    expect(extendedSupportTier('mysql', '5.7', at('2026-03-01'))).toEqual({
      tier: 'year3',
      major: '5.7',
    });
    expect(extendedSupportTier('mysql', '8.0.35', at('2026-12-07'))).toEqual({
      tier: 'year1-2',
      major: '8.0',
    });
    expect(extendedSupportTier('postgres', '12.17', at('2026-12-07'))).toEqual({
      tier: 'year1-2',
      major: '12',
    });
    expect(extendedSupportTier('postgres', '16.1', at('2026-12-07'))).toBe(
      undefined,
    );
  });

  it('leaves engines without Extended Support and unknown versions alone', () => {
    expect(extendedSupportTier('mariadb', '10.3', at('2026-12-07'))).toBe(
      undefined,
    );
    expect(extendedSupportTier('mysql', undefined, at('2026-12-07'))).toBe(
      undefined,
    );
    expect(extendedSupportTier('postgres', '9.6', at('2026-12-07'))).toBe(
      undefined,
    );
  });

  it('counts vCPUs from the class size, with the t2 exceptions', () => {
    expect(rdsVcpus('db.t3.micro')).toBe(2);
    expect(rdsVcpus('db.t2.micro')).toBe(1);
    expect(rdsVcpus('db.m6g.xlarge')).toBe(4);
    expect(rdsVcpus('db.r6i.12xlarge')).toBe(48);
    expect(rdsVcpus('db.x2g.metal')).toBe(undefined);
  });
});
