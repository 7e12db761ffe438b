/**
 * The parts of the HCP Terraform / Terraform Enterprise API v2 that
 * `terraform:apply` uses, written down as an OpenAPI 3.0 document because
 * HashiCorp publishes no machine-readable description. Shapes follow the
 * API reference (developer.hashicorp.com/terraform/cloud-docs/api-docs):
 * workspaces, workspace-variables, configuration-versions, run, plans,
 * applies, state-versions. Request attributes are closed
 * (`additionalProperties: false`) to the documented names, so a misspelt
 * attribute is a violation, as it would be silently ignored by the real
 * service.
 */

const resource = (type: string, attributes: object = { type: 'object' }) => ({
  type: 'object',
  required: ['id', 'type', 'attributes'],
  properties: {
    id: { type: 'string' },
    type: { const: type },
    attributes,
    relationships: { type: 'object' },
    links: { type: 'object' },
  },
});

const document = (type: string, attributes?: object) => ({
  type: 'object',
  required: ['data'],
  properties: { data: resource(type, attributes), included: { type: 'array' } },
});

const list = (type: string) => ({
  type: 'object',
  required: ['data'],
  properties: { data: { type: 'array', items: resource(type) } },
});

/** A JSON:API request document: `data.type` fixed, attributes closed. */
const body = (
  type: string,
  attributes: Record<string, object>,
  options: { required?: string[]; relationships?: object; id?: boolean } = {},
) => ({
  type: 'object',
  required: ['data'],
  additionalProperties: false,
  properties: {
    data: {
      type: 'object',
      required: ['type', 'attributes', ...(options.id ? ['id'] : [])],
      additionalProperties: false,
      properties: {
        type: { const: type },
        ...(options.id && { id: { type: 'string' } }),
        attributes: {
          type: 'object',
          additionalProperties: false,
          required: options.required ?? [],
          properties: attributes,
        },
        ...(options.relationships && { relationships: options.relationships }),
      },
    },
  },
});

const relationship = (type: string) => ({
  type: 'object',
  required: ['data'],
  properties: {
    data: {
      type: 'object',
      required: ['type', 'id'],
      properties: { type: { const: type }, id: { type: 'string' } },
    },
  },
});

const errors = {
  description: 'JSON API error object',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['errors'],
        properties: {
          errors: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                status: { type: 'string' },
                title: { type: 'string' },
                detail: { type: 'string' },
              },
            },
          },
        },
      },
    },
  },
};

const json = (schema: object, description = 'JSON API document') => ({
  description,
  content: { 'application/json': { schema } },
});

const pathParam = (name: string) => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string', minLength: 1 },
});

const actionBody = {
  required: false,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: { comment: { type: ['string', 'null'] } },
      },
    },
  },
};

const action = (name: string, id: string) => ({
  post: {
    operationId: id,
    summary: `${name} a run`,
    parameters: [pathParam('run_id')],
    requestBody: actionBody,
    responses: {
      '202': { description: 'queued' },
      '404': errors,
      '409': errors,
    },
  },
});

const varAttributes = {
  key: { type: 'string', minLength: 1 },
  value: { type: 'string' },
  description: { type: ['string', 'null'] },
  category: { enum: ['terraform', 'env'] },
  hcl: { type: 'boolean' },
  sensitive: { type: 'boolean' },
};

