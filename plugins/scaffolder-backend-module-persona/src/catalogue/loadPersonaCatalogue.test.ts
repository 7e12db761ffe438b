import { ConfigReader } from '@backstage/config';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { readGroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import { loadPersonaCatalogue } from './loadPersonaCatalogue';
import { approvalReason, grantFor } from './resolvePersona';

const environments = readGroundworkEnvironments(
  new ConfigReader({}),
).environments;
const [dev, staging, prod] = environments;

function load(persona: object) {
  return loadPersonaCatalogue(
    new ConfigReader({ groundwork: { persona } }),
    environments,
  );
}

describe('loadPersonaCatalogue', () => {
  const mockDir = createMockDirectory();

  it('ships the five defaults, each valid, with least privilege by environment', () => {
    const catalogue = load({});
    expect(catalogue.list().map(p => p.id)).toEqual([
      'developer',
      'sre',
      'devops',
      'it-admin',
      'ciso',
    ]);
    const developer = catalogue.get('developer');
    expect(grantFor(developer, dev)).toMatchObject({
      access: 'write',
      kubernetes: { namespaceRoles: ['edit'] },
    });
    expect(grantFor(developer, prod)).toMatchObject({
      access: 'read',
      kubernetes: { namespaceRoles: ['view'] },
      argocd: { applications: ['get'] },
    });
    const ciso = catalogue.get('ciso');
    for (const env of environments) {
      const grant = grantFor(ciso, env);
      expect(grant.access).toBe('read');
      expect(grant.kubernetes).toEqual({
        namespaceRoles: [],
        clusterRoles: ['view'],
      });
    }
  });

  it("gives the CISO read access to every service of the environments' security baseline, and nothing that writes", () => {
    const ciso = load({}).get('ciso');
    for (const env of environments) {
      const grant = grantFor(ciso, env);
      // CloudTrail, GuardDuty, Security Hub, Config, Access Analyzer: the
      // permission set the README describes.
      expect(grant.aws?.permissionSets).toEqual(['GroundworkSecurityAudit']);
      // SCC findings (adminViewer includes findingsViewer), audit configs,
      // Data Access audit logs.
      expect(grant.gcp?.roles).toEqual(
        expect.arrayContaining([
          'roles/securitycenter.adminViewer',
          'roles/iam.securityReviewer',
          'roles/logging.privateLogViewer',
        ]),
      );
      // Defender for Cloud, and the activity log in the security workspace.
      expect(grant.azure?.roles).toEqual([
        'Security Reader',
        'Log Analytics Reader',
      ]);
      const roles = [
        ...(grant.gcp?.roles ?? []),
        ...(grant.azure?.roles ?? []),
      ];
      expect(
        roles.filter(r => /admin$|editor|contributor|owner|writer/i.test(r)),
      ).toEqual([]);
    }
  });

  it('merges the most specific selector per system', () => {
    const sre = load({}).get('sre');
    expect(grantFor(sre, staging).aws).toEqual({
      permissionSets: ['GroundworkDeveloper'],
    });
    expect(grantFor(sre, prod).aws).toEqual({
      permissionSets: ['GroundworkOperator'],
    });
    // `all` still provides the systems the class selectors leave alone.
    expect(grantFor(sre, prod).argocd?.exec).toEqual(['create']);
  });

  it('says which personas need approval and why', () => {
    const c = load({});
    const reason = (id: string) => {
      const p = c.get(id);
      return approvalReason(
        p,
        environments.map(e => grantFor(p, e)),
      );
    };
    expect(reason('developer')).toBeUndefined();
    expect(reason('devops')).toBeUndefined();
    expect(reason('sre')).toBe(
      'sre grants write access to prod, a production environment',
    );
    expect(reason('it-admin')).toBe('it-admin is a privileged persona');
    expect(reason('ciso')).toBe('ciso is a privileged persona');
    // Without prod in scope an SRE needs no approval.
    const sre = c.get('sre');
    expect(approvalReason(sre, [grantFor(sre, dev)])).toBeUndefined();
  });

  it('overrides part of a default and adds a persona that extends one', () => {
    const catalogue = load({
      personas: {
        developer: {
          environments: {
            production: { kubernetes: { namespaceRoles: [] } },
            staging: { aws: { permissionSets: ['StagingDeveloper'] } },
          },
        },
        'data-scientist': {
          extends: 'developer',
          title: 'Data scientist',
          description: 'Works with the data platform.',
          github: { teams: [{ slug: 'data', role: 'member' }] },
        },
      },
    });
    const developer = catalogue.get('developer');
    expect(developer.title).toBe('Developer');
    expect(grantFor(developer, prod).kubernetes).toBeUndefined();
    expect(grantFor(developer, staging).aws?.permissionSets).toEqual([
      'StagingDeveloper',
    ]);
    expect(grantFor(developer, dev).aws?.permissionSets).toEqual([
      'GroundworkDeveloper',
    ]);
    const scientist = catalogue.get('data-scientist');
    expect(scientist.github.teams).toEqual([{ slug: 'data', role: 'member' }]);
    expect(grantFor(scientist, staging).aws?.permissionSets).toEqual([
      'StagingDeveloper',
    ]);
  });

  it('reads personas from a YAML file, under app-config and over the defaults', () => {
    mockDir.setContent({
      'personas.yaml': [
        'personas:',
        '  ciso: null',
        '  auditor:',
        '    title: Auditor',
        '    description: Reads production.',
        '    privileged: true',
        '    environments:',
        '      production:',
        '        access: read',
        '        aws: { permissionSets: [Auditor] }',
      ].join('\n'),
    });
    const catalogue = load({
      personasFile: mockDir.resolve('personas.yaml'),
      personas: { auditor: { title: 'External auditor' } },
    });
    expect(catalogue.list().map(p => p.id)).toEqual([
      'developer',
      'sre',
      'devops',
      'it-admin',
      'auditor',
    ]);
    expect(catalogue.get('auditor').title).toBe('External auditor');
    expect(
      grantFor(catalogue.get('auditor'), prod).aws?.permissionSets,
    ).toEqual(['Auditor']);
    expect(grantFor(catalogue.get('auditor'), dev)).toEqual({
      environment: dev,
      access: 'none',
    });
  });

  it('points every error at the key that holds it', () => {
    expect(() =>
      load({
        personas: {
          developer: {
            environments: {
              production: { aws: { permisionSets: ['X'] } },
              prd: { access: 'read' },
            },
          },
          sre: { github: { teams: [{ slug: 'SRE Team', role: 'owner' }] } },
          newbie: { description: 'No title.' },
          copycat: { extends: 'nobody', title: 'x', description: 'y' },
        },
      }),
    ).toThrow(
      [
        'The persona catalogue is invalid:',
        '- groundwork.persona.personas.developer.environments.production.aws: Unrecognized key(s) in object: \'permisionSets\' ("permisionSets")',
        '- groundwork.persona.personas.developer.environments.prd: not an environment selector; use all, nonProduction, production or a configured environment (dev, staging, prod).',
        '- groundwork.persona.personas.sre.github.teams[0].slug: must be a GitHub team slug (lower-case letters, digits, - and _) or {team}',
        "- groundwork.persona.personas.sre.github.teams[0].role: Invalid enum value. Expected 'member' | 'maintainer', received 'owner'",
        '- groundwork.persona.personas.newbie.title: Required',
        '- groundwork.persona.personas.copycat.extends: there is no persona "nobody" (known: developer, sre, devops, it-admin, ciso, newbie, copycat).',
      ].join('\n'),
    );
  });

  it('names the file when the personas file is broken', () => {
    mockDir.setContent({
      'bad.yaml': 'personas:\n  sre:\n    privileged: maybe\n',
    });
    expect(() => load({ personasFile: mockDir.resolve('bad.yaml') })).toThrow(
      `${mockDir.resolve(
        'bad.yaml',
      )}: personas.sre.privileged: Expected boolean, received string`,
    );
    expect(() =>
      load({ personasFile: mockDir.resolve('missing.yaml') }),
    ).toThrow(/groundwork.persona.personasFile: cannot read .*missing.yaml/);
  });

  it('lists the valid personas for an unknown one', () => {
    expect(() => load({}).get('intern')).toThrow(
      'Unknown persona "intern"; valid personas are developer, sre, devops, it-admin, ciso.',
    );
  });

  it('keeps only the defaults it is asked for', () => {
    expect(
      load({ includeDefaultPersonas: ['developer', 'sre'] })
        .list()
        .map(p => p.id),
    ).toEqual(['developer', 'sre']);
    expect(() => load({ includeDefaultPersonas: ['dev'] })).toThrow(
      /includeDefaultPersonas must be true, false or a list of default personas \(developer, sre, devops, it-admin, ciso\); unknown: dev/,
    );
  });

  it('can start from an empty catalogue', () => {
    const catalogue = load({
      includeDefaultPersonas: false,
      personas: {
        reader: {
          title: 'Reader',
          description: 'Reads.',
          environments: { all: { argocd: { role: 'role:readonly' } } },
        },
      },
    });
    expect(catalogue.list().map(p => p.id)).toEqual(['reader']);
    // No access level given: counted as write, so production needs approval.
    const reader = catalogue.get('reader');
    expect(grantFor(reader, prod).access).toBe('write');
    expect(approvalReason(reader, [grantFor(reader, prod)])).toMatch(
      /write access to prod/,
    );
  });
});
