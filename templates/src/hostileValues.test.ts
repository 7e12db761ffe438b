import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import { FACTORY_DIR } from '@groundwork/terraform-modules';
import { compareRenders, parseTf } from './__testUtils__/literals';
import {
  DryRunResult,
  dryRun,
  loadTemplate,
  servedTrees,
  startRenderingScaffolder,
} from './__testUtils__/scaffolder';
import { ENTITIES } from './testing/catalog';
import { dnsZoneOf } from './testing/portal';

jest.setTimeout(180_000);

/**
 * Template values are data, never code. Every template is rendered twice
 * through the real scaffolder (fetch:template with the hcl filter, the real
 * module-factory and persona actions), once with ordinary values and once
 * with hostile ones that skip the form's validation, as a caller of the
 * dry-run endpoint or of the actions could send them. Every rendered .tf
 * must parse with HashiCorp's parser, hold the same blocks, attributes and
 * expressions in both renders, and differ only in string literals, which
 * hold the hostile values as they were given.
 */

/** Every way into HCL code that a value could try: interpolation, directive, quote, backslash, new lines, an escaped sequence that must stay one. */
const HOSTILE =
  'x${file("/etc/hostname")}%{ if true }y%{ endif }"\\\n\r\t__proto__$${z}%%{w}$';
const hostile = (tag: string) => `${tag}${HOSTILE}`;
/** The same, on one line and without quotes: what persona:onboard itself still takes in a name. */
const HOSTILE_NAME =
  'Ada ${file("/etc/hostname")} %{ if true }y%{ endif } \\ __proto__ $${z}';
/** What persona:onboard still takes in an e-mail address. */
const HOSTILE_EMAIL = 'ada${file}%{if}$${z}%%{w}@example.com';

/**
 * The steps that write files, on their own, without the form: `parameters`
 * is dropped, so the dry-run endpoint has nothing to check the values
 * against.
 */
const RENDERING_ACTIONS = new Set([
  'module-factory:resolve',
  'fetch:template',
  'fetch:plain',
  'catalog:fetch',
  'persona:onboard',
  'persona:offboard',
  'module-factory:check',
  'module-factory:next-version',
  'module-factory:prepare-pull-request',
]);

function withoutValidation(name: string) {
  const template = loadTemplate(name);
  return {
    name,
    template: {
      ...template,
      spec: {
        ...template.spec,
        parameters: [],
        output: {},
        steps: template.spec.steps.filter((s: any) =>
          RENDERING_ACTIONS.has(s.action),
        ),
      },
    },
  };
}

const terraformFiles = (r: DryRunResult) =>
  [...r.files.keys()].filter(f => f.endsWith('.tf')).sort();

/**
 * Parses every .tf of both renders and compares them. Returns the string
 * literals whose values came from the inputs, decoded, for the caller to
 * find each hostile value in.
 */
async function expectOnlyLiteralsDiffer(
  benign: DryRunResult,
  attack: DryRunResult,
) {
  expect(terraformFiles(attack)).toEqual(terraformFiles(benign));
  const literals: string[] = [];
  const parsed: Record<string, any> = {};
  for (const file of terraformFiles(attack)) {
    const b = await parseTf(file, benign.files.get(file)!);
    const h = await parseTf(file, attack.files.get(file)!).catch(e => {
      throw new Error(`${file} does not parse: ${String(e).slice(0, 500)}`);
    });
    const { problems, valueLiterals } = compareRenders(b, h);
    expect([file, problems]).toEqual([file, []]);
    literals.push(...valueLiterals);
    parsed[file] = h;
  }
  return { literals, parsed };
}

/** Each value is held whole in some literal of the render. */
function expectHeld(literals: string[], values: string[]) {
  for (const value of values) {
    expect([value, literals.some(l => l.includes(value))]).toEqual([
      value,
      true,
    ]);
  }
}

const OFFBOARDED = (name: string, displayName: string, email: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: {
    name,
    annotations: {
      'github.com/user-login': 'Ada-L',
      'groundwork.dev/persona': 'developer',
    },
  },
  spec: {
    profile: { displayName, email },
    memberOf: ['group:default/payments'],
  },
});

