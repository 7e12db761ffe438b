import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { InfrastructureRunReport } from '@groundwork/plugin-platform-status-common';
import type { GroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import Ajv2020, { ErrorObject } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { entityRefFromPath } from '../api/parseRequest';
import { spec } from '../schema/openapi.generated';

/*
 * The report's shape is InfrastructureRunReport in the OpenAPI spec
 * (src/schema/openapi.yaml), the same schema the API documents; here it is
 * checked in the route, after the caller is known to be a reporter, and for
 * reports that do not come over HTTP.
 */
const validateShape = (() => {
  // strict: false, as the spec's other keywords (paths, examples) are not JSON schema.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(spec as object, 'platform-status');
  return ajv.getSchema(
    'platform-status#/components/schemas/InfrastructureRunReport',
  )!;
})();

function describe(error: ErrorObject): string {
  const path = error.instancePath.slice(1).replace(/\//g, '.');
  const at = (field: string) => (path ? `${path}.${field}` : field);
  switch (error.keyword) {
    case 'required':
      return `${at(error.params.missingProperty)}: is required`;
    case 'additionalProperties':
      return `${at(
        error.params.additionalProperty,
      )}: is not a field of the report`;
    case 'enum':
      return `${path}: must be one of ${error.params.allowedValues.join(', ')}`;
    default:
      return `${path || '(body)'}: ${error.message}`;
  }
}

/**
 * Checks a report from `terraform:apply` and returns it with its entity ref
 * in canonical form. Throws `InputError` naming every invalid field.
 */
export function validateInfrastructureReport(
  body: unknown,
  options: { environments: GroundworkEnvironments; maxFindings: number },
): InfrastructureRunReport {
  const problems = validateShape(body)
    ? []
    : (validateShape.errors ?? []).map(describe);
  const findings = (body as { findings?: unknown } | undefined)?.findings;
  if (Array.isArray(findings) && findings.length > options.maxFindings) {
    problems.unshift(
      `findings: has ${findings.length} findings, more than platformStatus.ingestion.maxFindings (${options.maxFindings})`,
    );
  }
  if (problems.length > 0) {
    throw new InputError(
      `The infrastructure run report is invalid: ${problems
        .slice(0, 10)
        .join(
          '; ',
        )}. It must follow InfrastructureRunReport from @groundwork/plugin-platform-status-common.`,
    );
  }
  const report = body as InfrastructureRunReport;
  let entityRef: string;
  try {
    if (!report.entityRef.includes(':')) throw new Error('no kind');
    // The same rules as the path of GET /entities/{kind}/{namespace}/{name}.
    entityRef = entityRefFromPath(
      parseEntityRef(report.entityRef, { defaultNamespace: 'default' }),
    );
  } catch {
    throw new InputError(
      `entityRef "${report.entityRef}" is not an entity ref; use kind:namespace/name, e.g. component:default/payments-api.`,
    );
  }
  try {
    options.environments.get(report.environment);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  if (Date.parse(report.finishedAt) < Date.parse(report.startedAt)) {
    throw new InputError(
      `finishedAt (${report.finishedAt}) is before startedAt (${report.startedAt}).`,
    );
  }
  if (Date.parse(report.finishedAt) > Date.now() + 5 * 60_000) {
    throw new InputError(
      `finishedAt (${report.finishedAt}) is in the future; check the reporting machine's clock.`,
    );
  }
  return {
    ...report,
    entityRef,
    // Stored as UTC so that times compare as text.
    startedAt: new Date(report.startedAt).toISOString(),
    finishedAt: new Date(report.finishedAt).toISOString(),
  };
}
