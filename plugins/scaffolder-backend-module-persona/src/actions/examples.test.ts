import { createMockDirectory } from '@backstage/backend-test-utils';
import yaml from 'yaml';
import { createHarness, Harness } from '../__testUtils__/harness';
import { examples as offboardExamples } from './offboard.examples';
import { examples as onboardExamples } from './onboard.examples';

/** The persona step of an example template, as the scaffolder would run it. */
function personaStep(example: string) {
  const { steps } = yaml.parse(example);
  return steps.find((s: any) => s.action.startsWith('persona:'));
}

// The first test loads GitHub's 10 MB OpenAPI description (or spawns Node).
jest.setTimeout(30_000);

describe('the documented examples', () => {
  const mockDir = createMockDirectory();
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness({ workspace: mockDir.resolve('ws') });
    h.standIn.state.addUser({ login: 'ada-lovelace' });
    h.standIn.state.addUser({ login: 'grace-hopper' });
  });

  afterEach(async () => {
    await h.stop();
    mockDir.clear();
  });

  it.each(onboardExamples.map(e => [e.description, e.example]))(
    'onboard: %s',
    async (_description, example) => {
      const step = personaStep(example);
      const { output, error } = await h.run('onboard', step.input, {
        // The SRE example grants production write: run it as an approver.
        initiator: 'user:default/radia.perlman',
      });
      expect(error).toBeUndefined();
      expect(output.complete).toBe(true);
      expect(output.files.length).toBeGreaterThan(0);
      const outputDir = step.input.outputDir ?? '.';
      for (const file of output.files) {
        expect(h.files()).toContain(
          `${outputDir === '.' ? '' : `${outputDir}/`}${file}`,
        );
      }
      h.standIn.assertNoViolations();
    },
  );

  it.each(offboardExamples.map(e => [e.description, e.example]))(
    'offboard: %s',
    async (_description, example) => {
      const step = personaStep(example);
      await h.run('onboard', {
        ...step.input,
        person: { ...step.input.person, name: 'Ada Lovelace' },
        startDate: '2026-01-05',
      });
      const { output, error } = await h.run('offboard', step.input);
      expect(error).toBeUndefined();
      expect(output.filesToDelete).toContain(
        `catalog/users/${step.input.person.githubLogin}.yaml`,
      );
      // The pull request step reads the output the example names.
      const pr = yaml
        .parse(example)
        .steps.find((s: any) => s.action === 'publish:github:pull-request');
      expect(pr.input.filesToDelete).toBe(
        '${{ steps.offboard.output.filesToDelete }}',
      );
      h.standIn.assertNoViolations();
    },
  );
});
