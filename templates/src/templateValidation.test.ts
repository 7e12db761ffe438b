import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import {
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import { actionInputValidator } from './__testUtils__/actionSchemas';
import { cloudOf } from './testing/cloud';
import { createDoubleState } from './__testUtils__/pendingActions';
import {
  TEMPLATES_DIR,
  TEMPLATE_NAMES,
  dryRun,
  loadTemplate,
  startScaffolder,
} from './__testUtils__/scaffolder';

jest.setTimeout(60_000);

/** Fields the stock scaffolder front end registers, and those of @groundwork/plugin-scaffolder-module-fields. */
const KNOWN_FIELDS = new Set([
  'RepoUrlPicker',
  'EntityNamePicker',
  'EntityPicker',
  'OwnerPicker',
  'EntityTagsPicker',
  'MultiEntityPicker',
  'MyGroupsPicker',
  'OwnedEntityPicker',
  'RepoBranchPicker',
  'RepoOwnerPicker',
  'EnvironmentPicker',
  'PersonaPicker',
  'NewEntityNamePicker',
]);

const policies = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

function* walkProperties(schema: any, where: string): Generator<[string, any]> {
  for (const [name, prop] of Object.entries<any>(schema?.properties ?? {})) {
    yield [`${where}.${name}`, prop];
  }
  for (const dep of Object.values<any>(schema?.dependencies ?? {})) {
    for (const branch of dep.oneOf ?? [])
      yield* walkProperties(branch, `${where} (dependency)`);
  }
  for (const branch of ['then', 'else'] as const) {
    if (schema?.[branch])
      yield* walkProperties(schema[branch], `${where} (${branch})`);
  }
}

describe('templates', () => {
  it('lists every template folder', () => {
    const folders = fs
      .readdirSync(TEMPLATES_DIR, { withFileTypes: true })
      .filter(
        d =>
          d.isDirectory() &&
          fs.existsSync(path.join(TEMPLATES_DIR, d.name, 'template.yaml')),
      )
      .map(d => d.name)
      .sort();
    expect(folders).toEqual([...TEMPLATE_NAMES].sort());
  });

  describe.each(TEMPLATE_NAMES)('%s', name => {
    const template = loadTemplate(name);

    it("passes the scaffolder's template validator and the catalog's entity policies", async () => {
      expect(await templateEntityV1beta3Validator.check(template)).toBe(true);
      await expect(policies.enforce(template)).resolves.toBeDefined();
      expect(template.metadata.name).toBe(name);
      expect(template.spec.owner).toBe('group:default/platform');
    });

    it('has parameter schemas the form validator (Ajv) compiles, every field titled and every ui:field known', () => {
      const ajv = new Ajv({ strict: false, allErrors: true });
      addFormats(ajv);
      for (const [i, page] of template.spec.parameters.entries()) {
        expect(() => ajv.compile(page)).not.toThrow();
        expect(page.title).toBeTruthy();
        for (const [where, prop] of walkProperties(page, `page ${i + 1}`)) {
          if (prop.const !== undefined) continue;
          expect([where, typeof prop.title]).toEqual([where, 'string']);
          expect([where, KNOWN_FIELDS.has(prop['ui:field'] ?? 'none')]).toEqual(
            [where, prop['ui:field'] !== undefined],
          );
        }
      }
    });

    it('has unique step ids, and refers only to steps that ran before', () => {
      const ids: string[] = template.spec.steps.map((s: any) => s.id);
      expect(new Set(ids).size).toBe(ids.length);
      const text = JSON.stringify(template.spec);
      const refs = [
        ...text.matchAll(/steps(?:\.([a-z][\w-]*)|\['([a-z][\w-]*)'\])/g),
      ].map(m => m[1] ?? m[2]);
      for (const ref of refs)
        expect([ref, ids.includes(ref)]).toEqual([ref, true]);
      for (const [i, step] of template.spec.steps.entries()) {
        const own = JSON.stringify(step);
        for (const ref of [
          ...own.matchAll(/steps(?:\.([a-z][\w-]*)|\['([a-z][\w-]*)'\])/g),
        ].map(m => m[1] ?? m[2])) {
          expect([step.id, ref, ids.indexOf(ref) < i]).toEqual([
            step.id,
            ref,
            true,
          ]);
        }
      }
    });

    it('fetches only skeletons that exist, for every value of the parameter a path depends on', () => {
      const enums: Record<string, string[]> = {};
      for (const page of template.spec.parameters) {
        for (const [key, prop] of Object.entries<any>(page.properties ?? {}))
          if (prop.enum) enums[key] = prop.enum;
      }
      for (const step of template.spec.steps) {
        const url: string | undefined =
          step.action === 'fetch:template' ? step.input.url : undefined;
        if (!url) continue;
        const m = /\$\{\{ parameters\.(\w+) \}\}/.exec(url);
        // module-factory:resolve's output cloud is one of these.
        const cloud = '${{ steps.resolve.output.cloud }}';
        let urls = [url];
        if (m) urls = enums[m[1]].map(v => url.replace(m[0], v));
        else if (url.includes(cloud))
          urls = ['aws', 'gcp', 'azure'].map(v => url.replace(cloud, v));
        for (const u of urls) {
          expect([u, fs.existsSync(path.join(TEMPLATES_DIR, name, u))]).toEqual(
            [u, true],
          );
        }
      }
    });
  });

  describe('against the actions of a real scaffolder backend', () => {
    let backend: Awaited<ReturnType<typeof startScaffolder>>;
    let ids: string[];
    beforeAll(async () => {
      backend = await startScaffolder(createDoubleState(cloudOf));
      ids = (await actionInputValidator(backend.server)).ids;
    });
    afterAll(() => backend?.stop());

    it('dry-runs register-component (the other templates have their own dry-run suites)', async () => {
      const r = await dryRun(backend.server, 'register-component', {
        catalogInfoUrl:
          'https://github.com/acme/payments-api/blob/main/catalog-info.yaml',
      });
      expect(r.status).toBe(200);
      const bad = await dryRun(backend.server, 'register-component', {
        catalogInfoUrl:
          'https://github.com/acme/payments-api/blob/main/README.md',
      });
      expect(bad.status).toBe(400);
    });

    it.each(TEMPLATE_NAMES)(
      '%s uses only installed actions (the three pending Groundwork actions as test doubles)',
      name => {
        for (const step of loadTemplate(name).spec.steps) {
          expect([step.id, ids.includes(step.action)]).toEqual([step.id, true]);
        }
      },
    );
  });
});