describe('the check of rendered Terraform', () => {
  const attribute = async (expression: string) =>
    parseTf('t.tf', `resource "x" "y" {\n  a = ${expression}\n}\n`);

  it.each([
    ['an interpolation', '"x${file("/etc/hostname")}"'],
    ['a directive', '"%{ if true }x%{ endif }"'],
    ['a function call', 'file("/etc/hostname")'],
    ['a reference', 'var.x'],
    ['another list element', '["a", "b"]'],
  ])('reports a value that became %s', async (_what, pasted) => {
    const benign = await attribute(pasted.startsWith('[') ? '["a"]' : '"x"');
    const { problems } = compareRenders(benign, await attribute(pasted));
    expect(problems).toHaveLength(1);
  });

  it('reports a value that broke out of its line into a new attribute', async () => {
    const benign = await attribute('"x"');
    const broken = await attribute('"x"\n  count = 0');
    expect(compareRenders(benign, broken).problems).toEqual([
      'resource.x.y[0]: keys ["a"] became ["a","count"]',
    ]);
  });

  it('accepts a value held as a literal, and decodes it', async () => {
    const { problems, valueLiterals } = compareRenders(
      await attribute('"x"'),
      await attribute('"x$${file(\\"/etc/hostname\\")}%%{ if true }"'),
    );
    expect(problems).toEqual([]);
    expect(valueLiterals).toEqual(['x${file("/etc/hostname")}%{ if true }']);
  });
});

