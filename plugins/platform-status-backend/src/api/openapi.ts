/**
 * The platform-status REST API as OpenAPI 3.0, served at
 * `/api/platform-status/openapi.json`. Tests hold real responses to it.
 */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullableNumber = { type: 'number', nullable: true };
const str = { type: 'string' };
const time = { type: 'string', format: 'date-time' };
const sourceState = {
  type: 'string',
  enum: ['ok', 'not-configured', 'no-data', 'error'],
};
const severityCounts = {
  type: 'object',
  required: ['critical', 'high', 'medium', 'low'],
  properties: {
    critical: { type: 'integer' },
    high: { type: 'integer' },
    medium: { type: 'integer' },
    low: { type: 'integer' },
  },
};
const runResult = {
  type: 'string',
  enum: ['applied', 'planned', 'blocked', 'failed', 'cancelled'],
};
const entityPath = [
  {
    name: 'kind',
    in: 'path',
    required: true,
    schema: str,
    example: 'component',
  },
  {
    name: 'namespace',
    in: 'path',
    required: true,
    schema: str,
    example: 'default',
  },
  {
    name: 'name',
    in: 'path',
    required: true,
    schema: str,
    example: 'payments-api',
  },
];
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map(code => [
      String(code),
      {
        description: {
          400: 'Invalid input; the message names the field',
          401: 'No or invalid credentials',
          403: 'Not allowed',
          404: 'No such entity, or the caller may not read it',
          429: 'Refreshed too recently; see Retry-After',
        }[code],
        content: { 'application/json': { schema: ref('Error') } },
      },
    ]),
  );

