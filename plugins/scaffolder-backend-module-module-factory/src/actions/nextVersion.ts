import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ModuleFactoryConfig,
  isValidModuleName,
  requireModuleFactoryConfig,
} from '../config';
import type { FactoryRepository } from '../lib/factoryRepository';
import { nextVersion } from '../lib/semver';
import { examples } from './nextVersion.examples';

export interface FactoryActionOptions {
  factory?: ModuleFactoryConfig;
  /** Opens the factory repository with the portal's GitHub integration. */
  openRepository: (factory: ModuleFactoryConfig) => Promise<FactoryRepository>;
}

export function createModuleFactoryNextVersionAction(
  options: FactoryActionOptions,
) {
  return createTemplateAction({
    id: 'module-factory:next-version',
    description:
      "Picks a module's next semantic version from the kind of change and the module's release tags (<module>/vX.Y.Z) in the factory repository: breaking raises the major, feature the minor, fix the patch; the first release is 1.0.0.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        module: z =>
          z
            .string()
            .describe(
              "The module's folder name in the factory, e.g. aws-network; its tags are <module>/vX.Y.Z.",
            ),
        changeType: z =>
          z
            .enum(['breaking', 'feature', 'fix'])
            .describe(
              'breaking (callers must change), feature (new inputs or outputs, compatible), or fix.',
            ),
        existingTags: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              "Tags to decide from instead of reading the factory's (for tests and the template editor).",
            ),
      },
      output: {
        version: z => z.string().describe('The next version, e.g. 1.3.0.'),
        previousVersion: z =>
          z
            .string()
            .optional()
            .describe(
              'The latest released version; absent for a first release.',
            ),
        tag: z =>
          z
            .string()
            .describe('The tag the release will get, e.g. aws-network/v1.3.0.'),
      },
    },
    async handler(ctx) {
      const { module, changeType, existingTags } = ctx.input;
      if (!isValidModuleName(module)) {
        throw new InputError(
          `"${module}" is not a valid module name: use lower-case letters, digits and '-', e.g. aws-network.`,
        );
      }
      let tags = existingTags;
      if (!tags) {
        const factory = requireModuleFactoryConfig(options.factory);
        const repository = await options.openRepository(factory);
        try {
          tags = await repository.listModuleTags(module, ctx.signal);
        } catch (e) {
          if (!ctx.isDryRun) throw e;
          // Reading changes nothing, but the editor's "try it" may have no
          // GitHub access: say so and decide as for a first release.
          ctx.logger.warn(
            `Dry run: could not read the tags of ${module} (${
              (e as Error).message
            }); the version below assumes a first release.`,
          );
          tags = [];
        }
      }
      const next = nextVersion(module, changeType, tags);
      for (const t of next.ignoredTags) {
        ctx.logger.warn(
          `Ignored tag ${t}: not a release version (<module>/vX.Y.Z).`,
        );
      }
      ctx.logger.info(
        next.previousVersion
          ? `${module}: ${next.previousVersion} -> ${next.version} (${changeType})`
          : `${module}: first release ${next.version}`,
      );
      ctx.output('version', next.version);
      if (next.previousVersion)
        ctx.output('previousVersion', next.previousVersion);
      ctx.output('tag', next.tag);
    },
  });
}