describe('hostile template values', () => {
  let backend: Awaited<ReturnType<typeof startRenderingScaffolder>>;
  const render = (name: string, values: Record<string, unknown>) =>
    dryRun(backend.server, withoutValidation(name), values);
  const ok = (r: DryRunResult) =>
    expect([r.status, r.body?.error?.message]).toEqual([200, undefined]);

  beforeAll(async () => {
    backend = await startRenderingScaffolder([
      ...ENTITIES,
      OFFBOARDED('ada-benign', 'Ada Lovelace', 'ada@example.com'),
      OFFBOARDED('ada-hostile', HOSTILE_NAME, HOSTILE_EMAIL),
    ] as Entity[]);
  });
  afterAll(() => backend?.stop());

  // Internal: a public service's host names are built from its name, and
  // module-factory:resolve refuses a name that is no DNS label (below).
  describe('new-service in dev, staging and prod, internal, with a database and a bucket', () => {
    const benignValues = {
      name: 'payments-api',
      description: 'Takes payments',
      owner: 'group:default/payments',
      system: 'system:default/payments',
      language: 'nodejs',
      costCenter: 'cc-1042',
      environments: ['dev', 'staging', 'prod'],
      exposure: 'internal',
      monthlyBudget: 150,
      productionBudget: 900,
      alertEmail: 'payments@example.com',
      database: true,
      bucket: true,
      dataClassification: 'confidential',
      repoUrl: 'github.com?owner=acme&repo=payments-api',
    };
    const attack = {
      ...benignValues,
      name: hostile('name'),
      description: hostile('description'),
      owner: hostile('group:default/owner'),
      system: hostile('system:default/system'),
      costCenter: hostile('cc'),
      alertEmail: hostile('alerts'),
      hostname: hostile('host'),
      dataClassification: hostile('class'),
      repoUrl: `github.com?owner=${encodeURIComponent(
        hostile('org'),
      )}&repo=${encodeURIComponent(hostile('repo'))}`,
    };
    let benign: DryRunResult;
    let attacked: DryRunResult;
    beforeAll(async () => {
      benign = await render('new-service', benignValues);
      attacked = await render('new-service', attack);
    });

    it('renders with either set of values', () => {
      for (const r of [benign, attacked]) {
        expect([r.status, r.body?.error?.message]).toEqual([200, undefined]);
      }
    });

    it('writes Terraform that parses and differs only in literals holding each value whole', async () => {
      const { literals, parsed } = await expectOnlyLiteralsDiffer(
        benign,
        attacked,
      );
      expectHeld(literals, [
        attack.name,
        attack.owner,
        attack.costCenter,
        attack.alertEmail,
        attack.dataClassification,
        `${hostile('org')}/${hostile('repo')}`,
      ]);
      for (const env of ['dev', 'staging', 'prod']) {
        const main = parsed[`infra/envs/${env}/main.tf`];
        const baseline = main.module.baseline[0];
        // hcl2json writes literals in Terraform's JSON syntax (`${` as `$${`).
        const json = (v: string) => v.replace(/([$%])\{/g, '$1$1{');
        expect(baseline.owner).toBe(json(attack.owner));
        expect(baseline.cost_center).toBe(json(attack.costCenter));
        expect(baseline.budget_alert_emails).toEqual([json(attack.alertEmail)]);
        expect(main.provider.aws[0].default_tags[0].tags.Service).toBe(
          json(attack.name),
        );
        const state = parsed[`infra/envs/${env}/backend.tf`];
        expect(state.terraform[0].backend.s3[0].key).toBe(
          json(`component/default/${attack.name}/${env}.tfstate`),
        );
      }
    });

    it('is refused by the template itself, before anything renders', async () => {
      const r = await dryRun(backend.server, 'new-service', attack);
      expect(r.status).toBe(400);
    });

    it('refuses to build a public host name from a hostile name or host name, before anything renders', async () => {
      for (const [values, message] of [
        [{ ...attack, exposure: 'public' }, 'cannot lead a host name'],
        [
          {
            ...benignValues,
            exposure: 'public',
            hostname: hostile('host'),
          },
          'is not a host name',
        ],
      ] as const) {
        const r = await render('new-service', values);
        expect(r.status).toBe(400);
        expect(r.body?.error?.message).toContain(message);
        expect(r.files.size).toBe(0);
      }
    });
  });

  describe.each([
    ['aws', 'dev'],
    ['gcp', 'lab'],
    ['azure', 'azdev'],
  ])('environment on %s (%s)', (cloud, environment) => {
    const benignValues = {
      environment,
      cloud,
      organization: 'acme',
      owner: 'group:default/platform',
      alertEmail: 'platform@example.com',
      cidrBlock: '10.20.0.0/16',
      addons: [
        'ingress-nginx',
        'cert-manager',
        'external-dns',
        'kube-prometheus-stack',
      ],
      domain: dnsZoneOf(environment),
      repoUrl: `github.com?owner=acme&repo=platform-${environment}`,
      apply: true,
    };
    const attack = {
      ...benignValues,
      organization: hostile('org'),
      owner: hostile('group:default/owner'),
      alertEmail: hostile('alerts'),
      cidrBlock: hostile('10.20.0.0/16'),
      // The zone is the config's (module-factory:resolve refuses any other,
      // the test below), so a hostile one never reaches a file.
      repoUrl: `github.com?owner=${encodeURIComponent(
        hostile('gh'),
      )}&repo=${encodeURIComponent(hostile('repo'))}`,
    };
    let benign: DryRunResult;
    let attacked: DryRunResult;
    beforeAll(async () => {
      benign = await render('environment', benignValues);
      attacked = await render('environment', attack);
    });

    it('writes every layer so that it parses and differs only in literals holding each value whole', async () => {
      ok(benign);
      ok(attacked);
      const { literals } = await expectOnlyLiteralsDiffer(benign, attacked);
      expect(literals.length).toBeGreaterThan(0);
      expectHeld(literals, [
        attack.organization,
        // GCP's layers take the /20 of the range for nodes.
        cloud === 'gcp'
          ? attack.cidrBlock.replace('.0.0/16', '.0.0/20')
          : attack.cidrBlock,
        ...(cloud === 'gcp' ? [] : [attack.owner]),
        ...(cloud === 'aws'
          ? [attack.alertEmail, `${hostile('gh')}/${hostile('repo')}`]
          : []),
      ]);
    });

    it('is refused by the template itself', async () => {
      const r = await dryRun(backend.server, 'environment', attack);
      expect(r.status).toBe(400);
    });

    it('refuses a hostile DNS zone before anything is written', async () => {
      const refused = await render('environment', {
        ...benignValues,
        domain: hostile('domain'),
      });
      expect(JSON.stringify(refused)).toContain(
        `groundwork.environments[].dnsZone says ${dnsZoneOf(environment)}`,
      );
    });
  });

  describe('employee onboarding and offboarding', () => {
    const access = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-hostile-'));
    const accessRepo = 'https://github.com/acme/platform-access/tree/main';
    const onboarding = {
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      githubLogin: 'Ada-L',
      startDate: '2026-12-01',
      manager: 'user:default/maria',
      team: 'group:default/payments',
      environments: ['dev', 'staging'],
      persona: 'developer',
      accessRepoUrl: 'github.com?owner=acme&repo=platform-access',
    };
    const attack = { ...onboarding, name: HOSTILE_NAME, email: HOSTILE_EMAIL };
    const results: Record<string, DryRunResult> = {};

    /** Serves a folder as the access repository that fetch:plain checks out. */
    function serveAccess(files?: Map<string, string>) {
      const dir = fs.mkdtempSync(path.join(access, 'repo-'));
      fs.writeFileSync(path.join(dir, 'README.md'), '# Access\n');
      for (const [f, text] of files ?? []) {
        if (!f.startsWith('access/')) continue;
        const target = path.join(dir, f.slice('access/'.length));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, text);
      }
      servedTrees.set(accessRepo, dir);
    }

    beforeAll(async () => {
      serveAccess();
      results.onboardBenign = await render('employee-onboarding', onboarding);
      results.onboardHostile = await render('employee-onboarding', attack);
      const offboarding = {
        lastDay: '2026-12-31',
        reason: 'left',
        accessRepoUrl: onboarding.accessRepoUrl,
      };
      serveAccess(results.onboardBenign.files);
      results.offboardBenign = await render('employee-offboarding', {
        ...offboarding,
        user: 'user:default/ada-benign',
      });
      serveAccess(results.onboardHostile.files);
      results.offboardHostile = await render('employee-offboarding', {
        ...offboarding,
        user: 'user:default/ada-hostile',
      });
    });
    afterAll(() => {
      servedTrees.clear();
      fs.rmSync(access, { recursive: true, force: true });
    });

    it('onboards with either set of values: persona:onboard writes the cloud IAM as Terraform', async () => {
      ok(results.onboardBenign);
      ok(results.onboardHostile);
      expect(terraformFiles(results.onboardHostile)).toEqual([
        'access/iam/aws/Ada-L.dev.tf',
        'access/iam/aws/Ada-L.staging.tf',
        'access/iam/aws/Ada-L.tf',
      ]);
      const { literals } = await expectOnlyLiteralsDiffer(
        results.onboardBenign,
        results.onboardHostile,
      );
      expectHeld(literals, [HOSTILE_EMAIL]);
    });

    it('offboards the same person: finds what onboarding wrote, plans its removal, and writes no Terraform', async () => {
      ok(results.offboardBenign);
      ok(results.offboardHostile);
      // A dry run removes the files it plans to delete from the workspace.
      const planned = (r: DryRunResult) =>
        r.log.filter(l => /: planned( \(|$)/.test(l)).length;
      expect(planned(results.offboardBenign)).toBeGreaterThan(0);
      expect(planned(results.offboardHostile)).toBe(
        planned(results.offboardBenign),
      );
      expect(terraformFiles(results.offboardBenign)).toEqual([]);
      expect(terraformFiles(results.offboardHostile)).toEqual([]);
    });

    it('is refused by the onboarding template itself', async () => {
      const r = await dryRun(backend.server, 'employee-onboarding', attack);
      expect(r.status).toBe(400);
    });
  });

  describe('publish-module', () => {
    it('never writes a value into Terraform: the released .tf files are the module’s own', async () => {
      const values = {
        moduleUrl:
          'https://github.com/acme/terraform-modules/tree/main/aws-network',
        name: 'aws-network',
        examplePlan: 'examples/complete/plan.prod.json',
        changeType: 'feature',
      };
      for (const summary of ['Add the nat_gateway_mode input.', HOSTILE]) {
        const r = await render('publish-module', { ...values, summary });
        ok(r);
        const staged = terraformFiles(r).filter(f =>
          f.startsWith('.module-factory/aws-network/'),
        );
        expect(staged.length).toBeGreaterThan(0);
        for (const f of staged) {
          const source = path.join(
            FACTORY_DIR,
            'aws-network',
            f.slice('.module-factory/aws-network/'.length),
          );
          expect([f, r.files.get(f)]).toEqual([
            f,
            fs.readFileSync(source, 'utf8'),
          ]);
        }
        expect(
          r.files.get('.module-factory/aws-network/CHANGELOG.md'),
        ).toContain(summary.split('\n')[0]);
      }
    });
  });
});
