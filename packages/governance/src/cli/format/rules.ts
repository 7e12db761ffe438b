import { listRules } from '../../policy/listRules';
import type { OutputFormat } from '../args';

/** `groundwork-governance rules`: every rule with its references. */
export function formatRules(format: OutputFormat): string {
  const rules = listRules();
  if (format === 'json') return JSON.stringify({ rules }, null, 2);
  if (format === 'markdown') return rulesMarkdownTable();
  const width = Math.max(...rules.map(r => r.id.length));
  return rules
    .map(
      r =>
        `${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.title}${
          r.productionOnly ? ' (production)' : ''
        }`,
    )
    .join('\n');
}

/** The rule table of the README (kept in sync by a test). */
export function rulesMarkdownTable(): string {
  // Titles like '"*" on "*"' would otherwise read as emphasis.
  const md = (text: string) => text.replace(/([*|])/g, '\\$1');
  const rows = listRules().map(r => {
    const refs =
      [...r.references.checkov, ...r.references.cis].join(', ') || '-';
    return `| ${r.id} | ${r.severity} | ${md(r.title)}${
      r.productionOnly ? ' (production only)' : ''
    } | ${refs} |`;
  });
  return [
    '| Id | Severity | Title | References |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}
