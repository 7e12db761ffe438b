import {
  ObjectValue,
  UNKNOWN,
  Value,
  computedObject,
  containsUnknown,
  isObject,
} from './values';

/** What the synthesizer pretends the cloud account answers to data sources. */
export interface CloudContext {
  /** AWS account id (data.aws_caller_identity). */
  accountId: string;
  /** Region when the provider block does not set one. */
  region: string;
  /** Zones of the region (data.aws_availability_zones); a, b, c by default. */
  availabilityZones?: string[];
  /** GCP project number (service agents' addresses). */
  projectNumber?: string;
  /** Azure tenant of the subscription. */
  tenantId?: string;
  /** Values for any other data source, by `type.name`. */
  data?: Record<string, Record<string, Value>>;
}

type Model = (
  attrs: ObjectValue,
  ctx: CloudContext,
  region: string,
) => ObjectValue;

const asList = (v: Value | undefined): Value[] => {
  if (Array.isArray(v)) return v;
  return v === undefined || v === null ? [] : [v];
};

/**
 * aws_iam_policy_document renders its statements as the provider does; when
 * anything in them is unknown, the whole document is (the read is deferred).
 */
function policyDocument(attrs: ObjectValue): ObjectValue {
  if (containsUnknown(attrs))
    return computedObject({ ...attrs, json: UNKNOWN });
  const statements = asList(attrs.statement).map(raw => {
    const s = isObject(raw) ? raw : {};
    const out: Record<string, Value> = {};
    if (s.sid) out.Sid = s.sid;
    out.Effect = s.effect ?? 'Allow';
    const principals = asList(s.principals);
    if (principals.length) {
      const p: Record<string, Value> = {};
      for (const pr of principals) {
        if (!isObject(pr)) continue;
        const ids = asList(pr.identifiers);
        p[String(pr.type)] = ids.length === 1 ? ids[0] : ids;
      }
      out.Principal = p;
    }
    const one = (v: Value | undefined) => {
      const l = asList(v);
      return l.length === 1 ? l[0] : l;
    };
    if (s.actions) out.Action = one(s.actions);
    if (s.not_actions) out.NotAction = one(s.not_actions);
    if (s.resources) out.Resource = one(s.resources);
    const conditions = asList(s.condition);
    if (conditions.length) {
      const c: Record<string, Record<string, Value>> = {};
      for (const cond of conditions) {
        if (!isObject(cond)) continue;
        const test = String(cond.test);
        c[test] = c[test] ?? {};
        c[test][String(cond.variable)] = one(cond.values);
      }
      out.Condition = c;
    }
    return out;
  });
  return computedObject({
    ...attrs,
    json: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
  });
}

const MODELS: Record<string, Model> = {
  aws_caller_identity: (_a, ctx) =>
    computedObject({
      account_id: ctx.accountId,
      arn: `arn:aws:iam::${ctx.accountId}:role/groundwork-terraform`,
      user_id: 'AROAGROUNDWORKSYNTH',
      id: ctx.accountId,
    }),
  // The IAM role behind an assumed-role session ARN; any other ARN as is.
  aws_iam_session_context: attrs => {
    const arn = attrs.arn;
    if (typeof arn !== 'string') return computedObject({ ...attrs });
    const m = /^arn:([^:]+):sts::(\d+):assumed-role\/(.+)\/([^/]+)$/.exec(arn);
    return computedObject({
      ...attrs,
      issuer_arn: m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : arn,
      issuer_name: m ? m[3].split('/').pop()! : '',
      session_name: m ? m[4] : '',
    });
  },
  aws_region: (_a, _ctx, region) =>
    computedObject({ name: region, id: region, region }),
  aws_partition: () =>
    computedObject({
      partition: 'aws',
      dns_suffix: 'amazonaws.com',
      id: 'aws',
    }),
  aws_availability_zones: (_a, ctx, region) => {
    const names =
      ctx.availabilityZones ?? ['a', 'b', 'c'].map(z => `${region}${z}`);
    return computedObject({
      names,
      zone_ids: names.map((_, i) => `${region.slice(0, 3)}-az${i + 1}`),
      id: region,
    });
  },
  aws_iam_policy_document: attrs => policyDocument(attrs),
  google_project: (a, ctx) =>
    computedObject({
      project_id: a.project_id ?? ctx.accountId,
      number: ctx.projectNumber ?? '123456789012',
    }),
  google_storage_project_service_account: (_a, ctx) =>
    computedObject({
      email_address: `service-${
        ctx.projectNumber ?? '123456789012'
      }@gs-project-accounts.iam.gserviceaccount.com`,
    }),
  // A cluster created in the same plan: Terraform defers the read to
  // apply, so everything but the arguments is unknown.
  google_container_cluster: attrs => computedObject({ ...attrs }),
  azurerm_kubernetes_cluster: attrs => computedObject({ ...attrs }),
  azurerm_client_config: (_a, ctx) =>
    computedObject({
      subscription_id: ctx.accountId,
      tenant_id: ctx.tenantId ?? '00000000-0000-0000-0000-000000000001',
      object_id: '00000000-0000-0000-0000-0000000000aa',
      client_id: '00000000-0000-0000-0000-0000000000bb',
    }),
};

/** Reads a data source as `terraform plan` would, or says what is missing. */
export function readDataSource(
  type: string,
  name: string,
  attrs: ObjectValue,
  ctx: CloudContext,
  region: string,
): ObjectValue {
  const given = ctx.data?.[`${type}.${name}`];
  if (given) return computedObject({ ...attrs, ...given });
  const model = MODELS[type];
  if (!model) {
    throw new Error(
      `data.${type}.${name}: the plan synthesizer has no model for ${type}; pass its values in CloudContext.data["${type}.${name}"].`,
    );
  }
  return model(attrs, ctx, region);
}
