import { environments, report } from '../__testUtils__/fixtures';
import { validateInfrastructureReport } from './validateReport';

const validate = (body: unknown, maxFindings = 10) =>
  validateInfrastructureReport(body, { environments, maxFindings });

describe('validateInfrastructureReport', () => {
  it('accepts a report and returns its ref and times in canonical form', () => {
    const out = validate(
      report({
        entityRef: 'Component:Default/Payments-API',
        startedAt: '2026-11-20T11:00:00+01:00',
        finishedAt: '2026-11-20T11:05:00+01:00',
      }),
    );
    expect(out.entityRef).toBe('component:default/payments-api');
    expect(out.startedAt).toBe('2026-11-20T10:00:00.000Z');
    expect(out.finishedAt).toBe('2026-11-20T10:05:00.000Z');
  });

  it.each([
    [{ entityRef: 'payments-api' }, /is not an entity ref/],
    [{ entityRef: 'component:default/bad name' }, /is not an entity ref/],
    [{ environment: 'qa' }, /Unknown environment "qa"/],
    [
      { result: 'exploded' },
      /result: must be one of applied, planned, blocked, failed, cancelled/,
    ],
    [{ finishedAt: 'yesterday' }, /finishedAt: must match format "date-time"/],
    [{ finishedAt: '2026-11-20T09:00:00.000Z' }, /is before startedAt/],
    [{ finishedAt: '2999-01-01T00:00:00.000Z' }, /is in the future/],
    [{ runUrl: 'ftp://runs.example.com/1' }, /runUrl: must match pattern/],
    [{ extra: 1 }, /extra: is not a field of the report/],
    [
      { compliance: { ...report().compliance, score: 101 } },
      /compliance\.score: must be <= 100/,
    ],
  ])('refuses %p', (change, message) => {
    expect(() => validate({ ...report(), ...change })).toThrow(message);
  });

  it('bounds the number of findings', () => {
    const findings = Array(11).fill(report().findings[0]);
    expect(() => validate(report({ findings }))).toThrow(
      /findings: has 11 findings, more than platformStatus.ingestion.maxFindings \(10\)/,
    );
  });
});
