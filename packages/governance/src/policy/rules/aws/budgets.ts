import { isLive, planRule } from '../helpers';

export const budgetDefined = planRule(
  {
    id: 'GW-AWS-036',
    title: 'An AWS budget is defined for the environment',
    severity: 'medium',
    resourceTypes: ['aws_budgets_budget'],
    rationale:
      'Without a budget nobody is told when spend runs away: a forgotten GPU instance or a NAT ' +
      'gateway loop shows up only on the invoice.',
    remediation: {
      text: 'Define a monthly cost budget with a notification for the environment, in the same configuration.',
      terraform: [
        'resource "aws_budgets_budget" "env" {',
        '  name         = "payments-prod-monthly"',
        '  budget_type  = "COST"',
        '  limit_amount = "1500"',
        '  limit_unit   = "USD"',
        '  time_unit    = "MONTHLY"',
        '  notification {',
        '    comparison_operator        = "GREATER_THAN"',
        '    threshold                  = 80',
        '    threshold_type             = "PERCENTAGE"',
        '    notification_type          = "FORECASTED"',
        '    subscriber_email_addresses = ["platform@example.com"]',
        '  }',
        '}',
      ].join('\n'),
    },
    references: {
      docs: [
        'https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-managing-costs.html',
      ],
    },
  },
  ctx => {
    let awsResources = 0;
    const all = ctx.plan.resources;
    for (let i = 0; i < all.length; i++)
      if (all[i].provider === 'aws' && isLive(all[i])) awsResources++;
    if (awsResources === 0) return [];
    const budgets = (ctx.plan.byType.get('aws_budgets_budget') ?? []).filter(
      isLive,
    );
    const subject = { address: '(plan)', resourceType: 'aws_budgets_budget' };
    if (budgets.length > 0) {
      return budgets.map(b => ({
        address: b.address,
        resourceType: b.type,
        action: b.action,
        verdict: 'pass' as const,
        message: `Budget ${String(b.after?.name ?? b.name)} is defined.`,
      }));
    }
    return [
      {
        ...subject,
        verdict: 'fail' as const,
        message: `The plan manages ${awsResources} AWS resources but defines no aws_budgets_budget for ${ctx.environment.name}.`,
      },
    ];
  },
);
