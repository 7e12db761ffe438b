import { createDoubleState } from './__testUtils__/pendingActions';
import {
  TEMPLATE_NAMES,
  loadTemplate,
  startScaffolder,
} from './__testUtils__/scaffolder';
import { createTask, taskEnd, templateEntity } from './__testUtils__/tasks';
import { ENTITIES } from './testing/catalog';
import { cloudOf } from './testing/cloud';

jest.setTimeout(120_000);

/**
 * Every free-text parameter of every template has a pattern (or a format)
 * tight enough that the real scaffolder refuses hostile values when a task
 * is created (POST /api/scaffolder/v2/tasks, as the Create page, a REST
 * caller or an MCP client would create it): 400, naming the field, before
 * any step runs.
 */

const HOSTILE: Record<string, string> = {
  interpolation: 'x${file("/etc/hostname")}',
  directive: '%{ if true }x%{ endif }',
  quote: '"',
  backslash: '\\',
  newline: 'a\nb',
  'carriage return': 'a\rb',
  'prototype key': '__proto__',
  'escaped interpolation': '$${x}',
};

/**
 * What a field may hold that the list above would otherwise call hostile,
 * and why: a changelog summary is several lines of text and reaches no
 * code (CHANGELOG.md, the pull request).
 */
const ALLOWED: Record<string, string[]> = {
  'publish-module.summary': ['newline'],
};

/** Answers that pass every page of each template. */
const VALID: Record<string, Record<string, any>> = {
  'new-service': {
    name: 'ledger-api',
    description: 'Keeps the ledger, in cents (ISO 4217).',
    owner: 'group:default/payments',
    system: 'system:default/payments',
    language: 'nodejs',
    costCenter: 'cc-1042',
    environments: ['dev', 'prod'],
    exposure: 'public',
    hostname: 'ledger.example.com',
    monthlyBudget: 150,
    productionBudget: 900,
    alertEmail: 'payments+alerts@example.com',
    database: true,
    bucket: false,
    dataClassification: 'confidential',
    secretNames: ['stripe-api-key'],
    egress: [{ destination: 'api.stripe.com', port: 443 }],
    repoUrl: 'github.com?owner=acme&repo=ledger-api',
  },
  'promote-service': {
    component: 'component:default/ledger-api',
    environment: 'staging',
  },
  'service-teardown': {
    entityRef: 'component:default/ledger-preview',
  },
  environment: {
    environment: 'dev',
    cloud: 'aws',
    organization: 'acme',
    owner: 'group:default/platform',
    alertEmail: 'platform@example.com',
    cidrBlock: '10.20.0.0/16',
    addons: ['ingress-nginx', 'external-dns', 'kyverno'],
    imageRegistries: ['111111111111.dkr.ecr.us-east-1.amazonaws.com'],
    domain: 'dev.example.com',
    secretStore: 'vault',
    vaultAddress: 'https://vault.acme.dev:8200',
    vaultKvMount: 'secret',
    vaultAuthMount: 'kubernetes-dev',
    vaultRole: 'external-secrets',
    vaultNamespace: 'platform/dev',
    repoUrl: 'github.com?owner=acme&repo=platform-dev',
    apply: false,
  },
  'employee-onboarding': {
    name: "Zoë O'Brien-Núñez",
    email: 'zoe.obrien@example.com',
    githubLogin: 'zoe-ob',
    startDate: '2026-12-01',
    manager: 'user:default/maria',
    team: 'group:default/payments',
    environments: ['dev'],
    persona: 'developer',
    accessRepoUrl: 'github.com?owner=acme&repo=platform-access',
  },
  'employee-offboarding': {
    user: 'user:default/jdoe',
    lastDay: '2026-12-31',
    reason: 'left',
    accessRepoUrl: 'github.com?owner=acme&repo=platform-access',
  },
  'publish-module': {
    moduleUrl:
      'https://github.com/acme/terraform-modules/tree/main/aws-network',
    name: 'aws-network',
    examplePlan: 'examples/complete/plan.prod.json',
    changeType: 'feature',
    summary: 'Add the `nat_gateway_mode` input.\nDocument the outputs.',
  },
  'register-component': {
    catalogInfoUrl:
      'https://github.com/acme/payments-api/blob/main/catalog-info.yaml',
  },
};

/**
 * A free-text parameter: a string, a list of strings (`list`), or a string
 * property of the objects in a list (`item`: egress[].destination).
 */
type FreeText = { name: string; list: boolean; item?: string };