export const HCP_TERRAFORM_API = {
  openapi: '3.0.3',
  info: {
    title: 'HCP Terraform API (subset used by terraform:apply)',
    version: 'v2',
  },
  paths: {
    '/api/v2/organizations/{organization_name}/workspaces/{name}': {
      get: {
        operationId: 'showWorkspace',
        parameters: [pathParam('organization_name'), pathParam('name')],
        responses: { '200': json(document('workspaces')), '404': errors },
      },
    },
    '/api/v2/organizations/{organization_name}/workspaces': {
      post: {
        operationId: 'createWorkspace',
        parameters: [pathParam('organization_name')],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: body(
                'workspaces',
                {
                  name: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,90}$' },
                  'auto-apply': { type: 'boolean' },
                  description: { type: 'string' },
                  'execution-mode': { enum: ['remote', 'local', 'agent'] },
                  'terraform-version': { type: 'string' },
                  'working-directory': { type: 'string' },
                  // VCS-driven workspaces (Workspaces API, "Create a
                  // Workspace": vcs-repo and its keys, file triggers).
                  'file-triggers-enabled': { type: 'boolean' },
                  'trigger-prefixes': {
                    type: 'array',
                    items: { type: 'string' },
                  },
                  'vcs-repo': {
                    type: 'object',
                    additionalProperties: false,
                    required: ['identifier'],
                    properties: {
                      identifier: {
                        type: 'string',
                        pattern: '^[^/]+/[^/]+$',
                      },
                      branch: { type: 'string' },
                      'oauth-token-id': { type: 'string' },
                      'github-app-installation-id': { type: 'string' },
                      'ingress-submodules': { type: 'boolean' },
                      'tags-regex': { type: 'string' },
                    },
                  },
                },
                { required: ['name'] },
              ),
            },
          },
        },
        responses: {
          '201': json(document('workspaces')),
          '404': errors,
          '422': errors,
        },
      },
    },
    '/api/v2/workspaces/{workspace_id}/vars': {
      get: {
        operationId: 'listWorkspaceVars',
        parameters: [pathParam('workspace_id')],
        responses: { '200': json(list('vars')), '404': errors },
      },
      post: {
        operationId: 'createWorkspaceVar',
        parameters: [pathParam('workspace_id')],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: body('vars', varAttributes, {
                required: ['key', 'category'],
              }),
            },
          },
        },
        responses: {
          '201': json(document('vars')),
          '404': errors,
          '422': errors,
        },
      },
    },
    '/api/v2/workspaces/{workspace_id}/vars/{variable_id}': {
      patch: {
        operationId: 'updateWorkspaceVar',
        parameters: [pathParam('workspace_id'), pathParam('variable_id')],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: body('vars', varAttributes, { id: true }),
            },
          },
        },
        responses: {
          '200': json(document('vars')),
          '404': errors,
          '422': errors,
        },
      },
    },
    '/api/v2/workspaces/{workspace_id}/configuration-versions': {
      post: {
        operationId: 'createConfigurationVersion',
        parameters: [pathParam('workspace_id')],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: body('configuration-versions', {
                'auto-queue-runs': { type: 'boolean' },
                speculative: { type: 'boolean' },
                provisional: { type: 'boolean' },
              }),
            },
          },
        },
        responses: {
          '201': json(document('configuration-versions')),
          '404': errors,
          '422': errors,
        },
      },
    },
    '/api/v2/configuration-versions/{configuration_id}': {
      get: {
        operationId: 'showConfigurationVersion',
        parameters: [pathParam('configuration_id')],
        responses: {
          '200': json(document('configuration-versions')),
          '404': errors,
        },
      },
    },
    '/api/v2/runs': {
      post: {
        operationId: 'createRun',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: body(
                'runs',
                {
                  'auto-apply': { type: 'boolean' },
                  'is-destroy': { type: 'boolean' },
                  message: { type: 'string' },
                  refresh: { type: 'boolean' },
                  'refresh-only': { type: 'boolean' },
                  'replace-addrs': { type: 'array', items: { type: 'string' } },
                  'target-addrs': { type: 'array', items: { type: 'string' } },
                  variables: { type: 'array' },
                  'plan-only': { type: 'boolean' },
                  'terraform-version': { type: 'string' },
                  'allow-empty-apply': { type: 'boolean' },
                },
                {
                  relationships: {
                    type: 'object',
                    required: ['workspace'],
                    additionalProperties: false,
                    properties: {
                      workspace: relationship('workspaces'),
                      'configuration-version': relationship(
                        'configuration-versions',
                      ),
                    },
                  },
                },
              ),
            },
          },
        },
        responses: {
          '201': json(document('runs')),
          '404': errors,
          '422': errors,
        },
      },
    },
    '/api/v2/runs/{run_id}': {
      get: {
        operationId: 'getRun',
        parameters: [pathParam('run_id')],
        responses: {
          '200': json(
            document('runs', {
              type: 'object',
              required: ['status', 'actions'],
              properties: {
                status: { type: 'string' },
                actions: { type: 'object' },
              },
            }),
          ),
          '404': errors,
        },
      },
    },
    '/api/v2/runs/{run_id}/actions/apply': action('Apply', 'applyRun'),
    '/api/v2/runs/{run_id}/actions/discard': action('Discard', 'discardRun'),
    '/api/v2/runs/{run_id}/actions/cancel': action('Cancel', 'cancelRun'),
    '/api/v2/runs/{run_id}/actions/force-cancel': action(
      'Force-cancel',
      'forceCancelRun',
    ),
    '/api/v2/plans/{plan_id}': {
      get: {
        operationId: 'showPlan',
        parameters: [pathParam('plan_id')],
        responses: { '200': json(document('plans')), '404': errors },
      },
    },
    '/api/v2/plans/{plan_id}/json-output': {
      get: {
        operationId: 'planJsonOutput',
        parameters: [pathParam('plan_id')],
        responses: {
          '204': {
            description: 'Plan JSON supported, but plan has not yet completed',
          },
          '307': { description: 'Temporary redirect to the plan JSON' },
          '422': errors,
        },
      },
    },
    '/api/v2/applies/{apply_id}': {
      get: {
        operationId: 'showApply',
        parameters: [pathParam('apply_id')],
        responses: { '200': json(document('applies')), '404': errors },
      },
    },
    // Assessment Results API (health assessments, drift detection):
    // https://developer.hashicorp.com/terraform/cloud-docs/api-docs/assessment-results
    // The workspace's current one is its `current-assessment-result`
    // relationship; 404 when assessments are off or none has run.
    '/api/v2/workspaces/{workspace_id}/current-assessment-result': {
      get: {
        operationId: 'currentAssessmentResult',
        parameters: [pathParam('workspace_id')],
        responses: {
          '200': json(
            document('assessment-results', {
              type: 'object',
              required: ['drifted', 'succeeded', 'created-at'],
              properties: {
                drifted: { type: 'boolean' },
                succeeded: { type: 'boolean' },
                'error-msg': { type: ['string', 'null'] },
                'created-at': { type: 'string', minLength: 20 },
                'resources-drifted': { type: 'integer', minimum: 0 },
                'resources-undrifted': { type: 'integer', minimum: 0 },
              },
            }),
          ),
          '404': errors,
        },
      },
    },
    // "The responses do not adhere to JSON API spec"; refused to
    // organization tokens (a user or team token with admin access is needed).
    '/api/v2/assessment-results/{assessment_result_id}/json-output': {
      get: {
        operationId: 'assessmentJsonOutput',
        parameters: [pathParam('assessment_result_id')],
        responses: {
          '200': {
            description: 'The JSON plan of the assessment (refresh-only)',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['format_version'],
                  properties: {
                    format_version: { type: 'string' },
                    resource_drift: { type: 'array' },
                  },
                },
              },
            },
          },
          '403': errors,
          '404': errors,
        },
      },
    },
    '/api/v2/workspaces/{workspace_id}/current-state-version': {
      get: {
        operationId: 'currentStateVersion',
        parameters: [
          pathParam('workspace_id'),
          {
            name: 'include',
            in: 'query',
            required: false,
            schema: { enum: ['outputs'] },
          },
        ],
        responses: { '200': json(document('state-versions')), '404': errors },
      },
    },
  },
};
