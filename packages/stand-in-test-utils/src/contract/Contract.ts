import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** One API operation, as the contract document describes it. */
export interface ContractOperation {
  operationId: string;
  method: string;
  pathTemplate: string;
  parameters: ContractParameter[];
  /** JSON schema of the request body, if the operation takes one. */
  bodySchema?: object;
  bodyRequired: boolean;
  /** JSON schema per status code (`default` included). */
  responseSchemas: Record<string, object | undefined>;
}

export interface ContractParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'body' | 'cookie';
  required: boolean;
  schema: object;
}

interface Route {
  regex: RegExp;
  names: string[];
  operations: Map<string, ContractOperation>;
  /** Literal characters: the most specific template wins a tie. */
  literalLength: number;
}

interface RequestToCheck {
  method: string;
  pathname: string;
  query: URLSearchParams;
  body?: unknown;
}

export interface MatchedRequest {
  operation: ContractOperation;
  pathParams: Record<string, string>;
}

/**
 * An OpenAPI 2 (Swagger) or 3 description, indexed for matching requests to
 * operations and validating request and response bodies with Ajv.
 */
export class Contract {
  private readonly routes: Route[] = [];
  private readonly ajv: Ajv;
  private readonly validators = new Map<object, ValidateFunction>();

  constructor(readonly title: string, doc: any) {
    this.ajv = new Ajv({
      strict: false,
      allErrors: true,
      // Schemas in these documents mark fields as nullable (OpenAPI 3.0).
      discriminator: false,
      validateFormats: true,
    });
    addFormats(this.ajv);
    // Protobuf-generated and GitHub formats Ajv does not know: accept them.
    for (const format of [
      'int32',
      'int64',
      'uint64',
      'byte',
      'binary',
      'double',
      'float',
      'repo.nwo',
      'ssh-key',
      'ssh-key fingerprint',
    ]) {
      this.ajv.addFormat(format, true);
    }
    const isSwagger2 = typeof doc.swagger === 'string';
    this.ajv.addSchema(
      isSwagger2
        ? { $id: 'contract', definitions: rewriteRefs(doc.definitions ?? {}) }
        : { $id: 'contract', components: rewriteRefs(doc.components ?? {}) },
    );
    for (const [template, item] of Object.entries<any>(doc.paths ?? {})) {
      const operations = new Map<string, ContractOperation>();
      const shared = (item.parameters ?? []) as any[];
      for (const method of ['get', 'put', 'post', 'delete', 'patch', 'head']) {
        const op = item[method];
        if (!op) continue;
        operations.set(
          method.toUpperCase(),
          isSwagger2
            ? this.fromSwagger2(template, method, op, shared)
            : this.fromOpenApi3(doc, template, method, op, shared),
        );
      }
      const names: string[] = [];
      // GitHub marks parameters that may span segments (a file's `path`
      // under contents/) with `x-multi-segment`.
      const multiSegment = new Set(
        ['get', 'put', 'post', 'delete', 'patch', 'head']
          .flatMap(method => [...((item[method]?.parameters ?? []) as any[])])
          .concat(shared)
          .filter(p => p?.in === 'path' && p['x-multi-segment'] === true)
          .map(p => p.name as string),
      );
      // `{application.metadata.name}` is one segment in Argo CD's paths.
      const pattern = template
        .split(/(\{[^}]+\})/)
        .map(part => {
          const m = /^\{([^}]+)\}$/.exec(part);
          if (!m) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
          names.push(m[1]);
          return multiSegment.has(m[1]) ? '(.+)' : '([^/]+)';
        })
        .join('');
      this.routes.push({
        regex: new RegExp(`^${pattern}$`),
        names,
        operations,
        literalLength: template.replace(/\{[^}]+\}/g, '').length,
      });
    }
    this.routes.sort((a, b) => b.literalLength - a.literalLength);
  }

  /** The operation a request is for, or undefined when the contract has none. */
  match(method: string, pathname: string): MatchedRequest | undefined {
    for (const route of this.routes) {
      const m = route.regex.exec(pathname);
      if (!m) continue;
      // HTTP serves HEAD wherever it serves GET (RFC 9110 9.3.2); API
      // descriptions seldom list it.
      const operation =
        route.operations.get(method.toUpperCase()) ??
        (method.toUpperCase() === 'HEAD'
          ? route.operations.get('GET')
          : undefined);
      if (!operation) continue;
      const pathParams: Record<string, string> = {};
      route.names.forEach((name, i) => {
        pathParams[name] = decodeURIComponent(m[i + 1]);
      });
      return { operation, pathParams };
    }
    return undefined;
  }

  /** Every way a request departs from its operation; empty when it conforms. */
  checkRequest(matched: MatchedRequest, request: RequestToCheck): string[] {
    const { operation } = matched;
    const problems: string[] = [];
    const known = new Set(
      operation.parameters.filter(p => p.in === 'query').map(p => p.name),
    );
    for (const key of new Set(request.query.keys())) {
      if (!known.has(key)) {
        problems.push(
          `query parameter "${key}" is not defined for ${operation.operationId}`,
        );
      }
    }
    for (const param of operation.parameters) {
      if (param.in === 'query') {
        const values = request.query.getAll(param.name);
        if (values.length === 0) {
          if (param.required)
            problems.push(`query parameter "${param.name}" is required`);
          continue;
        }
        const schema = param.schema as { type?: string; items?: object };
        const value =
          schema.type === 'array'
            ? values.map(v => coerce(v, schema.items))
            : coerce(values[0], schema);
        problems.push(
          ...this.validate(param.schema, value, `query.${param.name}`),
        );
      } else if (param.in === 'path') {
        const value = matched.pathParams[param.name];
        problems.push(
          ...this.validate(
            param.schema,
            coerce(value, param.schema),
            `path.${param.name}`,
          ),
        );
      }
    }
    if (operation.bodySchema) {
      if (request.body === undefined) {
        if (operation.bodyRequired) problems.push('a request body is required');
      } else {
        problems.push(
          ...this.validate(operation.bodySchema, request.body, 'body'),
        );
      }
    } else if (request.body !== undefined && request.method !== 'GET') {
      problems.push(`${operation.operationId} takes no request body`);
    }
    return problems.map(p => `${operation.operationId}: ${p}`);
  }

  /** Problems of a response the stand-in itself sends (a bug in the stand-in). */
  checkResponse(
    operation: ContractOperation,
    status: number,
    body: unknown,
  ): string[] {
    const schema =
      operation.responseSchemas[String(status)] ??
      operation.responseSchemas.default;
    if (
      !(String(status) in operation.responseSchemas) &&
      !('default' in operation.responseSchemas)
    ) {
      return [
        `${operation.operationId}: status ${status} is not a documented response`,
      ];
    }
    if (!schema || body === undefined) return [];
    return this.validate(schema, body, `response ${status}`).map(
      p => `${operation.operationId}: ${p}`,
    );
  }

  /** Validates a value against a schema written in the contract's terms. */
  validate(schema: object, value: unknown, where: string): string[] {
    let validator = this.validators.get(schema);
    if (!validator) {
      validator = this.ajv.compile(schema);
      this.validators.set(schema, validator);
    }
    if (validator(value)) return [];
    return (validator.errors ?? []).map(
      e =>
        `${where}${e.instancePath} ${e.message}${
          e.params && 'additionalProperty' in e.params
            ? ` (${(e.params as any).additionalProperty})`
            : ''
        }`,
    );
  }

  private fromSwagger2(
    template: string,
    method: string,
    op: any,
    shared: any[],
  ): ContractOperation {
    const parameters: ContractParameter[] = [];
    let bodySchema: object | undefined;
    let bodyRequired = false;
    for (const p of [...shared, ...(op.parameters ?? [])]) {
      if (p.in === 'body') {
        bodySchema = rewriteRefs(p.schema);
        bodyRequired = Boolean(p.required);
        continue;
      }
      const {
        name,
        in: location,
        required,
        description,
        collectionFormat,
        ...schema
      } = p;
      parameters.push({
        name,
        in: location,
        required: Boolean(required),
        schema: rewriteRefs(schema),
      });
    }
    const responseSchemas: Record<string, object | undefined> = {};
    for (const [status, response] of Object.entries<any>(op.responses ?? {})) {
      responseSchemas[status] = response.schema
        ? rewriteRefs(response.schema)
        : undefined;
    }
    return {
      operationId: op.operationId ?? `${method} ${template}`,
      method: method.toUpperCase(),
      pathTemplate: template,
      parameters,
      bodySchema,
      bodyRequired,
      responseSchemas,
    };
  }

  private fromOpenApi3(
    doc: any,
    template: string,
    method: string,
    op: any,
    shared: any[],
  ): ContractOperation {
    const parameters: ContractParameter[] = [
      ...shared,
      ...(op.parameters ?? []),
    ].map(p => {
      const resolved = resolve(doc, p);
      return {
        name: resolved.name,
        in: resolved.in,
        required: Boolean(resolved.required),
        schema: rewriteRefs(resolved.schema ?? {}),
      };
    });
    const body = op.requestBody ? resolve(doc, op.requestBody) : undefined;
    const json = body?.content?.['application/json'];
    const responseSchemas: Record<string, object | undefined> = {};
    for (const [status, response] of Object.entries<any>(op.responses ?? {})) {
      const r = resolve(doc, response);
      const schema = r.content?.['application/json']?.schema;
      responseSchemas[status] = schema ? rewriteRefs(schema) : undefined;
    }
    return {
      operationId: op.operationId ?? `${method} ${template}`,
      method: method.toUpperCase(),
      pathTemplate: template,
      parameters,
      bodySchema: json?.schema ? rewriteRefs(json.schema) : undefined,
      bodyRequired: Boolean(body?.required),
      responseSchemas,
    };
  }
}

