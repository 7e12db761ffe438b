import {
  EMPTY_FORM,
  buildNewRequest,
  expiresAtOf,
  validateRequestForm,
  type RequestFormValues,
} from './requestForm';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const ME = 'user:default/alan.turing';

const waiver: RequestFormValues = {
  ...EMPTY_FORM,
  kind: 'waiver',
  entityRef: 'component:default/payments-api',
  environment: 'prod',
  rule: 'GW-AWS-004',
  resource: 'aws_s3_bucket.logs',
  expires: '2026-12-20T09:30',
  reason: 'fix ships in the next release',
};

describe('validateRequestForm', () => {
  it('accepts a complete waiver', () => {
    expect(validateRequestForm(waiver, NOW)).toEqual({});
  });

  it('says what is missing, field by field', () => {
    const errors = validateRequestForm({ ...EMPTY_FORM }, NOW);
    expect(Object.keys(errors).sort()).toEqual(
      [
        'entityRef',
        'environment',
        'expires',
        'reason',
        'resource',
        'rule',
      ].sort(),
    );
    expect(errors.reason).toMatch(/approver reads it/);
  });

  it('refuses an end in the past and a malformed entity ref', () => {
    const errors = validateRequestForm(
      { ...waiver, expires: '2026-12-01T00:00', entityRef: 'payments api' },
      NOW,
    );
    expect(errors.expires).toBe('The end must be in the future.');
    expect(errors.entityRef).toMatch(/kind:namespace\/name/);
  });

  it('needs a positive budget for a budget request, and no rule', () => {
    const budget = {
      ...waiver,
      kind: 'budget' as const,
      rule: '',
      resource: '',
    };
    expect(
      validateRequestForm({ ...budget, monthlyBudget: '-5' }, NOW),
    ).toEqual({
      monthlyBudget: 'Give the new monthly budget as a positive number.',
    });
    expect(
      validateRequestForm({ ...budget, monthlyBudget: '1200' }, NOW),
    ).toEqual({});
  });

  it('grants access only on a system', () => {
    const access = { ...waiver, kind: 'access' as const };
    expect(validateRequestForm(access, NOW).entityRef).toMatch(/on a system/);
    expect(
      validateRequestForm(
        { ...access, entityRef: 'system:default/payments' },
        NOW,
      ),
    ).toEqual({});
  });
});

describe('buildNewRequest', () => {
  it('reads the end as UTC', () => {
    expect(expiresAtOf('2026-12-20T09:30')).toBe('2026-12-20T09:30:00.000Z');
    expect(expiresAtOf('tomorrow')).toBeUndefined();
  });

  it('builds each kind as POST /requests takes it', () => {
    expect(buildNewRequest(waiver, ME)).toEqual({
      kind: 'waiver',
      reason: 'fix ships in the next release',
      payload: {
        entityRef: 'component:default/payments-api',
        environment: 'prod',
        rule: 'GW-AWS-004',
        resource: 'aws_s3_bucket.logs',
        expiresAt: '2026-12-20T09:30:00.000Z',
      },
    });
    expect(
      buildNewRequest({ ...waiver, kind: 'budget', monthlyBudget: '1500' }, ME)
        .payload,
    ).toEqual({
      entityRef: 'component:default/payments-api',
      environment: 'prod',
      monthlyBudget: 1500,
      expiresAt: '2026-12-20T09:30:00.000Z',
    });
    expect(
      buildNewRequest(
        {
          ...waiver,
          kind: 'access',
          entityRef: 'system:default/payments',
          role: 'member',
        },
        ME,
      ).payload,
    ).toEqual({
      system: 'system:default/payments',
      environment: 'prod',
      expiresAt: '2026-12-20T09:30:00.000Z',
      person: ME,
      role: 'member',
    });
  });
});
