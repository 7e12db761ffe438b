import type { StructureCheck } from './checkModuleStructure';
import type { EnvironmentVerdict } from './governExamplePlan';

const ICON: Record<string, string> = { pass: '✅', fail: '❌', warn: '⚠️' };

const money = (n: number, currency: string) =>
  `${n.toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })} ${currency}`;

/** The check results as Markdown, for the task log and the pull request. */
export function renderCheckReport(
  checks: StructureCheck[],
  governance: EnvironmentVerdict[] | undefined,
  planPath?: string,
): string {
  const lines = [
    '### Module structure',
    '',
    '| | Check | Result |',
    '|---|---|---|',
  ];
  for (const c of checks) {
    lines.push(
      `| ${ICON[c.status]} | ${c.title} | ${c.message.replace(/\|/g, '\\|')} |`,
    );
  }
  lines.push('');
  if (!governance) {
    lines.push(
      '### Governance',
      '',
      'No example plan was supplied, so the policy pack did not run. Attach `terraform show -json` of an example to gate the release.',
    );
    return lines.join('\n');
  }
  lines.push(
    `### Governance of \`${planPath ?? 'the example plan'}\``,
    '',
    '| Environment | Blocks at | Result | Failed (critical/high/medium/low) | Score | Estimated monthly cost |',
    '|---|---|---|---|---|---|',
  );
  for (const g of governance) {
    const f = g.failed;
    lines.push(
      `| ${g.environment}${g.production ? ' (production)' : ''} | ${
        g.threshold
      } | ${g.blocking ? '❌ blocked' : '✅ passes'} | ${f.critical}/${
        f.high
      }/${f.medium}/${f.low} | ${g.score} | ${money(
        g.monthlyCost,
        g.currency,
      )} |`,
    );
  }
  const listed = governance.flatMap(g =>
    [
      ...g.blockingFindings.map(f => ({ ...f, blocks: true })),
      ...g.otherFailures.map(f => ({ ...f, blocks: false })),
    ].map(f => ({ ...f, environment: g.environment })),
  );
  if (listed.length) {
    lines.push(
      '',
      '| Environment | Rule | Severity | Resource | Finding |',
      '|---|---|---|---|---|',
    );
    for (const f of listed) {
      lines.push(
        `| ${f.environment} | ${f.blocks ? '❌ ' : ''}${f.ruleId} ${
          f.title
        } | ${f.severity} | \`${f.address}\` | ${f.message.replace(
          /\|/g,
          '\\|',
        )} |`,
      );
    }
  }
  return lines.join('\n');
}
