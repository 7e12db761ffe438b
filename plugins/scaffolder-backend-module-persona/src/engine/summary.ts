import { Approval } from '../approval';
import { Subject } from '../subject';
import { SYSTEM_TITLES, TargetResult } from './results';

function cell(value: string | undefined): string {
  return (value ?? '').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

const STATUS_TEXT: Record<TargetResult['status'], string> = {
  added: '✅ added',
  unchanged: '➖ unchanged',
  invited: '✉️ invited',
  removed: '🗑️ removed',
  failed: '❌ failed',
  planned: '📝 planned (dry run)',
  skipped: '⏭️ skipped',
  pending: '⏳ waits for approval',
};

function approvalText(approval: Approval): string {
  if (!approval.required) return 'not required';
  const why = `required (${cell(approval.reason)})`;
  if (approval.requestId) {
    return `${why}; request [${approval.requestId}](${approval.requestUrl}) waits for a second person in the portal`;
  }
  return `${why}; ${approval.state ?? 'not requested'}`;
}

/** The pull request body: who, what persona, what each system grants, what happened. */
export function renderSummary(options: {
  mode: 'onboard' | 'offboard';
  subject: Subject;
  approval: Approval;
  results: TargetResult[];
  written: string[];
  deleted: string[];
  dryRun: boolean;
}): string {
  const { mode, subject, approval, results, written, deleted, dryRun } =
    options;
  const { person, persona, team } = subject;
  const who = person.name ?? person.githubLogin;
  const lines: string[] = [
    `## ${mode === 'onboard' ? 'Onboarding' : 'Offboarding'}: ${cell(
      who,
    )} as ${cell(persona.title)}${dryRun ? ' (dry run)' : ''}`,
    '',
    `| | |`,
    `|---|---|`,
    `| Person | ${cell(who)} <${cell(person.email)}>, GitHub @${cell(
      person.githubLogin,
    )} |`,
    `| Persona | ${cell(persona.title)} (\`${persona.id}\`): ${cell(
      persona.description,
    )} |`,
    `| Team | \`${team.ref}\` |`,
    `| Environments | ${subject.grants
      .map(
        g =>
          `${g.environment.name}${
            g.environment.production ? ' (production)' : ''
          }: ${g.access}`,
      )
      .join(', ')} |`,
  ];
  if (subject.startDate) lines.push(`| Start date | ${subject.startDate} |`);
  if (subject.endDate) lines.push(`| End date | ${subject.endDate} |`);
  if (subject.manager) lines.push(`| Manager | \`${subject.manager}\` |`);
  if (mode === 'onboard') {
    lines.push(`| Approval | ${approvalText(approval)} |`);
  }
  lines.push('', mode === 'onboard' ? '### Granted' : '### Revoked', '');
  lines.push('| System | Environment | Target | Result |', '|---|---|---|---|');
  for (const r of results) {
    lines.push(
      `| ${SYSTEM_TITLES[r.system]} | ${r.environment ?? ''} | ${cell(
        r.target,
      )} | ${STATUS_TEXT[r.status]}${r.detail ? `: ${cell(r.detail)}` : ''} |`,
    );
  }
  if (written.length || deleted.length) {
    lines.push('', '### Files for review', '');
    for (const f of written) lines.push(`- \`${f}\``);
    for (const f of deleted) lines.push(`- \`${f}\` (deleted)`);
  }
  const failed = results.filter(r => r.status === 'failed');
  if (failed.length) {
    lines.push(
      '',
      `> **${failed.length} target${
        failed.length > 1 ? 's' : ''
      } failed.** Run the step again: what is done stays done, the rest is retried.`,
    );
  }
  return `${lines.join('\n')}\n`;
}
