import { accessReviewCsv } from './accessReviewCsv';

describe('accessReviewCsv', () => {
  it('writes one quoted row per entry, defusing formulas', () => {
    const csv = accessReviewCsv([
      {
        person: 'user:default/mae-jemison',
        githubLogin: 'mae',
        system: 'system:default/payments',
        environment: 'prod',
        grant: 'github team acme/payments, "maintain"',
        via: { requestId: 'r9' },
        since: '2026-12-01T00:00:00.000Z',
        until: '2026-12-08T00:00:00.000Z',
        github: 'absent',
        mismatch: '=HYPERLINK("x")',
      },
    ]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'system,environment,person,githubLogin,grant,persona,requestId,file,since,until,github,mismatch',
    );
    expect(lines[1]).toBe(
      'system:default/payments,prod,user:default/mae-jemison,mae,"github team acme/payments, ""maintain""",,r9,,2026-12-01T00:00:00.000Z,2026-12-08T00:00:00.000Z,absent,"\'=HYPERLINK(""x"")"',
    );
  });
});