const document = {
  openapi: '3.0.3',
  info: {
    title: 'Groundwork platform status',
    version: '1',
    description:
      'Per catalog entity and environment: delivery (Argo CD), infrastructure runs (terraform:apply), cost (estimate, actual, budget) and compliance. Reading follows catalog.entity.read for the entity.',
  },
  servers: [{ url: '/api/platform-status' }],
  paths: {
    '/entities/{kind}/{namespace}/{name}': {
      get: {
        operationId: 'getEntityStatus',
        summary: 'Everything the entity page shows, in one response',
        parameters: entityPath,
        responses: {
          '200': {
            description:
              'The status of every environment of the entity, with an ETag (weak: the status, not generatedAt) and Cache-Control: private, no-cache',
            headers: { ETag: { schema: { type: 'string' } } },
            content: {
              'application/json': { schema: ref('EntityStatusResponse') },
            },
          },
          '304': {
            description:
              'If-None-Match names the current ETag: the status has not changed. Only for a caller who may read the entity; anyone else gets 403 or 404 as without the header.',
            headers: { ETag: { schema: { type: 'string' } } },
          },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/refresh': {
      post: {
        operationId: 'refreshEntityStatus',
        summary:
          'Re-reads the entity from the catalog and its Argo CD applications now (needs platform-status.entity.refresh; rate-limited per entity)',
        parameters: entityPath,
        responses: {
          '200': {
            description: 'The refreshed status',
            content: {
              'application/json': { schema: ref('EntityStatusResponse') },
            },
          },
          ...errors(400, 401, 403, 404, 429),
        },
      },
    },
    '/overview': {
      get: {
        operationId: 'getOverview',
        summary: 'One row per entity and environment, for the portfolio page',
        parameters: [
          {
            name: 'owner',
            in: 'query',
            schema: str,
            description:
              'Owner refs, comma-separated or repeated (group:default/payments or payments)',
          },
          {
            name: 'kind',
            in: 'query',
            schema: str,
            description: 'Entity kinds',
          },
          {
            name: 'system',
            in: 'query',
            schema: str,
            description: 'System refs',
          },
          {
            name: 'environment',
            in: 'query',
            schema: str,
            description: 'Environment names',
          },
          {
            name: 'sort',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['cost', 'budgetUse', 'compliance', 'name'],
              default: 'cost',
            },
          },
          {
            name: 'order',
            in: 'query',
            schema: { type: 'string', enum: ['asc', 'desc'] },
            description:
              'Default: desc for cost and budgetUse, asc for compliance and name',
          },
          {
            name: 'offset',
            in: 'query',
            schema: { type: 'integer', minimum: 0, default: 0 },
          },
          {
            name: 'limit',
            in: 'query',
            schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          },
        ],
        responses: {
          '200': {
            description: 'A page of rows the caller may read',
            content: {
              'application/json': { schema: ref('OverviewResponse') },
            },
          },
          ...errors(400, 401, 403),
        },
      },
    },
    '/reports/infrastructure': {
      post: {
        operationId: 'reportInfrastructureRun',
        summary:
          "Records an infrastructure run. Only from a plugin in platformStatus.ingestion.reporters (default: scaffolder, i.e. terraform:apply through @groundwork/plugin-platform-status-node) acting for a person who may change the entity, or from this plugin's own modules; 403 for every other caller.",
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: ref('InfrastructureRunReport') },
          },
        },
        responses: {
          '201': {
            description: 'Recorded',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['entityRef', 'environment', 'runId'],
                  properties: { entityRef: str, environment: str, runId: str },
                },
              },
            },
          },
          ...errors(400, 401, 403),
        },
      },
    },
  },
  components: {
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['name', 'message'],
            properties: { name: str, message: str },
          },
          request: { type: 'object' },
          response: {
            type: 'object',
            properties: { statusCode: { type: 'integer' } },
          },
        },
      },
      Finding: {
        type: 'object',
        required: [
          'ruleId',
          'title',
          'severity',
          'verdict',
          'address',
          'resourceType',
          'message',
        ],
        properties: {
          ruleId: str,
          title: str,
          severity: {
            type: 'string',
            enum: ['critical', 'high', 'medium', 'low'],
          },
          verdict: {
            type: 'string',
            enum: [
              'pass',
              'fail',
              'warn',
              'not-applicable',
              'unknown',
              'waived',
            ],
          },
          address: str,
          resourceType: str,
          message: str,
          remediation: str,
          waiver: {
            type: 'object',
            required: ['reason', 'owner', 'expires', 'expired'],
            properties: {
              reason: str,
              owner: str,
              expires: str,
              expired: { type: 'boolean' },
            },
          },
        },
      },
      SourceError: {
        type: 'object',
        required: ['source', 'message', 'at'],
        properties: {
          source: {
            type: 'string',
            enum: ['delivery', 'infrastructure', 'cost', 'compliance'],
          },
          message: str,
          at: time,
        },
      },
      EnvironmentStatus: {
        type: 'object',
        required: [
          'name',
          'order',
          'delivery',
          'infrastructure',
          'cost',
          'compliance',
          'asOf',
          'errors',
        ],
        properties: {
          name: str,
          title: str,
          order: { type: 'integer' },
          production: { type: 'boolean' },
          delivery: {
            type: 'object',
            required: ['state'],
            properties: {
              state: sourceState,
              instance: str,
              appName: str,
              syncStatus: str,
              healthStatus: str,
              revision: str,
              lastDeployedAt: str,
              url: str,
              asOf: time,
              error: str,
            },
          },
          infrastructure: {
            type: 'object',
            required: ['state'],
            properties: {
              state: sourceState,
              result: runResult,
              runId: str,
              finishedAt: time,
              summary: {
                type: 'object',
                properties: {
                  add: { type: 'integer' },
                  change: { type: 'integer' },
                  destroy: { type: 'integer' },
                  replace: { type: 'integer' },
                },
              },
              resourceCount: { type: 'integer' },
              runUrl: str,
              taskUrl: str,
              message: str,
              asOf: time,
              error: str,
              stateLocation: str,
            },
          },
          cost: {
            type: 'object',
            required: [
              'estimatedMonthly',
              'actualMonthToDate',
              'budgetMonthly',
              'currency',
              'budgetUsed',
              'estimateState',
              'actualState',
              'trend',
            ],
            properties: {
              estimatedMonthly: nullableNumber,
              actualMonthToDate: nullableNumber,
              budgetMonthly: nullableNumber,
              currency: str,
              budgetUsed: nullableNumber,
              forecastMonthly: nullableNumber,
              estimateState: sourceState,
              actualState: sourceState,
              estimateAsOf: time,
              actualAsOf: time,
              trend: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['at'],
                  properties: {
                    at: time,
                    estimatedMonthly: { type: 'number' },
                    actualMonthToDate: { type: 'number' },
                  },
                },
              },
            },
          },
          compliance: {
            type: 'object',
            required: ['state', 'score', 'failed', 'waived', 'findings'],
            properties: {
              state: sourceState,
              score: nullableNumber,
              failed: severityCounts,
              waived: { type: 'integer' },
              findings: { type: 'array', items: ref('Finding') },
              asOf: time,
              runId: str,
              threshold: {
                type: 'string',
                enum: ['critical', 'high', 'medium', 'low'],
              },
              blocking: { type: 'boolean' },
            },
          },
          asOf: { type: 'string', format: 'date-time', nullable: true },
          errors: { type: 'array', items: ref('SourceError') },
        },
      },
      EntityStatusResponse: {
        type: 'object',
        required: ['entityRef', 'environments', 'warnings', 'generatedAt'],
        properties: {
          entityRef: str,
          environments: { type: 'array', items: ref('EnvironmentStatus') },
          warnings: { type: 'array', items: str },
          generatedAt: time,
        },
      },
      OverviewRow: {
        type: 'object',
        required: [
          'entityRef',
          'kind',
          'environment',
          'estimatedMonthly',
          'actualMonthToDate',
          'budgetMonthly',
          'budgetUsed',
          'complianceScore',
          'failed',
          'asOf',
        ],
        properties: {
          entityRef: str,
          title: str,
          kind: str,
          owner: str,
          system: str,
          environment: str,
          syncStatus: str,
          healthStatus: str,
          infrastructureResult: runResult,
          estimatedMonthly: nullableNumber,
          actualMonthToDate: nullableNumber,
          budgetMonthly: nullableNumber,
          budgetUsed: nullableNumber,
          complianceScore: nullableNumber,
          failed: severityCounts,
          asOf: { type: 'string', format: 'date-time', nullable: true },
        },
      },
      OverviewResponse: {
        type: 'object',
        required: ['items', 'totalCount', 'offset', 'limit', 'currency'],
        properties: {
          items: { type: 'array', items: ref('OverviewRow') },
          totalCount: { type: 'integer' },
          offset: { type: 'integer' },
          limit: { type: 'integer' },
          currency: str,
        },
      },
      InfrastructureRunReport: {
        type: 'object',
        description:
          'InfrastructureRunReport from @groundwork/plugin-platform-status-common',
        required: [
          'entityRef',
          'environment',
          'runId',
          'tool',
          'executor',
          'result',
          'startedAt',
          'finishedAt',
          'summary',
          'resourceCount',
          'findings',
          'compliance',
        ],
        properties: {
          entityRef: str,
          environment: str,
          runId: str,
          tool: { type: 'string', enum: ['terraform', 'tofu'] },
          executor: { type: 'string', enum: ['cli', 'hcp'] },
          result: runResult,
          startedAt: time,
          finishedAt: time,
          message: str,
          runUrl: str,
          taskUrl: str,
          summary: { type: 'object' },
          resourceCount: { type: 'integer' },
          findings: { type: 'array', items: ref('Finding'), maxItems: 5000 },
          compliance: { type: 'object' },
          cost: { type: 'object' },
        },
      },
    },
  },
};

export function openApiDocument(): object {
  return document;
}
