import {
  isPrerequisite,
  loadPrerequisites,
  parsePrerequisites,
} from './prerequisites';

const doc = `# Prerequisites

Some text.

| Kind | Name | Namespace | Environments | Provided by |
| --- | --- | --- | --- | --- |
| ClusterRole | \`view\` | - | \\* | Kubernetes |
| Secret | registry | build | dev, staging | The platform team |

After the table.
`;

describe('PREREQUISITES.md', () => {
  it('reads the rows of its table', () => {
    expect(parsePrerequisites(doc)).toEqual([
      {
        kind: 'ClusterRole',
        name: 'view',
        namespace: '',
        environments: ['*'],
        provider: 'Kubernetes',
      },
      {
        kind: 'Secret',
        name: 'registry',
        namespace: 'build',
        environments: ['dev', 'staging'],
        provider: 'The platform team',
      },
    ]);
  });

  it('refuses a document without the table, or a row without its provider', () => {
    expect(() => parsePrerequisites('# nothing')).toThrow(/has no table/);
    expect(() =>
      parsePrerequisites(
        '| Kind | Name | Namespace | Environments | Provided by |\n|---|---|---|---|---|\n| Secret | x | y | * | |\n',
      ),
    ).toThrow(/incomplete row/);
  });

  it('provides an object only in the environments its row names', () => {
    const list = parsePrerequisites(doc);
    expect(isPrerequisite(list, 'ClusterRole', 'view', '', 'prod')).toBe(true);
    expect(isPrerequisite(list, 'Secret', 'registry', 'build', 'dev')).toBe(
      true,
    );
    expect(isPrerequisite(list, 'Secret', 'registry', 'build', 'prod')).toBe(
      false,
    );
    expect(isPrerequisite(list, 'Secret', 'registry', 'other', 'dev')).toBe(
      false,
    );
  });

  it("parses the repository's own list", () => {
    expect(loadPrerequisites().length).toBeGreaterThan(0);
  });
});
