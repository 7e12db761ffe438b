import type { AccessReviewEntry } from '@groundwork/plugin-requests-common';

const HEADER = [
  'system',
  'environment',
  'person',
  'githubLogin',
  'grant',
  'persona',
  'requestId',
  'file',
  'since',
  'until',
  'github',
  'mismatch',
];

/** RFC 4180 quoting; a leading =,+,-,@ is defused so a spreadsheet reads data, not a formula. */
function cell(value: string | undefined): string {
  let v = value ?? '';
  if (/^[=+\-@]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The review as CSV, for an auditor's spreadsheet. */
export function accessReviewCsv(entries: AccessReviewEntry[]): string {
  const rows = entries.map(e =>
    [
      e.system,
      e.environment,
      e.person,
      e.githubLogin,
      e.grant,
      e.via.persona,
      e.via.requestId,
      e.via.file,
      e.since,
      e.until,
      e.github,
      e.mismatch,
    ]
      .map(cell)
      .join(','),
  );
  return `${[HEADER.join(','), ...rows].join('\r\n')}\r\n`;
}
