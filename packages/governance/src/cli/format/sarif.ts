import { createHash } from 'crypto';
import { isAbsolute, relative, sep } from 'path';
import { pathToFileURL } from 'url';
import { RULES } from '../../policy/rules';
import type { Finding, Severity } from '../../policy/types';
import { sortFindings } from './common';
import type { Report } from './report';

/** GitHub code scanning ranks security alerts by this score. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
};
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};

/**
 * Line and column of each resource address's first mention in the plan
 * text, found in one pass; SARIF needs a physical location for every result.
 */
export function addressPositions(
  text: string,
): Map<string, { line: number; column: number }> {
  const positions = new Map<string, { line: number; column: number }>();
  const re = /"address"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    for (let i = scanned; i < m.index; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    scanned = m.index;
    const address = JSON.parse(`"${m[1]}"`) as string;
    if (!positions.has(address))
      positions.set(address, { line, column: m.index - lineStart + 1 });
  }
  return positions;
}

/**
 * GitHub code scanning keeps at most 25,000 results per run and rejects
 * larger uploads; beyond that the worst findings are kept and the run says
 * how many were left out.
 */
export const MAX_SARIF_RESULTS = 25_000;

const REPORTED: ReadonlySet<string> = new Set([
  'fail',
  'unknown',
  'warn',
  'waived',
]);

/**
 * The plan's location as code scanning expects it: a path relative to the
 * working directory (the checkout, in CI) when it lies inside it, else a
 * file:// URI, never a bare absolute path.
 */
export function artifactUri(planPath: string, cwd = process.cwd()): string {
  if (planPath === '-') return 'plan.json';
  if (!isAbsolute(planPath)) {
    return planPath.split(sep).join('/').replace(/^\.\//, '');
  }
  const rel = relative(cwd, planPath);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel))
    return rel.split(sep).join('/');
  return pathToFileURL(planPath).href;
}

function level(f: Finding): 'error' | 'warning' | 'note' {
  if (f.verdict === 'fail') return LEVEL[f.severity];
  return f.verdict === 'unknown' ? 'warning' : 'note';
}

/** SARIF 2.1.0, as GitHub code scanning accepts it. */
export function formatSarif(report: Report): string {
  const positions = addressPositions(report.planText);
  const uri = artifactUri(report.planPath);
  const rules = [...RULES, ...(report.customRules ?? [])];
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const reported = sortFindings(
    report.evaluation.findings.filter(f => REPORTED.has(f.verdict)),
  );
  const omitted = Math.max(0, reported.length - MAX_SARIF_RESULTS);
  const results = reported.slice(0, MAX_SARIF_RESULTS).map(f => {
    const pos = positions.get(f.address) ?? { line: 1, column: 1 };
    return {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId),
      level: f.verdict === 'waived' ? LEVEL[f.severity] : level(f),
      message: { text: `${f.address}: ${f.message}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri },
            region: { startLine: pos.line, startColumn: pos.column },
          },
          logicalLocations: [
            { fullyQualifiedName: f.address, kind: 'resource' },
          ],
        },
      ],
      partialFingerprints: {
        'groundworkFinding/v1': createHash('sha256')
          .update(`${f.ruleId}|${f.address}`)
          .digest('hex'),
      },
      properties: {
        verdict: f.waivedVerdict ?? f.verdict,
        severity: f.severity,
        resourceType: f.resourceType,
        ...(f.saving ? { saving: f.saving } : {}),
      },
      ...(f.verdict === 'waived' && f.waiver
        ? {
            suppressions: [
              {
                kind: 'external',
                status: 'accepted',
                justification: `${f.waiver.reason} (owner ${f.waiver.owner}, expires ${f.waiver.expires})`,
              },
            ],
          }
        : {}),
    };
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'groundwork-governance',
            version: report.toolVersion,
            informationUri:
              'https://github.com/groundwork-dev/groundwork/tree/main/packages/governance',
            rules: rules.map(r => ({
              id: r.id,
              name: r.id.replace(/-/g, ''),
              shortDescription: { text: r.title },
              fullDescription: { text: r.rationale },
              help: {
                text: `${r.remediation.text}\n\n${r.remediation.terraform}`,
                markdown: `${r.remediation.text}\n\n\`\`\`hcl\n${r.remediation.terraform}\n\`\`\``,
              },
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: {
                // SARIF tags are unique: Terraform rules' provider is `terraform`.
                tags: [
                  ...new Set([
                    'security',
                    'terraform',
                    r.provider,
                    ...r.references.checkov,
                    ...r.references.cis,
                  ]),
                ],
                'security-severity': SECURITY_SEVERITY[r.severity],
                precision: 'high',
              },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            ...(omitted > 0
              ? {
                  toolExecutionNotifications: [
                    {
                      level: 'warning',
                      message: {
                        text: `${omitted} of ${reported.length} findings were left out: code scanning accepts at most ${MAX_SARIF_RESULTS} results per run. The least severe were dropped; use --format json for all of them.`,
                      },
                    },
                  ],
                }
              : {}),
          },
        ],
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}