function resolve(doc: any, node: any): any {
  let current = node;
  while (current && typeof current.$ref === 'string') {
    current = current.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce(
        (acc: any, key: string) =>
          acc?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
        doc,
      );
  }
  return current;
}

/**
 * Points local `#/...` refs at the schema registered as `contract`, and
 * spells OpenAPI 3.0's `nullable` on a schema without `type` (e.g. a
 * nullable `oneOf`, which Ajv refuses) as a union with null.
 */
function rewriteRefs<T>(node: T): T {
  if (Array.isArray(node)) return node.map(rewriteRefs) as unknown as T;
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#/')
        ? `contract${value}`
        : rewriteRefs(value);
  }
  if (out.nullable === true && out.type === undefined) {
    const { nullable: _nullable, ...schema } = out;
    return { anyOf: [schema, { type: 'null' }] } as T;
  }
  return out as T;
}

/** Query and path values arrive as strings; give them the schema's type. */
function coerce(value: string | undefined, schema: any): unknown {
  if (value === undefined) return value;
  switch (schema?.type) {
    case 'integer':
    case 'number':
      return value.trim() !== '' && !Number.isNaN(Number(value))
        ? Number(value)
        : value;
    case 'boolean':
      if (value === 'true') return true;
      if (value === 'false') return false;
      return value;
    default:
      return value;
  }
}
