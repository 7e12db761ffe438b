import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { isValidModuleName, requireModuleFactoryConfig } from '../config';
import {
  changelogEntry,
  moduleFiles,
  prependChangelog,
} from '../lib/pullRequest';
import { compareVersions, parseVersion, tagFor } from '../lib/semver';
import { examples } from './preparePullRequest.examples';
import type { FactoryActionOptions } from './nextVersion';

/** Where the prepared tree goes inside the workspace. */
const STAGING = '.module-factory';

export function createModuleFactoryPreparePullRequestAction(
  options: FactoryActionOptions & { now?: () => Date },
) {
  return createTemplateAction({
    id: 'module-factory:prepare-pull-request',
    description:
      "Prepares a module release for the factory repository configured in moduleFactory: copies the module (without state, caches or tfvars) into a staging folder with its VERSION and a CHANGELOG entry prepended to the factory's, lists the files the release removes, and outputs everything publish:github:pull-request needs (repoUrl, branch, title, body, paths).",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        module: z =>
          z
            .string()
            .describe(
              "The module's folder name in the factory, e.g. aws-network.",
            ),
        path: z =>
          z
            .string()
            .default('.')
            .describe('Folder of the module, relative to the task workspace.'),
        version: z =>
          z
            .string()
            .describe(
              'The release version (from module-factory:next-version).',
            ),
        changeType: z =>
          z
            .enum(['breaking', 'feature', 'fix'])
            .describe('Kind of change: breaking, feature or fix.'),
        summary: z =>
          z
            .string()
            .min(1)
            .describe(
              'What changed, for the changelog and the pull request: one line per change.',
            ),
        report: z =>
          z
            .string()
            .optional()
            .describe(
              'Markdown report of module-factory:check, appended to the pull request body.',
            ),
      },
      output: {
        repoUrl: z =>
          z
            .string()
            .describe(
              'The factory repository as publish:github:pull-request takes it.',
            ),
        branchName: z =>
          z
            .string()
            .describe(
              'Branch of the pull request, e.g. module/aws-network/v1.3.0.',
            ),
        title: z => z.string().describe('Pull request title.'),
        description: z => z.string().describe('Pull request body (Markdown).'),
        sourcePath: z =>
          z.string().describe('Workspace folder holding the prepared module.'),
        targetPath: z =>
          z
            .string()
            .describe('Folder of the module in the factory repository.'),
        filesToDelete: z =>
          z
            .array(z.string())
            .describe(
              'Files of the released module that this version no longer has.',
            ),
        commitMessage: z => z.string().describe('Commit message.'),
        teamReviewers: z =>
          z
            .array(z.string())
            .describe('Teams asked to review (moduleFactory.teamReviewers).'),
        tag: z =>
          z
            .string()
            .describe(
              'The tag the release gets once merged, e.g. aws-network/v1.3.0.',
            ),
      },
    },
    async handler(ctx) {
      const factory = requireModuleFactoryConfig(options.factory);
      const { module, version, changeType, summary, report } = ctx.input;
      if (!isValidModuleName(module)) {
        throw new InputError(
          `"${module}" is not a valid module name: use lower-case letters, digits and '-', e.g. aws-network.`,
        );
      }
      const parsed = parseVersion(version);
      if (!parsed) {
        throw new InputError(
          `"${version}" is not a release version (X.Y.Z); take it from module-factory:next-version.`,
        );
      }
      const modulePath = ctx.input.path ?? '.';
      const dir = resolveSafeChildPath(ctx.workspacePath, modulePath);
      const files = (await moduleFiles(dir)).filter(
        f => !f.startsWith(`${STAGING}/`),
      );
      if (files.length === 0)
        throw new InputError(`${modulePath} holds no files to publish.`);

      const repository = await options.openRepository(factory);
      let factoryState: {
        released?: string;
        changelog?: string;
        files: string[];
      };
      try {
        factoryState = {
          released: (
            await repository.readFile(`${module}/VERSION`, ctx.signal)
          )?.trim(),
          changelog: await repository.readFile(
            `${module}/CHANGELOG.md`,
            ctx.signal,
          ),
          files: await repository.listFiles(module, ctx.signal),
        };
      } catch (e) {
        if (!ctx.isDryRun) throw e;
        // Reading changes nothing, but the editor's "try it" may have no
        // GitHub access: say so and prepare as for a new module.
        ctx.logger.warn(
          `Dry run: could not read ${module} from ${factory.webUrl} (${
            (e as Error).message
          }); prepared as if the factory did not have it yet.`,
        );
        factoryState = { files: [] };
      }
      const { released, changelog: existingChangelog } = factoryState;
      const existingFiles = factoryState.files;
      const releasedVersion = released ? parseVersion(released) : undefined;
      if (releasedVersion && compareVersions(parsed, releasedVersion) <= 0) {
        throw new ConflictError(
          `${module} is already at ${released} on ${factory.baseBranch} of ${factory.webUrl}; ${version} is not newer. Run module-factory:next-version again (someone released in the meantime).`,
        );
      }

      const staging = resolveSafeChildPath(
        ctx.workspacePath,
        path.posix.join(STAGING, module),
      );
      await fs.rm(staging, { recursive: true, force: true });
      for (const f of files) {
        const target = path.join(staging, f);
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.copyFile(path.join(dir, f), target);
      }
      const date = (options.now?.() ?? new Date()).toISOString().slice(0, 10);
      await fs.writeFile(path.join(staging, 'VERSION'), `${version}\n`);
      await fs.writeFile(
        path.join(staging, 'CHANGELOG.md'),
        prependChangelog(
          existingChangelog,
          module,
          changelogEntry(version, changeType, summary, date),
        ),
      );
      // publish:github:pull-request joins these with targetPath (the module folder).
      const published = new Set([...files, 'VERSION', 'CHANGELOG.md']);
      const filesToDelete = existingFiles
        .map(f => f.slice(module.length + 1))
        .filter(f => !published.has(f))
        .sort();

      const tag = tagFor(module, version);
      const title = `${module} ${version}: ${summary
        .trim()
        .split('\n')[0]
        .replace(/^- /, '')}`.slice(0, 120);
      const description = [
        `Releases **${module} ${version}** (${changeType}${
          released ? `, after ${released}` : ', first release'
        }).`,
        '',
        summary.trim(),
        '',
        `Once merged, the factory's release workflow tags \`${tag}\`; callers then use`,
        '',
        '```hcl',
        `source = "${factory.gitUrl}//${module}?ref=${tag}"`,
        '```',
        '',
        ...(filesToDelete.length
          ? [
              'Removed files:',
              '',
              ...filesToDelete.map(f => `- \`${module}/${f}\``),
              '',
            ]
          : []),
        report ??
          '_module-factory:check did not report; run it before this step._',
      ].join('\n');

      ctx.logger.info(
        `Prepared ${files.length} files of ${module} ${version} for ${factory.webUrl} (${filesToDelete.length} to delete)`,
      );
      ctx.output('repoUrl', factory.repoUrl);
      ctx.output('branchName', `module/${module}/v${version}`);
      ctx.output('title', title);
      ctx.output('description', description);
      ctx.output('sourcePath', path.posix.join(STAGING, module));
      ctx.output('targetPath', module);
      // A fresh array: the list derives from a fetched response, and where
      // fetch runs in another realm (Jest's sandbox) its arrays carry another
      // Array.prototype, which the scaffolder refuses to template with.
      ctx.output('filesToDelete', [...filesToDelete]);
      ctx.output(
        'commitMessage',
        `${module}: release ${version}\n\n${summary.trim()}`,
      );
      ctx.output('teamReviewers', factory.teamReviewers);
      ctx.output('tag', tag);
    },
  });
}