/** Every string parameter without an enum or a const, on every page and branch: the free text. */
function freeTextFields(template: any): FreeText[] {
  const fields: FreeText[] = [];
  const isText = (p: any) =>
    p?.type === 'string' && !p.enum && p.const === undefined;
  const visit = (schema: any) => {
    for (const [name, prop] of Object.entries<any>(schema?.properties ?? {})) {
      if (isText(prop)) fields.push({ name, list: false });
      if (prop.type === 'array' && isText(prop.items))
        fields.push({ name, list: true });
      if (prop.type === 'array' && prop.items?.type === 'object') {
        for (const [item, sub] of Object.entries<any>(
          prop.items.properties ?? {},
        ))
          if (isText(sub)) fields.push({ name, list: true, item });
      }
    }
    for (const dep of Object.values<any>(schema?.dependencies ?? {}))
      (dep.oneOf ?? []).forEach(visit);
    if (schema?.then) visit(schema.then);
    if (schema?.else) visit(schema.else);
  };
  [template.spec.parameters].flat().forEach(visit);
  return fields;
}

describe('template parameters at task creation (POST /v2/tasks)', () => {
  let backend: Awaited<ReturnType<typeof startScaffolder>>;
  beforeAll(async () => {
    backend = await startScaffolder(createDoubleState(cloudOf), {
      entities: [...ENTITIES, ...TEMPLATE_NAMES.map(templateEntity)],
    });
  });
  afterAll(() => backend?.stop());

  it('finds the free-text parameters of every template', () => {
    expect(
      Object.fromEntries(
        TEMPLATE_NAMES.map(t => [
          t,
          freeTextFields(loadTemplate(t)).map(f =>
            f.item ? `${f.name}[].${f.item}` : f.name,
          ),
        ]),
      ),
    ).toEqual({
      'new-service': [
        'name',
        'description',
        'owner',
        'system',
        'costCenter',
        'environments',
        'alertEmail',
        'hostname',
        'secretNames',
        'egress[].destination',
        'repoUrl',
      ],
      'promote-service': ['component', 'environment'],
      'service-teardown': ['entityRef'],
      environment: [
        'environment',
        'organization',
        'owner',
        'alertEmail',
        'cidrBlock',
        'imageRegistries',
        'domain',
        'vaultAddress',
        'vaultKvMount',
        'vaultAuthMount',
        'vaultRole',
        'vaultNamespace',
        'repoUrl',
      ],
      'employee-onboarding': [
        'name',
        'email',
        'githubLogin',
        'startDate',
        'manager',
        'team',
        'environments',
        'persona',
        'accessRepoUrl',
      ],
      'employee-offboarding': ['user', 'lastDay', 'accessRepoUrl'],
      'publish-module': ['moduleUrl', 'name', 'examplePlan', 'summary'],
      'register-component': ['catalogInfoUrl'],
    });
  });

  describe.each(TEMPLATE_NAMES)('%s', template => {
    it('accepts the ordinary answers', async () => {
      const res = await createTask(backend.server, template, VALID[template]);
      expect([res.status, res.body]).toEqual([201, { id: expect.any(String) }]);
      // The task runs into the unreachable GitHub; let it end before the
      // backend stops.
      await taskEnd(backend.server, res.body.id);
    });

    it.each(
      freeTextFields(loadTemplate(template)).map(f => [
        f.item ? `${f.name}[].${f.item}` : f.name,
        f,
      ]),
    )(
      'refuses hostile values in %s with a 400 that names it',
      async (_name, field) => {
        const given = VALID[template][field.name];
        const valid = field.item ? given[0][field.item] : given;
        // The list of objects with the hostile value in the one item.
        const asParameter = (value: string) => {
          if (field.item) return [{ ...given[0], [field.item]: value }];
          return field.list ? [value] : value;
        };
        const wrong: string[] = [];
        for (const [kind, payload] of Object.entries(HOSTILE)) {
          if (ALLOWED[`${template}.${field.name}`]?.includes(kind)) continue;
          // Alone, and after a value that is otherwise right (but for
          // __proto__, which is harmful only whole, as an object's key:
          // inside a longer name such as ledger__proto__ it is characters).
          const base = Array.isArray(valid) ? valid[0] : valid;
          const values =
            kind === 'prototype key'
              ? [payload]
              : [payload, `${base}${payload}`];
          for (const value of values) {
            const res = await createTask(backend.server, template, {
              ...VALID[template],
              [field.name]: asParameter(value),
            });
            const properties: string[] = (res.body.errors ?? []).map(
              (e: any) => e.property,
            );
            const named =
              properties.length > 0 &&
              properties.every(
                p =>
                  p === `instance.${field.name}` ||
                  p.startsWith(`instance.${field.name}[`),
              );
            if (res.status !== 400 || !named) {
              wrong.push(
                `${kind} ${JSON.stringify(value)}: ${
                  res.status
                } ${JSON.stringify(properties)}`,
              );
            }
          }
        }
        expect(wrong).toEqual([]);
      },
    );
  });
});
