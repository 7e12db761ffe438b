/**
 * The usage figures the estimator knows, with what each one counts. A
 * usage file (the JSON/YAML shape or an Infracost usage file) gives them
 * per resource address or pattern; a pricer reads the ones its type bills.
 */
export const USAGE_FIGURES = {
  monthlyRequests: 'requests (or invocations, executions, API calls) a month',
  averageDurationMs: 'average duration of a request, in milliseconds',
  storageGb: 'GB stored (average over the month)',
  longTermStorageGb: 'GB in a long-term / infrequent-access storage class',
  monthlyIngestGb: 'GB ingested a month (logs, streams, telemetry)',
  monthlyDataProcessedGb: 'GB processed a month (gateways, endpoints)',
  monthlyDataTransferGb: 'GB transferred out a month',
  monthlyReadRequestUnits: 'on-demand read request units a month',
  monthlyWriteRequestUnits: 'on-demand write request units a month',
  monthlyIoRequests: 'storage I/O requests a month',
  monthlyTransitions: 'state transitions a month',
  monthlyBuildMinutes: 'build minutes a month',
  monthlyDataScannedTb: 'TB scanned by queries a month',
  monthlyMessageDataTb: 'TB of message data a month',
  monthlyMessages: 'messages a month',
  monthlyEvents:
    'billable events a month (rule evaluations, event copies, ingress events)',
  monthlyDataEvents: 'data events a month',
  monthlyQueries: 'DNS queries a month',
  monthlyOperations: 'operations a month',
  monthlyHours: 'hours of use a month (job, connection or instance hours)',
  memoryMb: 'memory per execution, in MB',
  instances: 'instances (or VMs assigned)',
  concurrency: 'concurrent requests per instance',
} as const;

export type UsageFigureName = keyof typeof USAGE_FIGURES;

export const USAGE_FIGURE_NAMES = Object.keys(
  USAGE_FIGURES,
) as readonly UsageFigureName[];
