/**
 * `GetCostAndUsageRequest` of the AWS Cost Explorer API (2017-10-25), as the
 * API Reference defines it: members, required members, enums, list bounds
 * and string patterns. Written from the reference, not from the SDK, so the
 * SDK's serialisation is checked against it rather than against itself.
 */
const DIMENSIONS = [
  'AZ',
  'INSTANCE_TYPE',
  'LINKED_ACCOUNT',
  'LINKED_ACCOUNT_NAME',
  'OPERATION',
  'PURCHASE_TYPE',
  'REGION',
  'SERVICE',
  'SERVICE_CODE',
  'USAGE_TYPE',
  'USAGE_TYPE_GROUP',
  'RECORD_TYPE',
  'OPERATING_SYSTEM',
  'TENANCY',
  'SCOPE',
  'PLATFORM',
  'SUBSCRIPTION_ID',
  'LEGAL_ENTITY_NAME',
  'DEPLOYMENT_OPTION',
  'DATABASE_ENGINE',
  'CACHE_ENGINE',
  'INSTANCE_TYPE_FAMILY',
  'BILLING_ENTITY',
  'RESERVATION_ID',
  'RESOURCE_ID',
  'RIGHTSIZING_TYPE',
  'SAVINGS_PLANS_TYPE',
  'SAVINGS_PLAN_ARN',
  'PAYMENT_OPTION',
  'AGREEMENT_END_DATE_TIME_AFTER',
  'AGREEMENT_END_DATE_TIME_BEFORE',
  'INVOICING_ENTITY',
  'ANOMALY_TOTAL_IMPACT_ABSOLUTE',
  'ANOMALY_TOTAL_IMPACT_PERCENTAGE',
];

const METRICS = [
  'AmortizedCost',
  'BlendedCost',
  'NetAmortizedCost',
  'NetUnblendedCost',
  'NormalizedUsageAmount',
  'UnblendedCost',
  'UsageQuantity',
];

const MATCH_OPTIONS = {
  type: 'array',
  items: {
    enum: [
      'EQUALS',
      'ABSENT',
      'STARTS_WITH',
      'ENDS_WITH',
      'CONTAINS',
      'CASE_SENSITIVE',
      'CASE_INSENSITIVE',
      'GREATER_THAN_OR_EQUAL',
    ],
  },
};
const VALUES = { type: 'array', items: { type: 'string', maxLength: 1024 } };
const DATE = {
  type: 'string',
  // YYYY-MM-DD, or an ISO timestamp for HOURLY granularity.
  pattern: '^(\\d{4}-\\d{2}-\\d{2})(T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z)?$',
};

export const GET_COST_AND_USAGE_REQUEST = {
  $id: 'GetCostAndUsageRequest',
  type: 'object',
  additionalProperties: false,
  required: ['TimePeriod', 'Granularity', 'Metrics'],
  properties: {
    TimePeriod: {
      type: 'object',
      additionalProperties: false,
      required: ['Start', 'End'],
      properties: { Start: DATE, End: DATE },
    },
    Granularity: { enum: ['DAILY', 'MONTHLY', 'HOURLY'] },
    Filter: { $ref: '#/definitions/Expression' },
    Metrics: {
      type: 'array',
      minItems: 1,
      items: { enum: METRICS },
    },
    GroupBy: {
      type: 'array',
      maxItems: 2,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['Type', 'Key'],
        properties: {
          Type: { enum: ['DIMENSION', 'TAG', 'COST_CATEGORY'] },
          Key: { type: 'string', minLength: 1, maxLength: 1024 },
        },
      },
    },
    BillingViewArn: {
      type: 'string',
      pattern:
        '^arn:aws[a-z-]*:(billing)::[0-9]{12}:billingview/[-a-zA-Z0-9/:_+=.@]{1,43}$',
    },
    NextPageToken: { type: 'string', minLength: 1, maxLength: 8192 },
  },
  definitions: {
    Expression: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      maxProperties: 1,
      properties: {
        Or: {
          type: 'array',
          minItems: 2,
          items: { $ref: '#/definitions/Expression' },
        },
        And: {
          type: 'array',
          minItems: 2,
          items: { $ref: '#/definitions/Expression' },
        },
        Not: { $ref: '#/definitions/Expression' },
        Dimensions: {
          type: 'object',
          additionalProperties: false,
          required: ['Key'],
          properties: {
            Key: { enum: DIMENSIONS },
            Values: VALUES,
            MatchOptions: MATCH_OPTIONS,
          },
        },
        Tags: {
          type: 'object',
          additionalProperties: false,
          properties: {
            Key: { type: 'string', maxLength: 1024 },
            Values: VALUES,
            MatchOptions: MATCH_OPTIONS,
          },
        },
        CostCategories: {
          type: 'object',
          additionalProperties: false,
          properties: {
            Key: { type: 'string', maxLength: 50 },
            Values: VALUES,
            MatchOptions: MATCH_OPTIONS,
          },
        },
      },
    },
  },
} as const;

export const GROUP_BY_DIMENSIONS = DIMENSIONS;
